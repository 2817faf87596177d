package io.github.vedirect.mqtt;

import java.util.Objects;

/**
 * One MQTT message to send: its topic, its payload and the retain flag, as {@link MqttConnection} publishes it. An
 * empty payload with {@code retained} set deletes a retained message (and, on a Home Assistant discovery topic, the
 * entity).
 */
public record Publication(String topic, String payload, boolean retained) {

    public Publication {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            // Wildcards are for subscriptions only; a broker closes the connection of a client publishing to one.
            throw new IllegalArgumentException("not a topic to publish to: " + topic);
        }
    }
}
