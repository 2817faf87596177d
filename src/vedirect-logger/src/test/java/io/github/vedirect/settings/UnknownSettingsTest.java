package io.github.vedirect.settings;

import io.github.vedirect.logger.LoggerLauncher;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownSettingsTest {

    @Test
    void aTypoIsNamedWithTheNearestKnownKey() {
        assertEquals(List.of("Unknown setting csv.colums (ignored); did you mean csv.columns?"),
                UnknownSettings.warnings(Set.of("csv.colums", "vedirect.interval")));
        assertEquals(List.of("Unknown setting domoticz.pasword (ignored); did you mean domoticz.password?"),
                UnknownSettings.warnings(Set.of("domoticz.pasword")));
    }

    @Test
    void nothingNearGivesNoGuess() {
        assertEquals(List.of("Unknown setting weather.station (ignored)"),
                UnknownSettings.warnings(Set.of("weather.station")));
    }

    @Test
    void knownNamedAndCamelKeysAreFine() {
        assertEquals(List.of(), UnknownSettings.warnings(Set.of("vedirect.port", "vedirect.port.house",
                "vedirect.name.VE1SSGQF", "csv.columns.solar", "domoticz.devices.house", "camel.main.name", "log.level",
                "history.file", "mqtt.control")));
        assertEquals(List.of("Unknown setting history.files (ignored); did you mean history.file?"),
                UnknownSettings.warnings(Set.of("history.files")));
        assertTrue(UnknownSettings.warnings(Set.of("vedirect.port.")).size() == 1, "a named key needs its name");
    }

    @Test
    void onlyDashDKeysThatStartLikeOursAreChecked() {
        assertTrue(UnknownSettings.looksLikeOurs("csv.colums"));
        assertTrue(UnknownSettings.looksLikeOurs("vedirect.intervall"));
        assertFalse(UnknownSettings.looksLikeOurs("java.io.tmpdir"));
        assertFalse(UnknownSettings.looksLikeOurs("user.dir"));
    }
}
