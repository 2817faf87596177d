package io.github.vedirect.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.Await;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.store.RecordSink;
import io.github.vedirect.store.RecordStore;
import io.github.vedirect.store.StoredRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mqtt.records} against a real Mosquitto of the test's own with persistence: real captures through the real
 * decoder into a real store, its records read back and sent in batches by the sink of a running {@link MqttDestination};
 * a central consumer with a persistent session on {@code vedirect/+/record}; the broker stopped (a send then throws,
 * one line) and started again with the session kept, one batch queued for the consumer while it is away. Every record
 * arrives (at least once, as QoS 1 promises), with its fields as the state message has them and its own time, at QoS 1, not retained.
 */
class MqttRecordSinkTest {

    /** Paho's reconnect waits at most {@link MqttConnection#RETRY_MAX}, then a connect of up to 5 s; three times that. */
    private static final Duration RETURN_LIMIT = MqttConnection.RETRY_MAX.plusSeconds(5).multipliedBy(3);
    private static final Duration ARRIVAL_LIMIT = Duration.ofSeconds(30);
    private static final int PER_DEVICE = 30;
    private static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private OwnBroker broker;
    private CamelContext camel;
    private MqttClient consumer;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Received(String topic, String payload, int qos, boolean retained) {
    }

    @AfterEach
    void stopAll() throws Exception {
        if (consumer != null) {
            if (consumer.isConnected()) {
                consumer.disconnect();
            }
            consumer.close();
        }
        if (camel != null) {
            camel.stop();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void everyStoredRecordArrivesWithItsFieldsAndOwnTimeThroughABrokerOutage() throws Exception {
        broker = new OwnBroker(dir.resolve("broker"));
        broker.start();
        Map<Instant, VeDirectRecord> decoded = new HashMap<>();
        Map<String, List<StoredRecord>> stored = storeCaptures(decoded);

        camel = new DefaultCamelContext();
        camel.start();
        MqttDestination mqtt = new MqttDestination(new MqttSettings(URI.create(broker.url()), "", "", "vedirect", "", 1, false, true),
                Duration.ofSeconds(1), name -> null, name -> Duration.ofSeconds(10));
        RecordSink sink = mqtt.recordSink();
        assertEquals("mqtt-records", sink.name());
        StoredRecord first = stored.values().iterator().next().get(0);
        String notStarted = refusal(sink, first);
        assertTrue(notStarted.contains("not connected"), notStarted);

        camel.addService(mqtt);
        connectConsumer();
        Await.until("the logger's connection", RETURN_LIMIT, () -> mqtt.problem() == null);
        int expected = 0;

        // Batch A of every device while all is up.
        for (Map.Entry<String, List<StoredRecord>> device : stored.entrySet()) {
            List<StoredRecord> records = device.getValue();
            sink.send(device.getKey(), records.subList(0, records.size() / 3));
            expected += records.size() / 3;
        }
        int afterA = expected;
        Await.until("batch A at the consumer", ARRIVAL_LIMIT, () -> received.size() >= afterA);

        // The broker goes: a send is refused with one line, and nothing is lost by it.
        broker.stop();
        Await.until("the consumer and the logger to notice the outage", RETURN_LIMIT,
                () -> !consumer.isConnected() && mqtt.problem() != null);
        String someDevice = stored.keySet().iterator().next();
        List<StoredRecord> someRecords = stored.get(someDevice);
        String down = refusal(sink, someRecords.get(someRecords.size() / 3));
        assertTrue(down.contains("not connected") && down.contains(broker.url()), down);
        assertFalse(down.contains("\n"), "one line: " + down);

        // Back with the consumer's session kept; batch B goes out while the consumer is still away (queued for it).
        broker.start();
        Await.until("the logger reconnected", RETURN_LIMIT, () -> mqtt.problem() == null);
        for (Map.Entry<String, List<StoredRecord>> device : stored.entrySet()) {
            List<StoredRecord> records = device.getValue();
            sendRetrying(sink, device.getKey(), records.subList(records.size() / 3, 2 * records.size() / 3));
            expected += 2 * records.size() / 3 - records.size() / 3;
        }
        assertEquals(afterA, received.size(), "nothing arrives while the consumer is away");
        connectConsumer();

        // Batch C, live again.
        for (Map.Entry<String, List<StoredRecord>> device : stored.entrySet()) {
            List<StoredRecord> records = device.getValue();
            sink.send(device.getKey(), records.subList(2 * records.size() / 3, records.size()));
            expected += records.size() - 2 * records.size() / 3;
        }
        int all = expected;
        // Counted once per device and time: a record that came twice (QoS 1) must not stand in for one still on its way.
        Await.until("every record at the consumer", ARRIVAL_LIMIT,
                () -> received.stream().map(m -> m.topic + " " + timeOf(m.payload)).distinct().count() >= all);

        assertEquals(all, stored.values().stream().mapToInt(List::size).sum());
        Map<String, Received> byDeviceAndTime = new LinkedHashMap<>();
        int duplicates = 0;
        for (Received message : received) {
            assertEquals(1, message.qos, message.topic);
            assertFalse(message.retained, message.topic);
            Map<String, Object> json = json(message.payload);
            String time = (String) json.get("time");
            assertTrue(time.matches(ISO_MILLIS), "ISO 8601 with milliseconds and offset: " + time);
            // QoS 1 is at least once: a message the broker had not seen acked when it stopped comes again after it.
            Received before = byDeviceAndTime.put(message.topic + " " + time, message);
            if (before != null) {
                assertEquals(before.payload, message.payload, "the same record twice, the same both times");
                duplicates++;
            }
        }
        for (Map.Entry<String, List<StoredRecord>> device : stored.entrySet()) {
            for (StoredRecord record : device.getValue()) {
                String topic = "vedirect/" + device.getKey() + "/record";
                Received message = byDeviceAndTime.get(topic + " " + MqttRecordSink.time(record.time()));
                assertTrue(message != null, "missing: " + topic + " at " + record.time());
                Map<String, Object> json = json(message.payload);
                assertEquals(record.time(), Instant.parse((String) json.remove("time")));
                // The fields as the state message has them for the record the decoder made of the capture.
                assertEquals(json(StateJson.of(decoded.get(record.time()))), json, topic);
            }
        }
        assertEquals(all, byDeviceAndTime.size(), "each record, nothing else");
        System.out.printf("%d records through the outage, %d of them twice (QoS 1, at least once)%n", all, duplicates);
        assertNothingRetained();
    }

    @Test
    void aBatchCutShortByTheBrokerGoingThrowsOneLineWithinTheAckTimeout() throws Exception {
        broker = new OwnBroker(dir.resolve("broker"));
        broker.start();
        camel = new DefaultCamelContext();
        camel.start();
        MqttDestination mqtt = new MqttDestination(new MqttSettings(URI.create(broker.url()), "", "", "vedirect", "", 1, false, true),
                Duration.ofSeconds(1), name -> null, name -> Duration.ofSeconds(10));
        camel.addService(mqtt);
        Await.until("the logger's connection", RETURN_LIMIT, () -> mqtt.problem() == null);
        RecordSink sink = mqtt.recordSink();
        VeDirectRecord fields = CaptureDevices.all().get(0).joined();
        Instant base = Instant.now().minus(Duration.ofDays(1));
        // A day of one device at the 30 s interval, as a backlog after an outage would be sent.
        List<StoredRecord> day = new ArrayList<>();
        for (int i = 0; i < 2880; i++) {
            day.add(new StoredRecord(i + 1, "house", "BMV-702", "HQ1", base.plusSeconds(30L * i), fields));
        }
        long start = System.nanoTime();
        sink.send("house", day);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("mqtt-records: a day of one device (2880 records) acknowledged in %.2f s, %.0f records/s%n",
                seconds, day.size() / seconds);

        // The broker goes while a batch is under way: the send ends with one line, not a hang.
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    sink.send("house", day);
                }
            } catch (Exception e) {
                failures.add(e.getMessage());
            }
        }, "sender");
        sender.start();
        broker.stop();
        Await.until("the send to give up", MqttRecordSink.ACK_TIMEOUT.multipliedBy(3), () -> !failures.isEmpty());
        sender.join(1000);
        String failure = failures.get(0);
        System.out.println("mqtt-records, the broker gone under a batch: " + failure);
        assertTrue(failure.startsWith("MQTT broker " + broker.url()), failure);
        assertFalse(failure.contains("\n"), "one line: " + failure);
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 1", "2, 2"})
    void theQosIsOneOrMqttQosWhenHigher(int mqttQos, int expectedQos) throws Exception {
        String url = Servers.mqtt();
        String prefix = "vedirect/qos" + System.nanoTime();
        camel = new DefaultCamelContext();
        camel.start();
        MqttDestination mqtt = new MqttDestination(new MqttSettings(URI.create(url), "", "", prefix, "", mqttQos, false, true),
                Duration.ofSeconds(1), name -> null, name -> Duration.ofSeconds(10));
        camel.addService(mqtt);
        consumer = new MqttClient(url, "qos-" + System.nanoTime(), new MemoryPersistence());
        consumer.setCallback(new Collector());
        consumer.connect();
        consumer.subscribe(prefix + "/+/record", 2);
        Await.until("the logger's connection", RETURN_LIMIT, () -> mqtt.problem() == null);
        mqtt.recordSink().send("house", List.of(new StoredRecord(1, "house", "BMV-702", "HQ1", Instant.now(),
                CaptureDevices.all().get(0).joined())));
        Await.until("the record", ARRIVAL_LIMIT, () -> !received.isEmpty());
        assertEquals(expectedQos, received.get(0).qos());
    }

    /** Up to {@value #PER_DEVICE} records of each capture, each device's times a second apart with milliseconds. */
    private Map<String, List<StoredRecord>> storeCaptures(Map<Instant, VeDirectRecord> decoded) throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        Map<String, List<StoredRecord>> stored = new LinkedHashMap<>();
        try (RecordStore store = RecordStore.open(dir.resolve("store"), 31, 100_000_000L, Duration.ofSeconds(1))) {
            int deviceIndex = 0;
            for (CaptureDevices.Device device : CaptureDevices.all()) {
                List<VeDirectRecord> blocks = device.blocks().subList(0, Math.min(PER_DEVICE, device.blocks().size()));
                for (int i = 0; i < blocks.size(); i++) {
                    // .000 first, then .007, .014 ...: the milliseconds are always written, three digits.
                    Instant time = base.plusMillis(i * 1007L + deviceIndex);
                    decoded.put(time, blocks.get(i));
                    store.add(device.name(), device.product(), device.serial(), time, blocks.get(i));
                }
                deviceIndex++;
            }
            assertTrue(store.flush(Duration.ofSeconds(30)));
            for (CaptureDevices.Device device : CaptureDevices.all()) {
                List<StoredRecord> records = store.reader().after(device.name(), 0, 10_000);
                if (records.size() >= 3) {
                    stored.put(device.name(), new ArrayList<>(records));
                }
            }
        }
        assertTrue(stored.size() >= 3, "captures: " + stored.keySet());
        return stored;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        return JSON.readValue(text, Map.class);
    }

    /** The record's {@code time} in a message's JSON. */
    private static Object timeOf(String payload) {
        try {
            return json(payload).get("time");
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }

    /** The reason a send of one record gives for refusing it. */
    private static String refusal(RecordSink sink, StoredRecord record) {
        return assertThrows(Exception.class, () -> sink.send(record.device(), List.of(record))).getMessage();
    }

    /** As the forwarder does: the same batch again until it is taken (here: the connection may still be coming back). */
    private static void sendRetrying(RecordSink sink, String device, List<StoredRecord> batch) throws Exception {
        long deadline = System.nanoTime() + RETURN_LIMIT.toNanos();
        while (true) {
            try {
                sink.send(device, batch);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** The central consumer: a persistent session (clean start false, kept an hour) on vedirect/+/record at QoS 1. */
    private void connectConsumer() throws Exception {
        if (consumer == null) {
            consumer = new MqttClient(broker.url(), "central-consumer", new MemoryPersistence());
            consumer.setCallback(new Collector());
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        consumer.connect(options);
        consumer.subscribe("vedirect/+/record", 1);
    }

    /**
     * A new subscriber gets a topic's retained message before anything published after it subscribed: a marker sent
     * after subscribing is then the first thing it sees only if no record was retained.
     */
    private void assertNothingRetained() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        MqttClient fresh = new MqttClient(broker.url(), "fresh-" + System.nanoTime(), new MemoryPersistence());
        try {
            fresh.connect();
            // The (String, int, listener) form of Paho 1.2.5 calls itself without end: the array form.
            fresh.subscribe(new MqttSubscription[] {new MqttSubscription("vedirect/+/record", 1)},
                    new IMqttMessageListener[] {(topic, message) -> seen.add(topic)});
            fresh.publish("vedirect/marker/record", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            Await.until("the marker", ARRIVAL_LIMIT, () -> !seen.isEmpty());
            assertEquals("vedirect/marker/record", seen.get(0), "retained records came first: " + seen);
        } finally {
            fresh.disconnect();
            fresh.close();
        }
    }

    private final class Collector implements MessagesOnly {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(),
                    message.isRetained()));
        }
    }
}
