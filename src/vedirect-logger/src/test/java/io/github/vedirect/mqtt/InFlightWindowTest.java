package io.github.vedirect.mqtt;

import io.github.vedirect.destinations.Servers;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paho frees a QoS 1 publish's in-flight slot on its callback thread, the thread that also hands over arriving
 * messages. While that thread is busy (the MQTT destination listens for commands and Home Assistant's birth), a
 * burst of publishes fills the broker's window (Receive Maximum, 20 on Mosquitto) although every one was acked, and
 * the next publish fails with "Too many publishes in progress" (32202): seen in DiscoveryBrokerTest's clean-up one
 * run in three on a loaded machine. Here the callback thread is held for 300 ms by a message, against the real
 * broker, while 100 publishes go out: all must go through and arrive, none reported as a failure.
 */
class InFlightWindowTest {

    private static final int BURST = 100;

    @Test
    void publishesGoThroughWhileTheCallbackThreadIsBusy() throws Exception {
        String broker = Servers.mqtt();
        long pid = ProcessHandle.current().pid();
        String busyTopic = "vedirect-test/in-flight-window/" + pid + "/command";
        String dataTopic = "vedirect-test/in-flight-window/" + pid + "/data";
        MqttClient writer = new MqttClient(broker, "vedirect-test-window-writer-" + pid, new MemoryPersistence());
        MqttClient other = new MqttClient(broker, "vedirect-test-window-other-" + pid, new MemoryPersistence());
        Set<Integer> arrived = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(BURST);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            other.connect();
            other.subscribe(new MqttSubscription[] {new MqttSubscription(dataTopic, 1)}, new IMqttMessageListener[] {(t, m) -> {
                if (arrived.add(Integer.parseInt(new String(m.getPayload(), StandardCharsets.UTF_8)))) {
                    all.countDown();
                }
            }});
            writer.connect();
            writer.subscribe(new MqttSubscription[] {new MqttSubscription(busyTopic, 1)}, new IMqttMessageListener[] {(t, m) -> {
                busy.countDown();
                release.await(10, TimeUnit.SECONDS);
            }});
            other.publish(busyTopic, message("hold on"));
            assertTrue(busy.await(10, TimeUnit.SECONDS), "the writer never received the message that keeps its callback thread");
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    // released at once then
                }
                release.countDown();
            });
            releaser.start();
            for (int i = 0; i < BURST; i++) {
                InFlightWindow.publish(writer, dataTopic, message(Integer.toString(i)));
            }
            releaser.join();
            assertTrue(all.await(10, TimeUnit.SECONDS), "arrived " + arrived.size() + " of " + BURST);
            assertEquals(BURST, arrived.size());
        } finally {
            release.countDown();
            for (MqttClient client : new MqttClient[] {writer, other}) {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            }
        }
    }

    private static MqttMessage message(String payload) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return message;
    }
}
