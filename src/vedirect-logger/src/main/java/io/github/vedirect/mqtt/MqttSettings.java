package io.github.vedirect.mqtt;

import java.net.URI;

/**
 * The {@code mqtt.*} settings, checked.
 *
 * @param broker    {@code tcp://host:1883}, {@code ssl://host:8883}, {@code ws://}, {@code wss://}
 * @param username  empty for none
 * @param password  never logged
 * @param topic     the prefix of the state and availability topics ({@code vedirect}, {@code vedirect/boat})
 * @param discovery Home Assistant's discovery prefix, or empty for no discovery
 * @param qos       0, 1 or 2
 * @param control   whether Home Assistant may change settings of the devices ({@code mqtt.control}): the charge
 *                  current limit as a {@code number}, commanded on {@code PREFIX/NAME/set/charge_current_limit}
 * @param records   whether every stored record also goes out on {@code PREFIX/NAME/record} ({@code mqtt.records})
 */
public record MqttSettings(URI broker, String username, String password, String topic, String discovery, int qos,
                           boolean control, boolean records) {

    /** Without control, as before {@code mqtt.control} existed. */
    public MqttSettings(URI broker, String username, String password, String topic, String discovery, int qos) {
        this(broker, username, password, topic, discovery, qos, false);
    }

    /** Without records, as before {@code mqtt.records} existed. */
    public MqttSettings(URI broker, String username, String password, String topic, String discovery, int qos,
                        boolean control) {
        this(broker, username, password, topic, discovery, qos, control, false);
    }

    /** Safe to log: the broker and the user, never the password. */
    @Override
    public String toString() {
        return broker + (username.isEmpty() ? "" : " as " + username);
    }
}
