package io.github.vedirect.settings;

import io.github.vedirect.csv.CsvLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped defaults, and one clear line for each value that cannot work. */
class LoggerSettingsTest {

    private static Properties defaults() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = LoggerSettingsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    private static LoggerSettings with(String key, String value) throws IOException {
        Properties properties = defaults();
        properties.setProperty(key, value);
        return LoggerSettings.from(properties::getProperty);
    }

    @Test
    void defaultsAreTheOriginalToolsAndRunTheSimulator() throws IOException {
        LoggerSettings settings = LoggerSettings.from(defaults()::getProperty);
        assertEquals(LoggerSettings.DEFAULT_SOURCE, settings.source());
        assertEquals(30, settings.interval().toSeconds());
        assertNull(settings.domoticz().url(), "no Domoticz unless configured");
        assertEquals("vedirect.lua", settings.domoticz().script());
        assertEquals("vedirect_data.csv", settings.csvFile());
        // No csv.columns: each device gets its family's; a battery monitor's are the original tool's columns.
        assertEquals(List.of(), settings.csvColumns());
        assertEquals(List.of(new CsvColumn("Volts", "V", new BigDecimal("0.001")), new CsvColumn("Amps", "I", new BigDecimal("0.001")),
                new CsvColumn("AHr", "CE", new BigDecimal("0.001")), new CsvColumn("SOC", "SOC", new BigDecimal("0.1"))),
                CsvLines.BATTERY_MONITOR);
        assertEquals(List.of(new DeviceSettings("default", LoggerSettings.DEFAULT_SOURCE)), settings.devices());
        assertTrue(!settings.severalDevices() && !settings.auto());
        assertEquals("Time", settings.csvTimeHeading());
    }

    @Test
    void intervalsMayBeFractionsOfASecond() throws IOException {
        assertEquals(250, with("vedirect.interval", "0.25").interval().toMillis());
        assertEquals(30_000, with("vedirect.interval", "30").interval().toMillis());
    }

