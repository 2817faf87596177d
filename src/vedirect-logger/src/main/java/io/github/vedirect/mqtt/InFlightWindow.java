package io.github.vedirect.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.util.concurrent.TimeUnit;

/**
 * Publishing with Paho's blocking {@link MqttClient} in a burst (a device's discovery configs, dozens at once).
 *
 * <p>Paho counts a QoS 1 or 2 publish as in flight until its callback thread has handled the broker's ack, and that
 * can come after {@code publish()} has already returned to the caller. A burst then finds the window (the broker's
 * Receive Maximum: 20 on Mosquitto) full for a moment and gets "Too many publishes in progress" (32202) with the
 * broker perfectly healthy (eclipse-paho/paho.mqtt.java#993). That is not an outage: wait for the window, briefly.
 */
public final class InFlightWindow {

    /** Long enough for Paho's callback thread on a busy Pi; a window still full after it is a real problem. */
    static final long PATIENCE_MILLIS = 2_000;
    private static final long STEP_MILLIS = 2;

    private InFlightWindow() {
    }

    /** {@link MqttClient#publish(String, MqttMessage)}, waiting up to {@link #PATIENCE_MILLIS} for a full window. */
    public static void publish(MqttClient client, String topic, MqttMessage message) throws MqttException {
        patiently(() -> {
            client.publish(topic, message);
            return null;
        });
    }

    /**
     * The same without waiting for the broker's ack: the token completes when it comes (PUBACK at QoS 1), so that a
     * batch can have several messages in flight at once instead of one round trip each.
     */
    static IMqttToken publishNoWait(MqttClient client, String topic, MqttMessage message) throws MqttException {
        return patiently(() -> client.getTopic(topic).publish(message));
    }

    private interface Attempt<T> {
        T run() throws MqttException;
    }

    private static <T> T patiently(Attempt<T> attempt) throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MILLIS);
        while (true) {
            try {
                return attempt.run();
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, e);
            }
        }
    }
}
