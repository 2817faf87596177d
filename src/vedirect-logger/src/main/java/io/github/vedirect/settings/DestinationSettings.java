package io.github.vedirect.settings;

import io.github.vedirect.destinations.InfluxSettings;
import io.github.vedirect.destinations.MqttSettings;
import io.github.vedirect.influxdb.InfluxTarget;
import io.github.vedirect.mqtt.DeviceTopics;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

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
        String broker = text(properties, "mqtt.broker");
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
            throw new SettingsException("mqtt.broker", uri != null && uri.getRawUserInfo() != null ? "(not shown: it holds a user)" : broker,
                    "must be the broker's address, like tcp://host:1883 or ssl://host:8883 (no user or query: "
                            + "credentials go in mqtt.username and mqtt.password)");
        }
        // Paho knows tcp:// and ssl://; mqtt:// and mqtts:// are what other tools write for the same.
        if (scheme.equals("mqtt") || scheme.equals("mqtts")) {
            uri = URI.create((scheme.equals("mqtt") ? "tcp" : "ssl") + broker.substring(scheme.length()));
        }
        String username = text(properties, "mqtt.username");
        String password = text(properties, "mqtt.password");
        if (username.isEmpty() && !password.isEmpty()) {
            throw new SettingsException("mqtt.username", "", "set mqtt.username too: a password alone is never sent");
        }
        String topic = text(properties, "mqtt.topic").isEmpty() ? "vedirect" : text(properties, "mqtt.topic");
        try {
            topic = DeviceTopics.checkPrefix(topic);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("mqtt.topic", topic, "must be a topic prefix like vedirect or vedirect/boat (no +, #, leading or double /)");
        }
        String discovery = properties.apply("mqtt.discovery") == null ? "homeassistant" : text(properties, "mqtt.discovery");
        if (!discovery.isEmpty()) {
            try {
                discovery = DeviceTopics.checkPrefix(discovery);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("mqtt.discovery", discovery, "must be Home Assistant's discovery prefix, like homeassistant (empty: no discovery)");
            }
        }
        String qosText = text(properties, "mqtt.qos").isEmpty() ? "1" : text(properties, "mqtt.qos");
        int qos;
        try {
            qos = Integer.parseInt(qosText);
        } catch (NumberFormatException e) {
            qos = -1;
        }
        if (qos < 0 || qos > 2) {
            throw new SettingsException("mqtt.qos", qosText, "must be 0, 1 or 2");
        }
        String controlText = text(properties, "mqtt.control").isEmpty() ? "false" : text(properties, "mqtt.control");
        if (!controlText.equals("true") && !controlText.equals("false")) {
            // Anything but the two words is refused rather than read as false: a typo must not silently leave it off.
            throw new SettingsException("mqtt.control", controlText, "must be true or false");
        }
        return new MqttSettings(uri, username, password, topic, discovery, qos, Boolean.parseBoolean(controlText));
    }

    /** Null when {@code influx.url} is empty (InfluxDB off). */
    static InfluxSettings influx(Function<String, String> properties) {
        String url = text(properties, "influx.url");
        if (url.isEmpty()) {
            return null;
        }
        String database = text(properties, "influx.database");
        String bucket = text(properties, "influx.bucket");
        String org = text(properties, "influx.org");
        String token = text(properties, "influx.token");
        if (database.isEmpty() && bucket.isEmpty()) {
            throw new SettingsException("influx.database", "", "set influx.database (InfluxDB 1.x) or influx.bucket and influx.org "
                    + "(InfluxDB 2.x) to write to " + shown(url));
        }
        if (!database.isEmpty() && !bucket.isEmpty()) {
            throw new SettingsException("influx.bucket", bucket, "set influx.database (InfluxDB 1.x) or influx.bucket (2.x), not both");
        }
        try {
            if (!database.isEmpty()) {
                return new InfluxSettings(InfluxTarget.v1(url, database, text(properties, "influx.retention-policy"),
                        text(properties, "influx.username"), text(properties, "influx.password")));
            }
            if (org.isEmpty()) {
                throw new SettingsException("influx.org", "", "InfluxDB 2.x needs the organisation of influx.bucket=" + bucket
                        + " (VictoriaMetrics takes any name)");
            }
            return new InfluxSettings(InfluxTarget.v2(url, org, bucket, token));
        } catch (IllegalArgumentException e) {
            // InfluxTarget's message starts with the key it refuses; the value may hold a password: not shown.
            String message = e.getMessage();
            String key = message.contains(":") ? message.substring(0, message.indexOf(':')).trim() : "influx.url";
            throw new SettingsException(key, key.equals("influx.url") ? shown(url) : "", message.substring(message.indexOf(':') + 1).trim());
        }
    }

    /** A URL without whatever is between :// and @ (a user and password). */
    private static String shown(String url) {
        return url.replaceAll("//[^/@]*@", "//(user not shown)@");
    }

    private static String text(Function<String, String> properties, String key) {
        String value = properties.apply(key);
        return value == null ? "" : value.trim();
    }
}