    @Test
    void aPortIsAnySourceOfTheComponent() throws IOException {
        assertEquals("/dev/ttyUSB0", with("vedirect.port", " /dev/ttyUSB0 ").source());
        assertEquals("tcp:192.168.1.20:2000", with("vedirect.port", "tcp:192.168.1.20:2000").source());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "vedirect.interval|0|vedirect.interval=0: must be a number of seconds from 0.001 to 86400",
        "vedirect.interval|thirty|vedirect.interval=thirty: must be a number of seconds from 0.001 to 86400",
        "vedirect.interval|0.0001|vedirect.interval=0.0001: must be a number of seconds from 0.001 to 86400",
        "status.port|http|status.port=http: must be a whole number from 0 to 65535",
        "domoticz.url|rpi3:8080|domoticz.url=rpi3:8080: must be the address of Domoticz, like http://rpi3:8080 (no query; credentials go in domoticz.username and domoticz.password)",
        "domoticz.url|http://user:secret@rpi3:8080|domoticz.url=http://user:secret@rpi3:8080: must be the address of Domoticz, like http://rpi3:8080 (no query; credentials go in domoticz.username and domoticz.password)",
        "domoticz.url|http://rpi3:8080/json.htm?type=command|domoticz.url=http://rpi3:8080/json.htm?type=command: must be the address of Domoticz, like http://rpi3:8080 (no query; credentials go in domoticz.username and domoticz.password)",
        "domoticz.script|../../etc/evil.lua|domoticz.script=../../etc/evil.lua: must be the plain file name of a Lua parser in Domoticz's scripts/lua_parsers, like vedirect.lua (no path)",
        "domoticz.script|parsers/vedirect.lua|domoticz.script=parsers/vedirect.lua: must be the plain file name of a Lua parser in Domoticz's scripts/lua_parsers, like vedirect.lua (no path)",
        "domoticz.script|vedirect.py|domoticz.script=vedirect.py: must be the plain file name of a Lua parser in Domoticz's scripts/lua_parsers, like vedirect.lua (no path)",
        "domoticz.mode|mqtt|domoticz.mode=mqtt: must be parser (the Lua parser) or direct (device by device)",
        "domoticz.timeout|0|domoticz.timeout=0: must be a whole number from 1 to 120",
        "domoticz.alarm-idx|alert|domoticz.alarm-idx=alert: must be the idx of an Alert device in Domoticz (Setup > Devices), a whole number such as 42",
        "domoticz.alarm-idx|0|domoticz.alarm-idx=0: must be the idx of an Alert device in Domoticz (Setup > Devices), a whole number such as 42",
        "domoticz.devices|V:twelve:number|domoticz.devices=V:twelve:number: each device is LABEL:IDX:TYPE with TYPE one of number, counter, switch, alert, text ('V:twelve:number' is not)",
        "csv.columns|Volts:VV:0.001|csv.columns=Volts:VV:0.001: column Volts names VV, which is not a VE.Direct label (labels are case-sensitive: V, I, CE, SOC, Alarm, ...)",
        "csv.columns|Alarm:ALARM|csv.columns=Alarm:ALARM: column Alarm names ALARM, which is not a VE.Direct label (labels are case-sensitive: V, I, CE, SOC, Alarm, ...)",
        "csv.columns|Volts:V:milli|csv.columns=Volts:V:milli: the multiplier of column Volts is not a number",
        "csv.columns|Volts|csv.columns=Volts: each column is HEADING:LABEL or HEADING:LABEL:MULTIPLIER, like Volts:V:0.001 ('Volts' is not)",
        "status.interval|-5|status.interval=-5: must be a whole number from 1 to 1440",
    })
    void eachBadValueIsOneLineNamingTheKey(String key, String value, String message) {
        SettingsException error = assertThrows(SettingsException.class, () -> with(key, value));
        assertEquals(message, error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void credentialsComeInPairsAndThePasswordIsNeverInTheMessage() throws IOException {
        Properties properties = defaults();
        properties.setProperty("domoticz.password", "hunter2");
        SettingsException error = assertThrows(SettingsException.class, () -> LoggerSettings.from(properties::getProperty));
        assertEquals("domoticz.username=: set both domoticz.username and domoticz.password, or neither", error.getMessage());
        assertTrue(!error.getMessage().contains("hunter2"));
    }

    @Test
    void directModeNeedsDevices() throws IOException {
        Properties properties = defaults();
        properties.setProperty("domoticz.url", "http://rpi3:8080");
        properties.setProperty("domoticz.mode", "direct");
        SettingsException error = assertThrows(SettingsException.class, () -> LoggerSettings.from(properties::getProperty));
        assertEquals("domoticz.devices=: direct mode needs at least one LABEL:IDX:TYPE device", error.getMessage());
    }

    @Test
    void derivedRoutePropertiesSwitchDestinationsOnAndOff() throws IOException {
        assertEquals("false", with("csv.file", "").routeProperties().get("csv.enabled"));
        assertEquals("true", with("domoticz.url", "http://rpi3:8080/").routeProperties().get("domoticz.enabled"));
        assertEquals("http://rpi3:8080", with("domoticz.url", "http://rpi3:8080/").domoticz().url().toString());
    }

    private static LoggerSettings withAll(String... keyValues) throws IOException {
        Properties properties = defaults();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return LoggerSettings.from(properties::getProperty, properties.stringPropertyNames());
    }

    @Test
    void namedPortsAreDevicesOfThatName() throws IOException {
        LoggerSettings settings = withAll("vedirect.port.house", "tcp:ser2net.local:4001", "vedirect.port.solar", "simulator:mppt",
                "csv.columns.solar", "Watts:PPV", "domoticz.devices.house", "V:12:number");
        assertEquals(List.of(new DeviceSettings("house", "tcp:ser2net.local:4001"), new DeviceSettings("solar", "simulator:mppt")),
                settings.devices(), "no simulator of its own once ports are named");
        assertTrue(settings.severalDevices());
        assertEquals(List.of(new CsvColumn("Watts", "PPV", BigDecimal.ONE)), settings.csvColumnsByDevice().get("solar"));
        assertEquals(12, settings.domoticz().devicesOf("house").get(0).idx());
        assertEquals(List.of(), settings.domoticz().devicesOf("solar"), "the plain domoticz.devices for the others");
        // The plain port beside named ones is the device called default.
        assertEquals("default", withAll("vedirect.port", "/dev/ttyUSB0", "vedirect.port.solar", "/dev/ttyUSB1").devices().get(0).name());
        // One named device is one device: one file, named as today.
        assertTrue(!withAll("vedirect.port.house", "/dev/ttyUSB0").severalDevices());
    }

    @Test
    void autoFindsCablesInAFolderWithFriendlyNames() throws IOException {
        LoggerSettings settings = withAll("vedirect.port", "auto?staleTimeout=20000", "vedirect.auto-folder", "/tmp/by-id",
                "vedirect.name.VE1SSGQF", "house", "csv.columns.house", "Volts:V:0.001");
        assertTrue(settings.auto() && settings.severalDevices());
        assertEquals(List.of(), settings.devices());
        assertEquals("staleTimeout=20000", settings.autoOptions());
        assertEquals("/tmp/by-id", settings.autoFolder());
        assertEquals("house", settings.friendlyNames().get("VE1SSGQF"));
        assertEquals("/dev/serial/by-id", withAll("vedirect.port", "auto").autoFolder());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "vedirect.port.solar|tcp:ser2net.local:4001|vedirect.port.solar=tcp:ser2net.local:4001: is the same port as vedirect.port.house: one device per port",
        "vedirect.port.my.solar|/dev/ttyUSB1|vedirect.port.my.solar=/dev/ttyUSB1: a device's name may only have letters, digits, _ and - ('my.solar' has others)",
        "vedirect.port.default|/dev/ttyUSB1|vedirect.port.default=/dev/ttyUSB1: the name default is reserved: pick another",
        "csv.columns.solar|Volts:V|csv.columns.solar=Volts:V: there is no device called solar (devices: house)",
        "domoticz.devices.solar|V:12:number|domoticz.devices.solar=V:12:number: there is no device called solar (devices: house)",
        "csv.columns.house|Volts:VV|csv.columns.house=Volts:VV: column Volts names VV, which is not a VE.Direct label (labels are case-sensitive: V, I, CE, SOC, Alarm, ...)",
    })
    void badDeviceSettingsAreOneLineNamingTheKey(String key, String value, String message) {
        SettingsException error = assertThrows(SettingsException.class,
                () -> withAll("vedirect.port.house", "tcp:SER2NET.local:4001", key, value));
        assertEquals(message, error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void twoSimulatorsOfOneModelAreTwoDevicesEachSeededByItsName() throws IOException {
        // A simulator is no hardware: nothing to share. Each gets the seed of its name (Devices.seeded).
        LoggerSettings settings = withAll("vedirect.port.house", "simulator:bmv702", "vedirect.port.boat", "simulator:bmv702");
        assertEquals(List.of("boat", "house"), settings.devices().stream().map(DeviceSettings::name).sorted().toList());
    }

    @Test
    void twoSimulatorsPinnedToOneSeedAreOneDevice() {
        SettingsException error = assertThrows(SettingsException.class, () -> withAll(
                "vedirect.port.house", "simulator:bmv702?simulatorSeed=7", "vedirect.port.boat", "simulator:bmv702?simulatorSeed=7"));
        assertTrue(error.getMessage().endsWith("is the same port as vedirect.port.house: one device per port")
                || error.getMessage().endsWith("is the same port as vedirect.port.boat: one device per port"), error.getMessage());
    }

    @Test
    void twoLinksToOneSerialPortAreOnePort(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path port = java.nio.file.Files.createFile(dir.resolve("ttyUSB0"));
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("usb-VictronEnergy_BV_VE_Direct_cable_VE1SSGQF-if00-port0"), port);
        SettingsException error = assertThrows(SettingsException.class,
                () -> withAll("vedirect.port.house", link + "?staleTimeout=20000", "vedirect.port.solar", port.toString()));
        assertTrue(error.getMessage().startsWith("vedirect.port.solar=" + port + ": is the same port as vedirect.port.house"), error.getMessage());
    }
}
