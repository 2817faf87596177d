package io.github.vedirect.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.logging.LogCapture;
import io.github.vedirect.mqtt.HomeAssistantDiscovery;
import io.github.vedirect.mqtt.OwnBroker;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alarms on MQTT through the real logger and a real broker (Mosquitto): what a Home Assistant subscribed to the
 * discovery prefix and the logger's topics receives. Per-run prefixes: the broker is shared with other test runs.
 */
class AlarmMqttTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message as Home Assistant got it. */
    record Received(String topic, String payload, boolean retained, int qos) {
    }

    @TempDir
    Path dir;

    private final String run = "t" + System.currentTimeMillis() + "-" + ProcessHandle.current().pid();
    private final String prefix = "vedirect/" + run;
    private final String discovery = "homeassistant-" + run;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private String broker;
    private MqttClient homeAssistant;

    @BeforeEach
    void subscribe() throws Exception {
        broker = Servers.mqtt();
        homeAssistant = new MqttClient(broker, "vedirect-alarm-ha-" + run, new MemoryPersistence());
        homeAssistant.connect();
        MqttSubscription[] subscriptions = {new MqttSubscription(discovery + "/#", 2), new MqttSubscription(prefix + "/#", 2)};
        for (MqttSubscription s : subscriptions) {
            s.setRetainAsPublished(true);
        }
        IMqttMessageListener listener = (topic, m) -> received.add(new Received(topic,
                new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained(), m.getQos()));
        homeAssistant.subscribe(subscriptions, new IMqttMessageListener[] {listener, listener});
    }

    @AfterEach
    void clean() throws Exception {
        // Leave no retained configs or states behind on a shared broker.
        for (String topic : received.stream().filter(Received::retained).map(Received::topic).distinct().toList()) {
            MqttMessage empty = new MqttMessage(new byte[0]);
            empty.setRetained(true);
            empty.setQos(1);
            homeAssistant.publish(topic, empty);
        }
        homeAssistant.disconnect();
        homeAssistant.close();
    }

    @Test
    void eachAlarmIsAnEventARetainedStateAndAProblemBinarySensorOfTheDevice() throws Exception {
        try (TcpDevice house = new TcpDevice(AlarmsTest.monitor());
             AlarmRun logger = new AlarmRun(dir.resolve("a.csv"), settings(house))) {
            String serial = prefix.replace('/', '_') + "_house";
            String node = HomeAssistantDiscovery.nodeId(serial);
            String config = discovery + "/binary_sensor/" + node + "/alarm_low-soc/config";
            String state = prefix + "/house/alarm/low-soc";
            await("the low-soc binary_sensor and its state OFF", () -> last(config) != null && "OFF".equals(payload(state)));

            JsonNode lowSoc = JSON.readTree(last(config).payload());
            assertEquals("problem", lowSoc.get("device_class").asText());
            assertEquals(state, lowSoc.get("state_topic").asText());
            assertEquals(node + "_alarm_low-soc", lowSoc.get("unique_id").asText(), "from the serial, as every entity's");
            assertEquals(prefix + "/availability", lowSoc.get("availability_topic").asText(), "the logger's will only");
            assertFalse(lowSoc.has("expire_after"), "no-data must show ON while the device is silent, not unavailable");
            assertTrue(last(config).retained() && last(state).retained());
            // In the device's HA device: the identifiers of its other entities.
            JsonNode soc = JSON.readTree(last(discovery + "/sensor/" + node + "/soc/config").payload());
            assertEquals(soc.get("device").get("identifiers"), lowSoc.get("device").get("identifiers"));
            assertEquals(node + "_soc", soc.get("unique_id").asText());
            // The built-in alarms whose field the monitor sends, and no-data; a monitor sends no ERR.
            for (String alarm : List.of("device-alarm", "no-data")) {
                String topic = discovery + "/binary_sensor/" + node + "/alarm_" + alarm + "/config";
                // Each alarm's config, then its state (AlarmPublisher.announce): the config alone does not say the
                // state is there yet.
                String stateTopic = prefix + "/house/alarm/" + alarm;
                await(alarm + "'s binary_sensor and its state", () -> last(topic) != null && payload(stateTopic) != null);
                assertEquals("problem", JSON.readTree(last(topic).payload()).get("device_class").asText());
                assertEquals("OFF", payload(stateTopic));
            }
            assertTrue(received.stream().noneMatch(r -> r.topic().contains("/alarm_error/")), "no error alarm for a monitor");

            house.set("SOC", "450");
            logger.awaitMessage("house low-soc raised", LIMIT);
            await("the raised event and the state ON", () -> events().size() == 1 && "ON".equals(payload(state)));
            house.set("SOC", "600");
            await("the cleared event and the state OFF", () -> events().size() == 2 && "OFF".equals(payload(state)));

            JsonNode raised = JSON.readTree(events().get(0).payload());
            assertEquals("low-soc", raised.get("alarm").asText());
            assertEquals("raised", raised.get("state").asText());
            assertEquals("SOC 45 %", raised.get("value").asText());
            assertFalse(raised.get("reminder").asBoolean());
            assertEquals("house: low-soc raised (SOC 45 %)", raised.get("text").asText());
            Instant since = Instant.parse(raised.get("since").asText());
            JsonNode cleared = JSON.readTree(events().get(1).payload());
            assertEquals("cleared", cleared.get("state").asText());
            assertEquals(since, Instant.parse(cleared.get("since").asText()));
            assertTrue(cleared.get("text").asText().startsWith("house: low-soc cleared after "), cleared.toString());
            assertTrue(events().stream().allMatch(e -> !e.retained() && e.qos() == 1), "events: not retained, at mqtt.qos");
            assertTrue(received.stream().filter(r -> r.topic().equals(state)).allMatch(r -> r.retained() && r.qos() == 1));
        }
    }

    /** A logger restarted during an alarm sends its state ON again with the entities, and no second event. */
    @Test
    void aRestartDuringAnAlarmSendsTheStateAgainAndNoSecondEvent() throws Exception {
        String state = prefix + "/house/alarm/low-soc";
        try (TcpDevice house = new TcpDevice(AlarmsTest.monitor())) {
            try (AlarmRun logger = new AlarmRun(dir.resolve("a.csv"), settings(house))) {
                logger.judged("house", "SOC", "800");
                house.set("SOC", "450");
                await("the raised event and the state ON", () -> events().size() == 1 && "ON".equals(payload(state)));
            }
            int before = received.size();
            try (AlarmRun logger = new AlarmRun(dir.resolve("a.csv"), settings(house))) {
                await("the state sent again after the restart", () -> received.stream().skip(before)
                        .anyMatch(r -> r.topic().equals(state)));
                logger.judged("house", "SOC", "450");
                assertEquals("ON", payload(state), "still raised");
                assertEquals(1, events().size(), "no second raised event: " + events());
                assertTrue(logger.messages.isEmpty(), "nothing on seda:alarms: " + logger.briefs());
            }
        }
    }

    /**
     * The broker away while an alarm is raised and cleared: one warning, nothing held up, and once it is back the
     * alarm's newest event only (cleared) and its state OFF. Home Assistant's session is a persistent one, so that it
     * gets what was published before it reconnected.
     */
    @Test
    void aBrokerAwayGetsTheNewestEventOnceBack() throws Exception {
        try (OwnBroker own = new OwnBroker(dir.resolve("broker")); TcpDevice house = new TcpDevice(AlarmsTest.monitor());
             LogCapture log = new LogCapture()) {
            own.start();
            broker = own.url();
            MqttClient ha = new MqttClient(broker, "vedirect-alarm-ha-own-" + run, new MemoryPersistence());
            MqttConnectionOptions session = new MqttConnectionOptions();
            session.setCleanStart(false);
            session.setSessionExpiryInterval(600L);
            ha.connect(session);
            IMqttMessageListener listener = (topic, m) -> received.add(new Received(topic,
                    new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained(), m.getQos()));
            ha.subscribe(new MqttSubscription[] {new MqttSubscription(prefix + "/#", 1)}, new IMqttMessageListener[] {listener});
            String state = prefix + "/house/alarm/low-soc";
            try (AlarmRun logger = new AlarmRun(dir.resolve("a.csv"), settings(house))) {
                await("the state OFF", () -> "OFF".equals(payload(state)));
                ha.disconnect();
                own.stop();
                house.set("SOC", "450");
                logger.awaitMessage("house low-soc raised", LIMIT);
                house.set("SOC", "600");
                logger.awaitMessage("house low-soc cleared", LIMIT);
                int before = received.size();
                own.start();
                ha.connect(session);
                await("the cleared event and the state OFF once the broker is back", () -> events().size() == 1
                        && received.stream().skip(before).anyMatch(r -> r.topic().equals(state) && !r.retained()));
                assertEquals("cleared", JSON.readTree(events().get(0).payload()).get("state").asText(), "the newest only");
                assertEquals("OFF", payload(state));
                assertEquals(1, log.count("MQTT broker " + broker + " unreachable"), log.lines().toString());
            } finally {
                if (ha.isConnected()) {
                    ha.disconnect();
                }
                ha.close();
            }
        }
    }

    private Map<String, String> settings(TcpDevice house) {
        Map<String, String> settings = AlarmRun.lowSocSettings(house);
        settings.put("mqtt.broker", broker);
        settings.put("mqtt.topic", prefix);
        settings.put("mqtt.discovery", discovery);
        settings.put("mqtt.qos", "1");
        return settings;
    }

    private List<Received> events() {
        return received.stream().filter(r -> r.topic().equals(prefix + "/house/alarm")).toList();
    }

    private Received last(String topic) {
        Received last = null;
        for (Received r : received) {
            if (r.topic().equals(topic)) {
                last = r;
            }
        }
        return last;
    }

    private String payload(String topic) {
        Received last = last(topic);
        return last == null ? null : last.payload();
    }

    private void await(String what, java.util.function.BooleanSupplier condition) {
        AlarmRun.await(what + " (received: " + received.size() + " messages)", LIMIT, condition);
    }
}
