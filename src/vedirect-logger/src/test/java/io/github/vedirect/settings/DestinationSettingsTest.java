package io.github.vedirect.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mqtt.* and influx.* settings: off by default, and a value that cannot work is one message naming its key. */
class DestinationSettingsTest {

    private static LoggerSettings with(String... keyValues) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = LoggerSettings.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return LoggerSettings.from(properties::getProperty, properties.stringPropertyNames());
    }

    @Test
    void offByDefault() throws IOException {
        LoggerSettings settings = with();
        assertNull(settings.mqtt());
        assertNull(settings.influx());
        assertEquals("false", settings.routeProperties().get("mqtt.enabled"));
        assertEquals("false", settings.routeProperties().get("influx.enabled"));
    }

    @Test
    void mqttDefaults() throws IOException {
        var mqtt = with("mqtt.broker", "tcp://broker.local:1883").mqtt();
        assertEquals("vedirect", mqtt.topic());
        assertEquals("homeassistant", mqtt.discovery());
        assertEquals(1, mqtt.qos());
        assertFalse(mqtt.control(), "control is off unless asked for");
        assertTrue(with("mqtt.broker", "tcp://b:1883", "mqtt.control", "true").mqtt().control());
        assertFalse(mqtt.records(), "the record topic is off unless asked for");
        assertTrue(with("mqtt.broker", "tcp://b:1883", "mqtt.records", "true").mqtt().records());
        assertEquals("", with("mqtt.broker", "tcp://b:1883", "mqtt.discovery", "").mqtt().discovery());
        assertEquals("vedirect/boat", with("mqtt.broker", "mqtt://b:1883", "mqtt.topic", "vedirect/boat/").mqtt().topic());
        assertEquals("tcp://b:1883", with("mqtt.broker", "mqtt://b:1883").mqtt().broker().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mqtt.broker | broker.local:1883 | mqtt.broker=broker.local:1883: must be the broker's address",
            "mqtt.broker | http://broker:1883 | mqtt.broker=http://broker:1883: must be the broker's address",
            "mqtt.qos | one | mqtt.qos=one: must be 0, 1 or 2",
            "mqtt.qos | 3 | mqtt.qos=3: must be 0, 1 or 2",
            "mqtt.control | yes | mqtt.control=yes: must be true or false",
            "mqtt.records | on | mqtt.records=on: must be true or false",
            "mqtt.topic | vedirect/# | mqtt.topic=vedirect/#: must be a topic prefix",
            "mqtt.password | secret | mqtt.username=: set mqtt.username too"})
    void aWrongMqttValueNamesItsKey(String key, String value, String message) {
        SettingsException error = assertThrows(SettingsException.class, () -> with("mqtt.broker", "tcp://broker:1883", key, value));
        assertTrue(error.getMessage().startsWith(message), error.getMessage());
        assertFalse(error.getMessage().contains("secret"), "a password is never echoed: " + error.getMessage());
    }

    @Test
    void theRecordTopicNeedsTheStore() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> with("mqtt.broker", "tcp://b:1883", "mqtt.records", "true", "store.folder", ""));
        assertTrue(error.getMessage().startsWith("mqtt.records=true: needs the record store: set store.folder"), error.getMessage());
    }

    @Test
    void aBrokerWithAUserInItIsRefusedWithoutEchoingIt() {
        SettingsException error = assertThrows(SettingsException.class, () -> with("mqtt.broker", "tcp://me:pa55word@broker:1883"));
        assertTrue(error.getMessage().startsWith("mqtt.broker="), error.getMessage());
        assertFalse(error.getMessage().contains("pa55word"), error.getMessage());
    }

    @Test
    void influxNeedsADatabaseOrABucket() throws IOException {
        SettingsException none = assertThrows(SettingsException.class, () -> with("influx.url", "http://influx:8086"));
        assertTrue(none.getMessage().startsWith("influx.database=: set influx.database (InfluxDB 1.x) or influx.bucket"), none.getMessage());
        SettingsException noOrg = assertThrows(SettingsException.class, () -> with("influx.url", "http://influx:8086", "influx.bucket", "b"));
        assertTrue(noOrg.getMessage().startsWith("influx.org="), noOrg.getMessage());
        SettingsException both = assertThrows(SettingsException.class, () -> with("influx.url", "http://influx:8086",
                "influx.bucket", "b", "influx.database", "d"));
        assertTrue(both.getMessage().startsWith("influx.bucket=b: "), both.getMessage());
        SettingsException bad = assertThrows(SettingsException.class, () -> with("influx.url", "influx:8086", "influx.database", "d"));
        assertTrue(bad.getMessage().startsWith("influx.url="), bad.getMessage());

        assertEquals("http://influx:8086/write?db=vedirect&precision=ms",
                with("influx.url", "http://influx:8086/", "influx.database", "vedirect").influx().target().writeUri().toString());
        var v2 = with("influx.url", "http://influx:8086", "influx.org", "home", "influx.bucket", "solar", "influx.token", "t0k").influx();
        assertEquals("http://influx:8086/api/v2/write?org=home&bucket=solar&precision=ms", v2.target().writeUri().toString());
        assertFalse(v2.toString().contains("t0k"));
        assertEquals("true", with("influx.url", "http://i:8086", "influx.database", "d").routeProperties().get("influx.enabled"));
    }
}
