package io.github.vedirect.alarms;

import io.github.vedirect.logging.LogCapture;
import io.github.vedirect.protocol.FieldCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alarms of the real logger over devices on TCP whose values the test sets. */
class AlarmsTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** A battery monitor (BMV-702) at 80 % with no alarm. */
    static Map<String, String> monitor() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", "0x204");
        fields.put("V", "12800");
        fields.put("I", "-1000");
        fields.put("SOC", "800");
        fields.put("Alarm", "OFF");
        fields.put("AR", "0");
        return fields;
    }

    /** A SmartSolar MPPT charging in bulk, no error. */
    static Map<String, String> charger() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", "0xA053");
        fields.put("V", "13400");
        fields.put("I", "5000");
        fields.put("CS", "3");
        fields.put("OR", "0x00000000");
        fields.put("ERR", "0");
        return fields;
    }

    private Map<String, String> settings(TcpDevice house, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("vedirect.port.house", house.source());
        settings.put("store.folder", dir.resolve("store").toString());
        settings.put("vedirect.interval", "60");
        settings.putAll(more);
        return settings;
    }

    @Test
    void aRuleWithHysteresisIsRaisedAndClearedExactlyOnceEach() throws Exception {
        try (TcpDevice house = new TcpDevice(monitor()); LogCapture log = new LogCapture();
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, Map.of(
                     "alarm.rule.low-soc", "SOC < 50", "alarm.rule.low-soc.clear", "SOC > 55")))) {
            run.judged("house", "SOC", "800");
            // Down through the threshold, back up into the gap and down again, up past the clearing value, into the gap.
            for (String soc : List.of("450", "520", "480", "530", "490", "560", "520", "490")) {
                house.set("SOC", soc);
                run.judged("house", "SOC", soc);
                if (soc.equals("450")) {
                    run.awaitMessage("house low-soc raised", LIMIT);
                }
                if (soc.equals("560")) {
                    run.awaitMessage("house low-soc cleared", LIMIT);
                }
            }
            // 49 % again after the clearing: a new episode, raised once more (the first raise is already in the list).
            run.awaitMessage("house low-soc raised", 2, LIMIT);
            assertEquals(List.of("house low-soc raised", "house low-soc cleared", "house low-soc raised"),
                    run.briefs().stream().filter(b -> b.contains("low-soc")).toList());
            AlarmRun.Message raised = run.messages.get(0);
            assertEquals("SOC 45 %", raised.value());
            assertEquals("house: low-soc raised (SOC 45 %)", raised.text());
            AlarmRun.Message cleared = run.messages.get(1);
            assertEquals(raised.since(), cleared.since());
            assertTrue(cleared.text().startsWith("house: low-soc cleared after "), cleared.text());
            assertEquals(2, log.lines().stream().filter(l -> l.startsWith("WARN Alarm house: low-soc raised")).count(), log.lines().toString());
            assertEquals(1, log.lines().stream().filter(l -> l.startsWith("INFO Alarm house: low-soc cleared after")).count(), log.lines().toString());
        }
    }

    @Test
    void aRuleIsRaisedOnlyOnceItHeldForItsTime() throws Exception {
        try (TcpDevice house = new TcpDevice(monitor());
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, Map.of(
                     "alarm.rule.low-voltage", "V < 12.2", "alarm.rule.low-voltage.for", "2s")))) {
            run.judged("house", "V", "12800");
            // A dip shorter than 2 s: the device sends 12.1 V for one judged record and is back up at once.
            house.set("V", "12100");
            run.judged("house", "V", "12100");
            house.set("V", "12800");
            run.judged("house", "V", "12800");
            Instant back = run.device("house").lastRecordAt();
            AlarmRun.await("3 s of records after the dip", LIMIT,
                    () -> Duration.between(back, run.device("house").lastRecordAt()).toMillis() > 3000);
            assertEquals(List.of(), run.briefs(), "a dip shorter than alarm.rule.NAME.for raises nothing");
            // Taken before the device falls: every low record comes after it, however late this thread runs later
            // (an instant read after the logger had judged a low record could be one record or more late).
            Instant low = Instant.now();
            house.set("V", "12100");
            run.judged("house", "V", "12100");
            run.awaitMessage("house low-voltage raised", LIMIT);
            Instant raisedSeen = Instant.now();
            assertTrue(Duration.between(low, raisedSeen).toMillis() >= 2000, "raised "
                    + Duration.between(low, raisedSeen).toMillis() + " ms after the voltage fell, before its 2 s");
            assertEquals("V 12.1 V", run.messages.get(0).value());
        }
    }

    @Test
    void aSilentDeviceRaisesNoDataAndClearsItWhenItSpeaksAgain() throws Exception {
        try (TcpDevice house = new TcpDevice(monitor());
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, Map.of("alarm.no-data-after", "2s")))) {
            run.judged("house", "SOC", "800");
            house.silent(true);
            AlarmRun.await("silence", LIMIT, () -> run.device("house").lastRecordAt() != null);
            run.awaitMessage("house no-data raised", LIMIT);
            Instant last = run.device("house").lastRecordAt();
            Instant since = Instant.parse(run.messages.get(0).since());
            assertTrue(Duration.between(last, since).toMillis() >= 1900, "raised " + Duration.between(last, since) + " after the last record");
            house.silent(false);
            run.awaitMessage("house no-data cleared", LIMIT);
            assertEquals(List.of("house no-data raised", "house no-data cleared"), run.briefs());
        }
    }

    @Test
    void aDevicesOwnAlarmAndAChargersErrorAreNamed() throws Exception {
        try (TcpDevice house = new TcpDevice(monitor()); TcpDevice solar = new TcpDevice(charger())) {
            Map<String, String> more = Map.of("vedirect.port.solar", solar.source());
            try (AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, more))) {
                run.judged("house", "SOC", "800");
                run.judged("solar", "CS", "3");
                // Together: a block with Alarm ON and the old AR 0 would raise the alarm with no reason.
                house.set(Map.of("Alarm", "ON", "AR", "2"));
                solar.set("ERR", "2");
                solar.set("CS", "2");
                run.awaitMessage("house device-alarm raised", LIMIT);
                run.awaitMessage("solar error raised", LIMIT);
                assertEquals(String.join(", ", FieldCatalogue.alarmReasons(2)), value(run, "house device-alarm raised"));
                assertEquals("Battery voltage too high (2)", value(run, "solar error raised"));
                house.set(Map.of("Alarm", "OFF", "AR", "0"));
                solar.set("ERR", "0");
                run.awaitMessage("house device-alarm cleared", LIMIT);
                run.awaitMessage("solar error cleared", LIMIT);
                assertEquals(4, run.messages.size(), run.briefs().toString());
            }
        }
    }

    /** With the store (its SQLite file, table active_alarms) and without (a file beside the CSV). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRestartDuringAnAlarmRaisesItNoSecondTime(boolean store) throws Exception {
        Map<String, String> more = Map.of("alarm.rule.low-soc", "SOC < 50", "store.folder", store ? dir.resolve("store").toString() : "");
        String firstSince;
        try (TcpDevice house = new TcpDevice(monitor())) {
            house.set("SOC", "400");
            try (AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, more))) {
                run.awaitMessage("house low-soc raised", LIMIT);
                firstSince = run.messages.get(0).since();
            }
            try (LogCapture log = new LogCapture(); AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, more))) {
                run.judged("house", "SOC", "400");
                run.judged("house", "SOC", "400");
                assertEquals(List.of(), run.briefs(), "the alarm raised before the restart is not raised again");
                assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("INFO Alarm still raised since")), log.lines().toString());
                house.set("SOC", "600");
                run.awaitMessage("house low-soc cleared", LIMIT);
                assertEquals(firstSince, run.messages.get(0).since(), "the episode began before the restart");
            }
        }
    }

    private static String value(AlarmRun run, String brief) {
        return run.messages.stream().filter(m -> m.brief().equals(brief)).findFirst().orElseThrow().value();
    }
}
