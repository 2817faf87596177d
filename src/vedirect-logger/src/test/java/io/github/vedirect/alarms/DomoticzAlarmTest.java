package io.github.vedirect.alarms;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Alert device's level and text from the alarms raised now (docs/alarms.md, Domoticz). */
class DomoticzAlarmTest {

    private static ActiveAlarm alarm(String device, String alarm) {
        return new ActiveAlarm(device, alarm, Instant.parse("2026-12-06T04:00:00Z"), "x");
    }

    @Test
    void greenWithNoneYellowWithOnlyWarningsRedOtherwise() {
        assertEquals(1, DomoticzAlarm.level(List.of()));
        assertEquals("No alarms", DomoticzAlarm.text(List.of()));
        assertEquals(2, DomoticzAlarm.level(List.of(alarm("inverter", "warning"))));
        assertEquals(4, DomoticzAlarm.level(List.of(alarm("inverter", "warning"), alarm("house", "low-soc"))));
        assertEquals(4, DomoticzAlarm.level(List.of(alarm("solar", "off-reason"))));
    }

    @Test
    void theTextNamesTheAlarmsByDevice() {
        assertEquals("house: low-soc, no-data; solar: error", DomoticzAlarm.text(List.of(
                alarm("house", "low-soc"), alarm("house", "no-data"), alarm("solar", "error"))));
    }
}
