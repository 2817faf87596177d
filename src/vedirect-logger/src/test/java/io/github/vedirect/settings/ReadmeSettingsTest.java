package io.github.vedirect.settings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's common set-up (a battery monitor and a solar charger to Domoticz or Home Assistant) is what a new
 * user copies first: every key in it is one the logger knows, and together with the built-in defaults it makes the
 * settings it says it does.
 */
class ReadmeSettingsTest {

    /** Surefire runs this module's tests in the project's root folder. */
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmesCommonSetUpIsValidSettings() throws IOException {
        Matcher block = Pattern.compile("(?s)## Configuration\\n.*?```properties\\n(.*?)```").matcher(
                Files.readString(README, StandardCharsets.UTF_8));
        assertTrue(block.find(), "README.md has a properties block under ## Configuration");
        Properties given = new Properties();
        given.load(new StringReader(block.group(1)));

        // What the logger itself starts from (LoggerLauncher.effectiveProperties): the catalogue's defaults.
        Properties effective = Setting.defaults();
        assertEquals(List.of(), UnknownSettings.warnings(given.stringPropertyNames()));
        effective.putAll(given);

        LoggerSettings settings = LoggerSettings.from(effective::getProperty, effective.stringPropertyNames());
        assertEquals(List.of("house", "solar"), settings.devices().stream().map(DeviceSettings::name).sorted().toList());
        assertTrue(settings.domoticz() != null && settings.domoticz().url() != null, "Domoticz is on");
        assertTrue(settings.mqtt() != null, "MQTT is on");
    }
}
