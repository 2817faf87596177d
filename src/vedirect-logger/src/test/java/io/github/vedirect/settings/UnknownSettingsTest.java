package io.github.vedirect.settings;

import io.github.vedirect.logger.LoggerLauncher;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownSettingsTest {

    private static Set<String> builtIn() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = LoggerLauncher.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        return defaults.stringPropertyNames();
    }

    @Test
    void aTypoIsNamedWithTheNearestKnownKey() throws IOException {
        assertEquals(List.of("Unknown setting csv.colums (ignored); did you mean csv.columns?"),
                UnknownSettings.warnings(builtIn(), Set.of("csv.colums", "vedirect.interval")));
        assertEquals(List.of("Unknown setting domoticz.pasword (ignored); did you mean domoticz.password?"),
                UnknownSettings.warnings(builtIn(), Set.of("domoticz.pasword")));
    }

    @Test
    void nothingNearGivesNoGuess() throws IOException {
        assertEquals(List.of("Unknown setting weather.station (ignored)"),
                UnknownSettings.warnings(builtIn(), Set.of("weather.station")));
    }

    @Test
    void knownNamedAndCamelKeysAreFine() throws IOException {
        assertEquals(List.of(), UnknownSettings.warnings(builtIn(), Set.of("vedirect.port", "vedirect.port.house",
                "vedirect.name.VE1SSGQF", "csv.columns.solar", "domoticz.devices.house", "camel.main.name", "log.level",
                "history.file", "mqtt.control")));
        assertEquals(List.of("Unknown setting history.files (ignored); did you mean history.file?"),
                UnknownSettings.warnings(builtIn(), Set.of("history.files")));
        assertTrue(UnknownSettings.warnings(builtIn(), Set.of("vedirect.port.")).size() == 1, "a named key needs its name");
    }

    @Test
    void onlyDashDKeysThatStartLikeOursAreChecked() {
        assertTrue(UnknownSettings.looksLikeOurs("csv.colums"));
        assertTrue(UnknownSettings.looksLikeOurs("vedirect.intervall"));
        assertFalse(UnknownSettings.looksLikeOurs("java.io.tmpdir"));
        assertFalse(UnknownSettings.looksLikeOurs("user.dir"));
    }
}
