package io.github.vedirect.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test's subscriber on one topic filter (QoS 1) that keeps every payload it receives, per topic, in order. */
final class RecordingSubscriber implements AutoCloseable {

    private final MqttClient client;
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private boolean closed;

    RecordingSubscriber(String url, String filter) throws MqttException {
        client = new MqttClient(url, "recording-" + System.nanoTime(), new MemoryPersistence());
        client.connect();
        IMqttMessageListener listener = (topic, message) -> received.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>())
                .add(new String(message.getPayload(), StandardCharsets.UTF_8));
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {listener});
    }

    /** The payloads received on {@code topic}, oldest first; empty when none. */
    List<String> messages(String topic) {
        return received.getOrDefault(topic, List.of());
    }

    boolean has(String topic) {
        return received.containsKey(topic);
    }

    /** The newest payload on {@code topic}, null when none. */
    String last(String topic) {
        List<String> messages = messages(topic);
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    /** Disconnects, once: a test may close it before the broker stops and again when it ends. */
    @Override
    public void close() throws MqttException {
        if (closed) {
            return;
        }
        closed = true;
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
