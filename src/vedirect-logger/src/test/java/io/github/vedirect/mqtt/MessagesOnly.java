package io.github.vedirect.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho callback for a test's subscriber that only wants the messages: everything else does nothing. */
public interface MessagesOnly extends MqttCallback {

    @Override
    default void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    default void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    default void deliveryComplete(IMqttToken token) {
    }

    @Override
    default void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    default void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
