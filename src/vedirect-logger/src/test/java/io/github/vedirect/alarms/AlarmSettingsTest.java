package io.github.vedirect.alarms;

import io.github.vedirect.settings.SettingsException;
import io.github.vedirect.settings.UnknownSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlarmSettingsTest {

    private static AlarmSettings read(String... keysAndValues) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            given.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return AlarmSettings.read(given::get, given.keySet());
    }

    @Test
    void defaultsAreFiveMinutesOfSilenceNoRemindersAndNoRules() {
        AlarmSettings settings = read();
        assertEquals(Duration.ofMinutes(5), settings.noDataAfter());
        assertNull(settings.repeat());
        assertEquals(List.of(), settings.rules());
    }

    @Test
    void aRuleWithItsParts() {
        AlarmSettings settings = read("alarm.rule.low-soc", "SOC < 50", "alarm.rule.low-soc.clear", "SOC > 55",
                "alarm.rule.low-soc.for", "2m", "alarm.rule.low-soc.device", "house", "alarm.rule.high-v", "V>14.6",
                "alarm.repeat", "1h", "alarm.no-data-after", "10s");
        assertEquals(List.of(new AlarmRule("high-v", new Condition("V", false, new BigDecimal("14.6")), null, Duration.ZERO, null),
                new AlarmRule("low-soc", new Condition("SOC", true, new BigDecimal("50")), new Condition("SOC", false, new BigDecimal("55")),
                        Duration.ofMinutes(2), "house")), settings.rules());
        assertEquals(Duration.ofHours(1), settings.repeat());
        assertEquals(Duration.ofSeconds(10), settings.noDataAfter());
    }

    /** The catalogue's units: V 12800 mV on the wire is 12.8 V, SOC 455 is 45.5 %. */
    @Test
    void thresholdsAreInTheCataloguesUnits() {
        Condition volts = Condition.parse("k", "V < 12.81");
        assertTrue(volts.holds(12.8));
        assertTrue(Condition.parse("k", "SOC < 45.6").holds(45.5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alarm.rule.low|Soc < 50|alarm.rule.low=Soc < 50: unknown label Soc",
            "alarm.rule.low|SOC = 50|alarm.rule.low=SOC = 50: must be LABEL < NUMBER or LABEL > NUMBER",
            "alarm.rule.low|SOC < fifty|alarm.rule.low=SOC < fifty: fifty is not a number",
            "alarm.rule.low|SOC < 50%|alarm.rule.low=SOC < 50%: 50% is not a number",
            "alarm.rule.low|CS < 3|alarm.rule.low=CS < 3: CS is not a number field",
            "alarm.rule.low.for|2 minutes|alarm.rule.low.for=2 minutes: must be a duration",
            "alarm.rule.low.clear|SOC < 40|alarm.rule.low.clear=SOC < 40: clears on the same side",
            "alarm.rule.low.after|1m|alarm.rule.low.after=1m: a rule has only .clear, .for and .device",
            "alarm.rule.no-data|SOC < 50|alarm.rule.no-data=SOC < 50: no-data is a built-in alarm's name",
            "alarm.rule.other.for|1m|alarm.rule.other.for=1m: there is no alarm.rule.other",
            "alarm.no-data-after|5|alarm.no-data-after=5: must be a duration",
            "alarm.no-data-after|0s|alarm.no-data-after=0s: must be above 0",
            "alarm.repeat|1d|alarm.repeat=1d: must be a duration"})
    void aSettingThatCannotWorkNamesItsKey(String key, String value, String message) {
        Map<String, String> given = new HashMap<>(Map.of("alarm.rule.low", "SOC < 50"));
        given.put(key, value);
        SettingsException error = assertThrows(SettingsException.class, () -> AlarmSettings.read(given::get, given.keySet()));
        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }

    @Test
    void theRulesKeysAreKnownSettings() {
        assertEquals(List.of(), UnknownSettings.warnings(Set.of("alarm.rule.low-soc", "alarm.rule.low-soc.clear",
                "alarm.rule.low-soc.for", "alarm.rule.low-soc.device", "alarm.repeat", "notify.smtp.password")));
    }

    @Test
    void notifySettingsNeverShowTheirSecrets() {
        Map<String, String> given = Map.of("notify.url", "https://ntfy.sh/boat", "notify.token", "tk_secret",
                "notify.smtp.host", "smtp.example.org", "notify.smtp.password", "hunter2", "notify.smtp.from", "a@b.c",
                "notify.smtp.to", "d@e.f");
        NotifySettings notify = NotifySettings.read(given::get);
        assertTrue(!notify.toString().contains("tk_secret") && !notify.toString().contains("hunter2"), notify.toString());
        SettingsException error = assertThrows(SettingsException.class,
                () -> NotifySettings.read(Map.of("notify.url", "https://me:pw@ntfy.sh/boat")::get));
        assertTrue(!error.getMessage().contains("pw@"), error.getMessage());
        assertThrows(SettingsException.class, () -> NotifySettings.read(Map.of("notify.smtp.host", "smtp.example.org")::get));
    }
}
