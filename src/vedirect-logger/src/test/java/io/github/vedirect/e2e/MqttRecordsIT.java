package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.mqtt.MessagesOnly;
import io.github.vedirect.mqtt.OwnBroker;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.vedirect.e2e.RunRecords.bySecond;
import static io.github.vedirect.e2e.RunRecords.count;
import static io.github.vedirect.e2e.RunRecords.csvLinesKeptUpWith;
import static io.github.vedirect.e2e.RunRecords.csvSeconds;
import static io.github.vedirect.e2e.RunRecords.storedTimes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet's data path through a broker outage (issue 21): the packaged jar with {@code mqtt.records=true} publishes
 * to a Mosquitto of the test's own; a central consumer holds a persistent session on {@code vedirect/+/record}; the
 * broker is stopped, the logger killed with {@code kill -9} and started again during the outage, the broker started
 * again: afterwards the consumer has a record for every CSV line of the whole run, each with its own time, at QoS 1
 * and not retained.
 */
class MqttRecordsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What the consumer got: each record's "time", in milliseconds. */
    private final List<Long> times = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @Test
    void afterABrokerOutageAndAKillNineTheConsumerHasARecordForEveryCsvLine() throws Exception {
        Path dir = LoggerProcess.newWorkDir("mqtt-records");
        Path csv = dir.resolve("vedirect_data.csv");
        Path db = dir.resolve("store").resolve("records.db");
        try (OwnBroker broker = new OwnBroker(Files.createDirectories(dir.resolve("broker")))) {
            broker.start();
            MqttClient consumer = new MqttClient(broker.url(), "central-consumer", new MemoryPersistence());
            consumer.setCallback(new Collector());
            connect(consumer);
            Map<String, String> settings = Map.of("vedirect.port", "simulator:bmv702?blockInterval=100", "vedirect.interval", "1",
                    "mqtt.broker", broker.url(), "mqtt.records", "true");
            List<String> firstLog;
            try (LoggerProcess logger = LoggerProcess.start(dir, settings)) {
                E2e.await("the first records at the consumer", WAIT, () -> times.size() >= 3);
                broker.stop();
                logger.awaitLogLine("one warning that the record topic does not take records", WAIT,
                        l -> l.contains("mqtt-records does not take records"));
                long atWarning = count(csvSeconds(csv));
                E2e.await("records during the outage", WAIT, () -> count(csvSeconds(csv)) >= atWarning + 15);
                JsonNode backlog = logger.status().at("/store/destinations/mqtt-records");
                assertTrue(backlog.get("backlogRecords").asLong() > 0, backlog.toString());
                // kill -9 once the store holds every CSV line: what the store loses at a kill is StoreIT's concern.
                E2e.await("the store level with the CSV", WAIT, () -> storedTimes(db).size() == count(csvSeconds(csv)));
                logger.kill9();
                firstLog = logger.log(l -> l.contains("mqtt-records"));
            }
            long beforeRestart = count(csvSeconds(csv));
            long csvLines;
            try (LoggerProcess logger = LoggerProcess.start(dir, settings)) {
                E2e.await("records after the restart", WAIT, () -> count(csvSeconds(csv)) >= beforeRestart + 8);
                broker.start();
                E2e.await("the consumer back in its session", WAIT, () -> {
                    try {
                        connect(consumer);
                        return true;
                    } catch (MqttException notYet) {
                        return false;
                    }
                });
                logger.awaitLogLine("that the backlog went out", WAIT, l -> l.contains("mqtt-records takes records again"));
                TreeMap<String, Integer> expected = csvSeconds(csv);
                E2e.await("a record for every CSV line", WAIT, () -> {
                    TreeMap<String, Integer> got = bySecond(new TreeSet<>(times));
                    return expected.entrySet().stream().allMatch(e -> e.getValue().equals(got.get(e.getKey())));
                });
                // And it keeps up while it runs.
                csvLines = csvLinesKeptUpWith(csv, WAIT, () -> new TreeSet<>(times).size());
            } finally {
                consumer.disconnect();
                consumer.close();
            }
            assertEquals(1, firstLog.stream().filter(l -> l.contains("does not take records")).count(), "one warning: " + firstLog);
            assertTrue(problems.isEmpty(), problems.toString());
            // Exactly the stored records' times, to the millisecond: nothing made up (at least once: a record may come twice).
            TreeSet<Long> stored = new TreeSet<>(storedTimes(db));
            assertTrue(stored.containsAll(times), "every record is a stored record");
            assertTrue(new TreeSet<>(times).size() >= csvLines - 3, new TreeSet<>(times).size() + " records for " + csvLines + " CSV lines");
            assertFalse(times.isEmpty());
        }
    }

    /** A persistent session: clean start false, kept an hour, so what comes while it is away waits at the broker. */
    private static void connect(MqttClient consumer) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        consumer.connect(options);
        consumer.subscribe("vedirect/+/record", 1);
    }

    private final class Collector implements MessagesOnly {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            if (message.getQos() != 1 || message.isRetained()) {
                problems.add(topic + " qos " + message.getQos() + " retained " + message.isRetained());
            }
            JsonNode record = JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8));
            times.add(Instant.parse(record.get("time").asText()).toEpochMilli());
        }
    }
}
