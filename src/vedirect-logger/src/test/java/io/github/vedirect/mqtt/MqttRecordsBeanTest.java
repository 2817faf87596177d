package io.github.vedirect.mqtt;

import io.github.vedirect.Await;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.logger.LoggerBeans;
import io.github.vedirect.logger.RunningLogger;
import io.github.vedirect.store.RecordSink;
import io.github.vedirect.store.StoredRecord;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logger's real Camel Main: with {@code mqtt.records=true} the {@code mqttRecords} bean is the record sink on the
 * logger's own MQTT connection (what the store forwarder is given), and without it there is none.
 */
class MqttRecordsBeanTest {

    @TempDir
    Path dir;

    private final String prefix = "vedirect/records" + System.nanoTime();

    private RunningLogger start(boolean records) throws Exception {
        return new RunningLogger(dir.resolve("d.csv"), Map.of("vedirect.port", "simulator:mppt?blockInterval=100",
                "vedirect.interval", "0.5", "store.folder", dir.resolve("store").toString(),
                "mqtt.broker", Servers.mqtt(), "mqtt.topic", prefix, "mqtt.discovery", "", "mqtt.records", Boolean.toString(records)));
    }

    @Test
    void theBeanSendsOnTheLoggersConnection() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient consumer = new MqttClient(Servers.mqtt(), "records-bean-" + System.nanoTime(), new MemoryPersistence());
        consumer.connect();
        try (RunningLogger logger = start(true)) {
            // The house's topic only: the logger's own store forwarder sends the simulator's records on default's.
            consumer.subscribe(new MqttSubscription[] {new MqttSubscription(prefix + "/house/record", 1)},
                    new IMqttMessageListener[] {(topic, message) -> received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8))});
            RecordSink sink = logger.bean(LoggerBeans.MQTT_RECORDS_BEAN, RecordSink.class);
            assertEquals(MqttRecordSink.NAME, sink.name());
            VeDirectRecord fields = new VeDirectRecord();
            fields.put("V", 12815L);
            StoredRecord record = new StoredRecord(1, "house", "BMV-702", "HQ1", Instant.parse("2026-12-06T04:31:12.345Z"), fields);
            // The logger connects on its own thread: the sink says "not connected" until it has.
            Await.until("the record sent", Duration.ofSeconds(45), () -> {
                try {
                    sink.send("house", List.of(record));
                    return true;
                } catch (Exception e) {
                    assertTrue(e.getMessage().contains("not connected"), e.getMessage());
                    return false;
                }
            });
            Await.until("the record at the consumer", Duration.ofSeconds(15), () -> !received.isEmpty());
            assertEquals(prefix + "/house/record {\"V\":12.815,\"time\":\"2026-12-06T04:31:12.345Z\"}", received.get(0));
        } finally {
            consumer.disconnect();
            consumer.close();
        }
    }

    @Test
    void offByDefaultThereIsNoSink() throws Exception {
        try (RunningLogger logger = start(false)) {
            assertNull(logger.context().getRegistry().lookupByName(LoggerBeans.MQTT_RECORDS_BEAN));
        }
    }
}
