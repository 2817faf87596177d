package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.destinations.Servers;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The destinations of issue 12 wired into the packaged logger, against real servers (.ci/services.sh): MQTT with
 * Home Assistant discovery on Mosquitto, InfluxDB line protocol on VictoriaMetrics, the Prometheus endpoint, and
 * route files that are broken next to the shipped ones.
 */
class DestinationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "simulator:bmv702?blockInterval=100";

    /**
     * Home Assistant's rules per device_class (home-assistant-mqtt.md, section 3): the units it accepts and the
     * state classes that make sense. A config outside them is refused (units, since 2025.7) or warned about.
     */
    private static final Map<String, List<Set<String>>> HA_RULES = Map.of(
            "voltage", List.of(Set.of("V", "mV"), Set.of("measurement")),
            "current", List.of(Set.of("A", "mA"), Set.of("measurement")),
            "power", List.of(Set.of("W", "kW"), Set.of("measurement", "")),
            "energy", List.of(Set.of("Wh", "kWh", "MWh"), Set.of("total", "total_increasing", "")),
            "battery", List.of(Set.of("%"), Set.of("measurement")),
            "duration", List.of(Set.of("d", "h", "min", "s", "ms"), Set.of("measurement", "total", "total_increasing")),
            "temperature", List.of(Set.of("°C", "°F", "K"), Set.of("measurement")),
            "enum", List.of(Set.of(""), Set.of("")));

    private final List<LoggerProcess> loggers = new ArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();
    private Process ownBroker;
    private SequencedDevice device;

    @AfterEach
    void cleanUp() throws Exception {
        loggers.forEach(LoggerProcess::close);
        if (device != null) {
            device.close();
        }
        for (MqttClient client : clients) {
            try {
                client.disconnectForcibly(1000);
                client.close(true);
            } catch (Exception ignored) {
                // Gone with its broker.
            }
        }
        if (ownBroker != null) {
            ownBroker.destroyForcibly().waitFor();
        }
    }

    /** Every message on these topics, newest per topic, and all of them in order. */
    private static final class Received {
        final Map<String, String> newest = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> all = new ConcurrentLinkedQueue<>();
    }

    private Received subscribe(String broker, String... topics) throws Exception {
        MqttClient client = new MqttClient(broker, "it-" + ThreadLocalRandom.current().nextInt(1 << 30), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(true);
        // Paho 1.2.5 reads only the maximum delay (see MqttConnection): the test's client tries every second.
        options.setMaxReconnectDelay(1000);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(600L);
        Received received = new Received();
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) { }
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) { }
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                received.newest.put(topic, payload);
                received.all.add(topic + " " + payload);
            }
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) { }
            public void connectComplete(boolean reconnect, String uri) {
                if (reconnect) {
                    try {
                        client.subscribe(topics, new int[topics.length]);
                    } catch (Exception ignored) {
                        // The next reconnect tries again.
                    }
                }
            }
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) { }
        });
        client.connect(options);
        client.subscribe(topics, new int[topics.length]);
        clients.add(client);
        return received;
    }

    private static String prefix() {
        return "vedirect/it" + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    private LoggerProcess start(String name, Map<String, String> settings) throws IOException {
        LoggerProcess logger = LoggerProcess.start(LoggerProcess.newWorkDir(name), settings);
        loggers.add(logger);
        return logger;
    }

    @Test
    void mqttStateDiscoveryAvailabilityAndTheLastWillOfAKilledLogger() throws Exception {
        String broker = Servers.mqtt();
        String prefix = prefix();
        String discovery = "ha" + ThreadLocalRandom.current().nextInt(1_000_000);
        Received received = subscribe(broker, prefix + "/#", discovery + "/#");
        LoggerProcess logger = start("mqtt", Map.of("vedirect.port", DEVICE, "vedirect.interval", "0.5",
                "mqtt.broker", broker, "mqtt.topic", prefix, "mqtt.discovery", discovery));
        // The alarms' configs go out after the device's state (StatePublisher.send): the state alone does not say
        // they are there yet, so they are waited for by name.
        E2e.await("state, availability, configs and the alarms' configs", Duration.ofSeconds(30), () ->
                received.newest.containsKey(prefix + "/default/state")
                        && "online".equals(received.newest.get(prefix + "/default/availability"))
                        && "online".equals(received.newest.get(prefix + "/availability"))
                        && received.newest.keySet().stream().filter(t -> t.startsWith(discovery + "/")).count() >= 10
                        && received.newest.keySet().stream()
                                .filter(t -> t.startsWith(discovery + "/") && t.contains("/alarm_")).count() >= 2);

        JsonNode state = JSON.readTree(received.newest.get(prefix + "/default/state"));
        assertTrue(state.get("V").isNumber() && state.get("V").asDouble() > 9 && state.get("V").asDouble() < 16, state.toString());
        assertTrue(state.get("PID").asText().startsWith("BMV-70"), state.toString());
        assertEquals(516, state.get("PID_code").asInt(), state.toString());
        assertNotNull(state.get("time"), state.toString());

        int configs = 0;
        int alarms = 0;
        for (Map.Entry<String, String> message : received.newest.entrySet()) {
            if (!message.getKey().startsWith(discovery + "/") || !message.getKey().endsWith("/config")) {
                continue;
            }
            configs++;
            JsonNode config = JSON.readTree(message.getValue());
            String uniqueId = config.get("unique_id").asText();
            // A BMV-702 sends no SER# and the simulator has no Victron cable: the id carries the prefix, fleet-unique.
            assertTrue(uniqueId.startsWith("vedirect_" + prefix.replace('/', '_') + "_default_"), uniqueId);
            assertTrue(message.getKey().matches(discovery + "/(sensor|binary_sensor)/[a-zA-Z0-9_-]+/[a-zA-Z0-9_-]+/config"), message.getKey());
            if (message.getKey().contains("/alarm_")) {
                // An alarm (docs/alarms.md): its own retained ON/OFF, available with the logger alone.
                String alarm = message.getKey().replaceAll(".*/alarm_([a-zA-Z0-9_-]+)/config", "$1");
                assertEquals(prefix + "/default/alarm/" + alarm, config.get("state_topic").asText());
                assertEquals("problem", config.get("device_class").asText());
                assertEquals(prefix + "/availability", config.get("availability_topic").asText());
                alarms++;
                continue;
            }
            assertEquals(prefix + "/default/state", config.get("state_topic").asText());
            assertEquals("Victron Energy", config.at("/device/manufacturer").asText());
            assertEquals(prefix + "/availability", config.at("/availability/0/topic").asText());
            assertEquals(prefix + "/default/availability", config.at("/availability/1/topic").asText());
            assertTrue(config.get("expire_after").asInt() >= 10, config.toString());
            String deviceClass = config.path("device_class").asText("");
            if (HA_RULES.containsKey(deviceClass)) {
                List<Set<String>> rules = HA_RULES.get(deviceClass);
                assertTrue(rules.get(0).contains(config.path("unit_of_measurement").asText("")), "unit of " + config);
                assertTrue(rules.get(1).contains(config.path("state_class").asText("")), "state_class of " + config);
            }
            if (deviceClass.equals("enum")) {
                assertTrue(config.get("options").size() > 1, config.toString());
            }
        }
        assertTrue(configs >= 10, "configs: " + configs);
        // A BMV-702's own alarm and no-data.
        assertTrue(alarms >= 2, "alarm configs: " + alarms);

        // Home Assistant restarts: it says online on DISCOVERY/status, and gets the configs again.
        int before = received.all.size();
        MqttClient ha = clients.get(0);
        ha.publish(discovery + "/status", "online".getBytes(StandardCharsets.UTF_8), 1, false);
        E2e.await("configs again after HA's birth message", Duration.ofSeconds(10), () ->
                received.all.stream().skip(before).filter(m -> m.startsWith(discovery + "/sensor/")).count() >= 5);

        // kill -9: the broker publishes the logger's will.
        logger.kill9();
        E2e.await("the last will: offline", Duration.ofSeconds(10), () -> "offline".equals(received.newest.get(prefix + "/availability")));
    }

    @Test
    void aBrokerThatGoesAwayAndComesBackLeavesTheCsvUnbrokenAndGetsTheNewestStateAgain() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = LoggerProcess.newWorkDir("broker-restart");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        String broker = "tcp://127.0.0.1:" + port;
        startBroker(conf, port);
        String prefix = prefix();
        Received received = subscribe(broker, prefix + "/#");
        LoggerProcess logger = start("broker-restart-logger", Map.of("vedirect.port", DEVICE, "vedirect.interval", "0.5",
                "mqtt.broker", broker, "mqtt.topic", prefix, "mqtt.discovery", "", "csv.columns", "Volts:V:0.001"));
        E2e.await("a state", Duration.ofSeconds(30), () -> received.newest.containsKey(prefix + "/default/state"));

        ownBroker.destroy();
        ownBroker.waitFor();
        long linesAtStop = E2e.csvLines(logger.workDir().resolve(E2e.CSV_FILE)).size();
        logger.awaitLogLine("one warning for the outage", Duration.ofSeconds(15), l -> l.contains("WARN") && l.contains("MQTT broker"));
        Thread.sleep(6000);
        E2e.await("CSV lines during the outage", Duration.ofSeconds(10),
                () -> E2e.csvLines(logger.workDir().resolve(E2e.CSV_FILE)).size() >= linesAtStop + 8);

        received.newest.clear();
        long restartedAt = System.nanoTime();
        startBroker(conf, port);
        // The logger retries after 1, 2, 4, 8, 8 ... s (MqttConnection.RETRY_MAX): a broker back just after a try
        // waits up to 8 s for the next one; three times that and a few seconds to connect and publish.
        E2e.await("a state after the broker's return", Duration.ofSeconds(3 * (8 + 5)),
                () -> received.newest.containsKey(prefix + "/default/state"));
        Duration back = Duration.ofNanos(System.nanoTime() - restartedAt);
        E2e.figure("MQTT state again after the broker's return (ms)", back.toMillis());
        logger.awaitLogLine("the end of the outage", Duration.ofSeconds(5), l -> l.contains("reachable again"));
        assertEquals(1, logger.log(l -> l.contains("WARN") && l.contains("MQTT broker")).size(), "one warning per outage" + logger.tail());

        List<String> csv = E2e.csvLines(logger.workDir().resolve(E2e.CSV_FILE));
        for (String line : csv.subList(1, csv.size())) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+(\\.\\d+)?"), "a whole CSV line: " + line);
        }
        assertTrue(logger.isAlive());
    }

    private void startBroker(Path conf, int port) throws Exception {
        ownBroker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(conf.resolveSibling("mosquitto.log").toFile()).start();
        E2e.await("mosquitto on " + port, Duration.ofSeconds(10), () -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * The first records' points in VictoriaMetrics are the CSV's values of the same records, in the same order: with
     * the store on (the default) InfluxDB gets every stored record from this run's first. They are compared while the
     * logger runs, on the points read then. (Before store-and-forward InfluxDB's queue held each device's newest record
     * only, and on a loaded machine the first record was replaced before the route took it: this failed in one of two
     * CI runs of 71e0c6c under load.)
     */
    @Test
    void pointsWrittenToVictoriaMetricsEqualTheCsvValuesOfTheSameRecords() throws Exception {
        String influx = Servers.influx();
        String name = "it" + ThreadLocalRandom.current().nextInt(1_000_000);
        LoggerProcess logger = start("influx", Map.of("vedirect.port." + name, DEVICE, "vedirect.interval", "2",
                "influx.url", influx, "influx.database", "vedirect", "csv.columns", "Volts:V:0.001,SOC:SOC:0.1"));
        int records = 6;
        // One named device: one file, named as for one device.
        Path csvFile = logger.workDir().resolve(E2e.CSV_FILE);
        E2e.await("CSV lines", Duration.ofSeconds(60), () -> Files.exists(csvFile) && E2e.csvLines(csvFile).size() > records);
        HttpClient http = HttpClient.newHttpClient();
        String query = influx + "/api/v1/export?match[]=" + URLEncoder.encode("vedirect_V{device=\"" + name + "\"}", StandardCharsets.UTF_8);
        List<BigDecimal> stored = new ArrayList<>();
        E2e.await("the first records' points in VictoriaMetrics", Duration.ofSeconds(30), () -> {
            stored.clear();
            String body = http.send(HttpRequest.newBuilder(URI.create(query)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.lines().toList()) {
                JsonNode series = JSON.readTree(line);
                assertEquals("BMV-702", series.at("/metric/product").asText(), line);
                assertFalse(series.at("/metric/serial").asText().isEmpty(), line);
                series.get("values").forEach(v -> stored.add(new BigDecimal(v.asText())));
            }
            return stored.size() >= records;
        });
        logger.stop(Duration.ofSeconds(15));
        List<String> csv = E2e.csvLines(csvFile);
        List<BigDecimal> csvStripped = new ArrayList<>();
        for (String line : csv.subList(1, records + 1)) {
            csvStripped.add(new BigDecimal(line.split(",")[1]).stripTrailingZeros());
        }
        List<BigDecimal> storedStripped = stored.subList(0, records).stream().map(BigDecimal::stripTrailingZeros).toList();
        assertEquals(csvStripped, storedStripped, "the same records, in the same order");
    }

    @Test
    void brokenRouteFilesBesideTheShippedOnesLeaveTheLoggerRunningAndShowOnHealth() throws Exception {
        Path dir = LoggerProcess.newWorkDir("route-files");
        Path routes = Files.createDirectories(dir.resolve("routes"));
        // The shipped routes, as the installer puts them, and the broken files beside them.
        try (var shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.toList()) {
                Files.copy(file, routes.resolve(file.getFileName().toString()));
            }
        }
        Files.writeString(routes.resolve("unknown.yaml"), "- route:\n    from:\n      uri: timer:x\n      steps:\n        - to: nosuch:thing\n");
        Files.writeString(routes.resolve("yamlerror.yaml"), "- route:\n    from:\n      uri: timer:x\n      steps:\n        - log: [unclosed\n");
        Files.writeString(routes.resolve("deadbroker.yaml"), "- route:\n    from:\n      uri: timer:y?period=1000\n      steps:\n"
                + "        - setBody:\n            constant: hi\n        - to: paho-mqtt5:x?brokerUrl=tcp://127.0.0.1:1\n");
        Files.writeString(routes.resolve("logged.yaml"), "- route:\n    id: mine\n    from:\n      uri: timer:mine?period=500\n      steps:\n"
                + "        - log: \"my own route runs\"\n");
        LoggerProcess logger = LoggerProcess.start(dir, Map.of("vedirect.port", DEVICE, "vedirect.interval", "0.5"));
        loggers.add(logger);
        Path csvFile = dir.resolve(E2e.CSV_FILE);
        E2e.await("CSV lines", Duration.ofSeconds(40), () -> Files.exists(csvFile) && E2e.csvLines(csvFile).size() >= 6);
        logger.awaitLogLine("the log: component in the jar", Duration.ofSeconds(10), l -> l.contains("my own route runs"));
        JsonNode health = logger.health().json();
        JsonNode files = health.get("routeFiles");
        assertEquals("DOWN", health.get("status").asText(), health.toString());
        assertTrue(files.get("routes/unknown.yaml").asText().startsWith("DOWN: No endpoint could be found for: nosuch://thing"), files.toString());
        assertTrue(files.get("routes/yamlerror.yaml").asText().contains("(line 5, column"), files.toString());
        assertTrue(files.get("routes/deadbroker.yaml").asText().startsWith("DOWN: "), files.toString());
        assertEquals("UP", files.get("routes/vedirect.yaml").asText(), files.toString());
        assertEquals("UP", files.get("routes/logged.yaml").asText(), files.toString());
        // No mqtt.broker, no influx.url: their shipped files are off, not UP, and no reason for DOWN.
        assertTrue(files.get("routes/mqtt.yaml").asText().startsWith("OFF: "), files.toString());
        assertTrue(files.get("routes/influxdb.yaml").asText().startsWith("OFF: "), files.toString());
        for (String file : List.of("unknown.yaml", "yamlerror.yaml", "deadbroker.yaml")) {
            assertEquals(1, logger.log(l -> l.contains("ERROR") && l.contains("routes/" + file + ": ")).size(), file + logger.tail());
        }
        int lines = E2e.csvLines(csvFile).size();
        E2e.await("CSV goes on", Duration.ofSeconds(10), () -> E2e.csvLines(csvFile).size() >= lines + 5);
        assertTrue(logger.isAlive());

        // The Prometheus endpoint, scraped as Prometheus does.
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + logger.statusPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = scrape.body();
        assertTrue(text.matches("(?s).*\nvedirect_battery_voltage_volts\\{device=\"default\"} 1\\d\\.\\d+\n.*"), text);
        assertTrue(text.contains("vedirect_blocks_total{device=\"default\",result=\"valid\"} "), text);
        assertTrue(text.contains("# TYPE vedirect_state_of_charge_ratio gauge"), text);
    }

    @Test
    void aDeviceThatGoesSilentIsOfflineUntilItSpeaksAgain() throws Exception {
        String broker = Servers.mqtt();
        String prefix = prefix();
        String availability = prefix + "/default/availability";
        Received received = subscribe(broker, availability);
        Path dir = LoggerProcess.newWorkDir("mqtt-silent");
        device = SequencedDevice.start(E2e.linkIn(dir), Duration.ofMillis(500), E2e.random("DestinationsIT"));
        long staleMillis = 2000;
        LoggerProcess logger = LoggerProcess.start(dir, Map.of("vedirect.port", device.link()
                        + "?reconnectDelay=500&maxReconnectDelay=500&staleTimeout=" + staleMillis, "vedirect.interval", "0.5",
                "mqtt.broker", broker, "mqtt.topic", prefix, "mqtt.discovery", ""));
        loggers.add(logger);
        E2e.await("online while the device sends", Duration.ofSeconds(30), () -> "online".equals(received.newest.get(availability)));

        // The cable stays in, the port open: the device just stops writing.
        device.mode(SequencedDevice.Mode.SILENT);
        long silentAt = System.nanoTime();
        // Offline takes the stale timeout, the availability check's period (1 s) and the broker's delivery: three
        // times that. The lower bound below is the check that it did not come early.
        E2e.await("offline after the stale timeout", Duration.ofMillis(3 * (staleMillis + 1500)),
                () -> "offline".equals(received.newest.get(availability)));
        long offlineAfter = Duration.ofNanos(System.nanoTime() - silentAt).toMillis();
        E2e.figure("MQTT availability offline after the device went silent (ms)", offlineAfter);
        assertTrue(offlineAfter >= staleMillis - 600, "offline before the stale timeout: " + offlineAfter + " ms");
        Thread.sleep(1500);
        assertEquals("offline", received.newest.get(availability), "stays offline while silent: " + received.all);

        device.mode(SequencedDevice.Mode.NORMAL);
        E2e.await("online again once it speaks", Duration.ofSeconds(6), () -> "online".equals(received.newest.get(availability)));
        assertEquals(List.of("online", "offline", "online"), received.all.stream().map(m -> m.substring(m.indexOf(' ') + 1))
                .toList(), "availability messages in order");
        assertTrue(logger.isAlive());
    }

    @Test
    void aComponentInALibFolderBesideTheJarIsFoundWithReadmesClassPathCommand() throws Exception {
        Path component = Path.of(System.getProperty("e2e.extraComponent", ""));
        assertTrue(Files.isRegularFile(component), "camel-stream jar missing (failsafe's e2e.extraComponent): " + component);
        Path dir = LoggerProcess.newWorkDir("lib-folder");
        // docs/routes.md: the component's jar in lib/ beside the logger's jar, started with the class path instead of -jar.
        Files.copy(LoggerProcess.jar(), dir.resolve("vedirect-logger.jar"));
        Files.createDirectories(dir.resolve("lib"));
        Files.copy(component, dir.resolve("lib").resolve(component.getFileName()));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (var shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.toList()) {
                Files.copy(file, routes.resolve(file.getFileName().toString()));
            }
        }
        Files.writeString(routes.resolve("stream.yaml"), "- route:\n    id: streamed\n    from:\n      uri: timer:streamed?period=500\n"
                + "      steps:\n        - setBody:\n            constant: \"written by stream:out from lib/\"\n        - to: stream:out\n");
        LoggerProcess logger = LoggerProcess.startWithClassPath(dir, Map.of("vedirect.port", DEVICE, "vedirect.interval", "0.5"),
                "vedirect-logger.jar:lib/*");
        loggers.add(logger);
        logger.awaitLogLine("the stream:out route's output", Duration.ofSeconds(30), l -> l.equals("written by stream:out from lib/"));
        E2e.await("CSV lines", Duration.ofSeconds(20), () -> Files.exists(dir.resolve(E2e.CSV_FILE)) && E2e.csvLines(dir.resolve(E2e.CSV_FILE)).size() >= 3);
        JsonNode files = logger.health().json().get("routeFiles");
        assertEquals("UP", files.get("routes/stream.yaml").asText(), files.toString());
        assertEquals(List.of(), logger.log(l -> l.contains("No endpoint could be found") || l.contains("ERROR")
                || l.toLowerCase(java.util.Locale.ROOT).contains("unknown component")), "no component error" + logger.tail());
        assertTrue(logger.isAlive());
    }
}
