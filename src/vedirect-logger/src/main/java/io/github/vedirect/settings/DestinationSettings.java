package io.github.vedirect.settings;

import io.github.vedirect.destinations.InfluxSettings;
import io.github.vedirect.mqtt.MqttSettings;
import io.github.vedirect.influxdb.InfluxTarget;
import io.github.vedirect.mqtt.DeviceTopics;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import static io.github.vedirect.settings.Setting.*;

/**
 * The {@code mqtt.*} and {@code influx.*} settings, read and checked like the others (a wrong value is one line
 * naming the key and exit code 2). Apart from LoggerSettings so that the destinations' checks stay in one place.
 * A value that may hold a password (a URL) is never echoed whole.
 */
final class DestinationSettings {

    private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss", "mqtt", "mqtts");

    private DestinationSettings() {
    }

    /** Null when {@code mqtt.broker} is empty (MQTT off). */
    static MqttSettings mqtt(Function<String, String> properties) {
        String broker = MQTT_BROKER.in(properties);
        if (broker.isEmpty()) {
            return null;
        }
        URI uri = null;
        try {
            uri = new URI(broker);
        } catch (URISyntaxException e) {
            // Reported below.
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !MQTT_SCHEMES.contains(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null) {
            throw new SettingsException(MQTT_BROKER.key(), uri != null && uri.getRawUserInfo() != null ? "(not shown: it holds a user)" : broker,
                    "must be the broker's address, like tcp://host:1883 or ssl://host:8883 (no user or query: "
                            + "credentials go in mqtt.username and mqtt.password)");
        }
        // Paho knows tcp:// and ssl://; mqtt:// and mqtts:// are what other tools write for the same.
        if (scheme.equals("mqtt") || scheme.equals("mqtts")) {
            uri = URI.create((scheme.equals("mqtt") ? "tcp" : "ssl") + broker.substring(scheme.length()));
        }
        String username = MQTT_USERNAME.in(properties);
        String password = MQTT_PASSWORD.in(properties);
        if (username.isEmpty() && !password.isEmpty()) {
            throw new SettingsException(MQTT_USERNAME.key(), "", "set mqtt.username too: a password alone is never sent");
        }
        String topic = MQTT_TOPIC.orDefaultIn(properties);
        try {
            topic = DeviceTopics.checkPrefix(topic);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(MQTT_TOPIC.key(), topic, "must be a topic prefix like vedirect or vedirect/boat (no +, #, leading or double /)");
        }
        // Given empty: no discovery; not given: the default prefix.
        String discovery = MQTT_DISCOVERY.in(properties);
        if (!discovery.isEmpty()) {
            try {
                discovery = DeviceTopics.checkPrefix(discovery);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(MQTT_DISCOVERY.key(), discovery, "must be Home Assistant's discovery prefix, like homeassistant (empty: no discovery)");
            }
        }
        String qosText = MQTT_QOS.orDefaultIn(properties);
        int qos;
        try {
            qos = Integer.parseInt(qosText);
        } catch (NumberFormatException e) {
            qos = -1;
        }
        if (qos < 0 || qos > 2) {
            throw new SettingsException(MQTT_QOS.key(), qosText, "must be 0, 1 or 2");
        }
        boolean control = trueOrFalse(MQTT_CONTROL, properties);
        boolean records = trueOrFalse(MQTT_RECORDS, properties);
        if (records && STORE_FOLDER.in(properties).isEmpty()) {
            // The record topic sends what the store holds: without a store there is nothing to send.
            throw new SettingsException(MQTT_RECORDS.key(), "true", "needs the record store: set store.folder (empty turns it off)");
        }
        return new MqttSettings(uri, username, password, topic, discovery, qos, control, records);
    }

    private static boolean trueOrFalse(Setting setting, Function<String, String> properties) {
        String text = setting.orDefaultIn(properties);
        if (!text.equals("true") && !text.equals("false")) {
            // Anything but the two words is refused rather than read as false: a typo must not silently leave it off.
            throw new SettingsException(setting.key(), text, "must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    /** Null when {@code influx.url} is empty (InfluxDB off). */
    static InfluxSettings influx(Function<String, String> properties) {
        String url = INFLUX_URL.in(properties);
        if (url.isEmpty()) {
            return null;
        }
        String database = INFLUX_DATABASE.in(properties);
        String bucket = INFLUX_BUCKET.in(properties);
        String org = INFLUX_ORG.in(properties);
        String token = INFLUX_TOKEN.in(properties);
        if (database.isEmpty() && bucket.isEmpty()) {
            throw new SettingsException(INFLUX_DATABASE.key(), "", "set influx.database (InfluxDB 1.x) or influx.bucket and influx.org "
                    + "(InfluxDB 2.x) to write to " + shown(url));
        }
        if (!database.isEmpty() && !bucket.isEmpty()) {
            throw new SettingsException(INFLUX_BUCKET.key(), bucket, "set influx.database (InfluxDB 1.x) or influx.bucket (2.x), not both");
        }
        try {
            if (!database.isEmpty()) {
                return new InfluxSettings(InfluxTarget.v1(url, database, INFLUX_RETENTION_POLICY.in(properties),
                        INFLUX_USERNAME.in(properties), INFLUX_PASSWORD.in(properties)));
            }
            if (org.isEmpty()) {
                throw new SettingsException(INFLUX_ORG.key(), "", "InfluxDB 2.x needs the organisation of influx.bucket=" + bucket
                        + " (VictoriaMetrics takes any name)");
            }
            return new InfluxSettings(InfluxTarget.v2(url, org, bucket, token));
        } catch (IllegalArgumentException e) {
            // InfluxTarget's message starts with the key it refuses; the value may hold a password: not shown.
            String message = e.getMessage();
            String key = message.contains(":") ? message.substring(0, message.indexOf(':')).trim() : INFLUX_URL.key();
            throw new SettingsException(key, key.equals(INFLUX_URL.key()) ? shown(url) : "", message.substring(message.indexOf(':') + 1).trim());
        }
    }

    /** A URL without whatever is between :// and @ (a user and password). */
    private static String shown(String url) {
        return url.replaceAll("//[^/@]*@", "//(user not shown)@");
    }
}
