package io.github.vedirect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.Await;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.logging.LogCapture;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import io.github.vedirect.hex.FlashWriteGuard;
import io.github.vedirect.logger.RunningLogger;
import io.github.vedirect.settings.LoggerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mqtt.control} end to end: the logger's real Camel Main reading a simulated SmartSolar MPPT 100/20 (which
 * answers HEX, 0x2015 included, rated 20 A), a real broker (Mosquitto from .ci/services.sh), and a client playing
 * Home Assistant. The device's register is checked with a HEX get of its own through the logger's connection, not
 * by trusting what the control topic says; the load output's state by the LOAD field of the device's own text.
 */
class MqttControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexRegister LIMIT = HexRegisters.byId(HexRegisters.CHARGE_CURRENT_LIMIT).orElseThrow();
    private static final HexRegister LOAD = HexRegisters.byId(HexRegisters.LOAD_OUTPUT_CONTROL).orElseThrow();

    @TempDir
    Path dir;

    private final String run = Long.toString(System.currentTimeMillis());
    private final String prefix = "vedirect/ctl" + run;
    private final String discovery = "hactl" + run;
    /** Every message seen, in order, per topic; retained ones are cleared after the test. */
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private MqttClient homeAssistant;

    @BeforeEach
    void forgetFlashWrites() {
        // The flash guard is process-wide; each test's simulated charger is a new one on the same port name.
        FlashWriteGuard.reset(null);
    }

    private RunningLogger start(boolean control) throws Exception {
        return start(control, "simulator:mppt?blockInterval=100");
    }

    private RunningLogger start(boolean control, String port) throws Exception {
        String broker = Servers.mqtt();
        homeAssistant = new MqttClient(broker, "vedirect-ctl-ha-" + run, new MemoryPersistence());
        homeAssistant.connect();
        // Paho 5's subscribe(topic, qos, listener) calls itself forever; the array form works.
        IMqttMessageListener listener = this::record;
        homeAssistant.subscribe(new MqttSubscription[] {new MqttSubscription(prefix + "/#", 1),
                new MqttSubscription(discovery + "/#", 1)}, new IMqttMessageListener[] {listener, listener});
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "vedirect.port", port, "vedirect.interval", "0.5",
                "mqtt.broker", broker, "mqtt.topic", prefix, "mqtt.discovery", discovery));
        if (control) {
            settings.put("mqtt.control", "true");
        }
        return new RunningLogger(dir.resolve("d.csv"), settings);
    }

    private void record(String topic, MqttMessage message) {
        received.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    private List<String> on(String topic) {
        return received.getOrDefault(topic, List.of());
    }

    private void command(String value) throws Exception {
        command("charge_current_limit", value);
    }

    private void command(String control, String value) throws Exception {
        // As Home Assistant sends it: plain text, not retained.
        MqttMessage message = new MqttMessage(value.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        homeAssistant.publish(prefix + "/default/set/" + control, message);
    }

    /** The LOAD field of the newest state the logger published, as the device's text stream has it. */
    private String loadInLastState() {
        List<String> states = on(prefix + "/default/state");
        try {
            return states.isEmpty() ? null : JSON.readTree(states.get(states.size() - 1)).path("LOAD").asText(null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static BigDecimal deviceLimit(RunningLogger logger) {
        return logger.bean("devices", Devices.class).get(LoggerSettings.DEFAULT_NAME, LIMIT).number();
    }

    @Test
    void aCommandChangesTheDeviceAndIsEchoedOnlyOnceConfirmed() throws Exception {
        String state = prefix + "/default/control/charge_current_limit";
        try (LogCapture log = new LogCapture(); RunningLogger logger = start(true)) {
            Await.until("the number's config", Duration.ofSeconds(15), () -> received.keySet().stream()
                    .anyMatch(t -> t.startsWith(discovery + "/number/") && t.endsWith("/charge_current_limit/config")));
            String configTopic = received.keySet().stream().filter(t -> t.startsWith(discovery + "/number/")).findFirst().orElseThrow();
            JsonNode config = JSON.readTree(on(configTopic).get(0));
            assertEquals(prefix + "/default/set/charge_current_limit", config.get("command_topic").asText());
            assertEquals(state, config.get("state_topic").asText());
            assertEquals(0, config.get("min").decimalValue().signum());
            assertEquals(0, new BigDecimal("100").compareTo(config.get("max").decimalValue()), config.toString());
            assertEquals(0, new BigDecimal("0.1").compareTo(config.get("step").decimalValue()), config.toString());
            assertEquals("A", config.get("unit_of_measurement").asText());
            assertEquals("box", config.get("mode").asText());
            assertEquals(2, config.get("availability").size());
            // One number; the load output is the one select (the next test).
            assertEquals(1, received.keySet().stream().filter(t -> t.startsWith(discovery + "/number/")).count());
            Await.until("the select's config", Duration.ofSeconds(10), () -> received.keySet().stream()
                    .anyMatch(t -> t.startsWith(discovery + "/select/")));
            assertEquals(1, received.keySet().stream().filter(t -> t.startsWith(discovery + "/select/")
                    || t.startsWith(discovery + "/switch/")).count());

            // The device's own value first: the simulated 100/20 starts at its rating.
            Await.until("the device's limit", Duration.ofSeconds(10), () -> !on(state).isEmpty());
            assertEquals("20.0", on(state).get(0));

            command("12.5");
            Await.until("12.5 confirmed", Duration.ofSeconds(10), () -> on(state).contains("12.5"));
            assertEquals(0, new BigDecimal("12.5").compareTo(deviceLimit(logger)));

            // Above the catalogue's range: refused before anything is sent; the device's value is published again.
            int before = on(state).size();
            command("150");
            Await.until("the real value again", Duration.ofSeconds(10), () -> on(state).size() > before);
            assertEquals("12.5", on(state).get(on(state).size() - 1));
            assertEquals(0, new BigDecimal("12.5").compareTo(deviceLimit(logger)));
            assertEquals(1, log.count("charge current limit '150' refused"), String.join("\n", log.lines()));

            // In the catalogue's range but above the 100/20's rating: the device itself says no.
            int before2 = on(state).size();
            command("50");
            Await.until("the real value again", Duration.ofSeconds(10), () -> on(state).size() > before2);
            assertEquals("12.5", on(state).get(on(state).size() - 1));
            assertEquals(0, new BigDecimal("12.5").compareTo(deviceLimit(logger)));
            assertEquals(1, log.count("charge current limit '50' refused"), String.join("\n", log.lines()));

            // Not a number.
            int before3 = on(state).size();
            command("lots");
            Await.until("the real value again", Duration.ofSeconds(10), () -> on(state).size() > before3);
            assertEquals(1, log.count("charge current limit 'lots' refused"), String.join("\n", log.lines()));
            assertFalse(on(state).contains("50") || on(state).contains("150") || on(state).contains("50.0"), on(state).toString());
        }
    }

    @Test
    void theLoadOutputIsASelectConfirmedByTheDeviceAndChangedOnceAnHour() throws Exception {
        String state = prefix + "/default/control/load_output";
        try (LogCapture log = new LogCapture(); RunningLogger logger = start(true)) {
            Await.until("the select's config", Duration.ofSeconds(15), () -> received.keySet().stream()
                    .anyMatch(t -> t.startsWith(discovery + "/select/") && t.endsWith("/load_output/config")));
            String configTopic = received.keySet().stream().filter(t -> t.startsWith(discovery + "/select/")).findFirst().orElseThrow();
            JsonNode config = JSON.readTree(on(configTopic).get(0));
            assertEquals(prefix + "/default/set/load_output", config.get("command_topic").asText());
            assertEquals(state, config.get("state_topic").asText());
            List<String> options = new java.util.ArrayList<>();
            config.get("options").forEach(option -> options.add(option.asText()));
            assertEquals(List.copyOf(LOAD.codes().values()), options);
            assertTrue(config.get("name").asText().contains("at most once an hour"), config.toString());
            assertEquals("select.default_load_output", config.get("default_entity_id").asText());
            String attributes = config.get("json_attributes_topic").asText();
            Await.until("the note", Duration.ofSeconds(5), () -> !on(attributes).isEmpty());
            assertTrue(JSON.readTree(on(attributes).get(0)).get("note").asText().contains("at most one change an hour"));

            // The simulated charger starts in its factory mode, with its load output on (a charged battery at start).
            Await.until("the device's mode", Duration.ofSeconds(10), () -> !on(state).isEmpty());
            assertEquals("automatic", on(state).get(0));
            Await.until("LOAD ON in the text", Duration.ofSeconds(10), () -> "ON".equals(loadInLastState()));

            command("load_output", "off");
            Await.until("off confirmed", Duration.ofSeconds(10), () -> on(state).contains("off"));
            assertEquals(0L, logger.bean("devices", Devices.class).get(LoggerSettings.DEFAULT_NAME, LOAD).raw());
            // The device's own text stream says the output is off now.
            Await.until("LOAD OFF in the text", Duration.ofSeconds(10), () -> "OFF".equals(loadInLastState()));

            // Within the hour: refused before anything is written, and the real mode published again.
            int before = on(state).size();
            command("load_output", "on");
            Await.until("the real mode again", Duration.ofSeconds(10), () -> on(state).size() > before);
            assertEquals("off", on(state).get(on(state).size() - 1));
            assertEquals(0L, logger.bean("devices", Devices.class).get(LoggerSettings.DEFAULT_NAME, LOAD).raw());
            assertFalse(on(state).contains("on"), on(state).toString());
            List<String> refusals = log.lines().stream().filter(line -> line.contains("0xEDAB")
                    && line.contains("not again before")).toList();
            assertEquals(1, refusals.size(), String.join("\n", log.lines()));
            assertTrue(refusals.get(0).startsWith("WARN 0xEDAB loadOutputControl: kept in flash"), refusals.get(0));
            assertEquals(0, log.count("load output 'on' refused"), "one line, the flash guard's: " + log.lines());
            // Text blocks went on: LOAD still OFF.
            int states = on(prefix + "/default/state").size();
            Await.until("two more states", Duration.ofSeconds(10), () -> on(prefix + "/default/state").size() >= states + 2);
            assertEquals("OFF", loadInLastState());

            // Not a mode: refused with a line of its own, nothing sent.
            int before2 = on(state).size();
            command("load_output", "dim");
            Await.until("the real mode again", Duration.ofSeconds(10), () -> on(state).size() > before2);
            assertEquals(1, log.count("load output 'dim' refused"), String.join("\n", log.lines()));
        }
    }

    @Test
    void aBatteryMonitorHasNoLoadOutputSelect() throws Exception {
        try (LogCapture log = new LogCapture(); RunningLogger logger = start(true, "simulator:bmv712?blockInterval=100")) {
            Await.until("a state", Duration.ofSeconds(15), () -> !on(prefix + "/default/state").isEmpty());
            // The BMV-712 answers HEX: asked for the charge current limit, it says it has none.
            Await.until("the BMV asked", Duration.ofSeconds(10), () -> log.count("offers no charge current limit") == 1);
            int states = on(prefix + "/default/state").size();
            Await.until("three more states", Duration.ofSeconds(10), () -> on(prefix + "/default/state").size() >= states + 3);
            assertTrue(received.keySet().stream().noneMatch(t -> t.contains("/select/") || t.contains("/number/")
                    || t.contains("/control/")), received.keySet().toString());
            // No LOAD in its text: the load output is never asked for.
            assertEquals(0, log.count("has a load output") + log.count("offers no load output"), String.join("\n", log.lines()));
        }
    }

    @Test
    void controlIsOffByDefault() throws Exception {
        try (RunningLogger logger = start(false)) {
            Await.until("a state", Duration.ofSeconds(15), () -> !on(prefix + "/default/state").isEmpty());
            BigDecimal limit = deviceLimit(logger);
            command("7.5");
            // The set would take well under a second through the simulator; three states later it would show.
            int states = on(prefix + "/default/state").size();
            Await.until("three more states", Duration.ofSeconds(10), () -> on(prefix + "/default/state").size() >= states + 3);
            assertEquals(0, limit.compareTo(deviceLimit(logger)), "the device's limit was changed with control off");
            assertTrue(received.keySet().stream().noneMatch(t -> t.contains("/number/") || t.contains("/control/")),
                    received.keySet().toString());
        }
    }

    @AfterEach
    void clearRetained() throws Exception {
        if (homeAssistant == null) {
            return;
        }
        for (String topic : received.keySet()) {
            MqttMessage empty = new MqttMessage(new byte[0]);
            empty.setRetained(true);
            InFlightWindow.publish(homeAssistant, topic, empty);
        }
        homeAssistant.disconnect();
        homeAssistant.close();
    }
}
