package io.github.vedirect.alarms;

import io.github.vedirect.component.VeDirectRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's timing on a clock the test moves: reminders, and which event a channel may still retry. */
class AlarmEngineTest {

    /** A clock that stands still until moved. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-06T04:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;

    private final Hands clock = new Hands();
    private final List<AlarmEvent> events = new ArrayList<>();

    private AlarmEngine engine(Duration repeat) {
        AlarmRule lowSoc = new AlarmRule("low-soc", new Condition("SOC", true, new BigDecimal("50")), null, Duration.ZERO, null);
        return new AlarmEngine(new AlarmSettings(Duration.ofMinutes(5), repeat, Duration.ofSeconds(30), List.of(lowSoc)),
                new FileAlarmState(dir.resolve("alarms.properties")), events::add, clock);
    }

    private static VeDirectRecord soc(int tenths) {
        return new VeDirectRecord(Map.of("PID", "0x204", "SOC", (long) tenths));
    }

    @Test
    void aReminderComesEveryRepeatWhileTheAlarmLastsAndNeverAfter() {
        AlarmEngine engine = engine(Duration.ofMinutes(10));
        engine.record("house", soc(400));
        for (int minute = 1; minute <= 25; minute++) {
            clock.now = clock.now.plusSeconds(60);
            engine.record("house", soc(400));
            engine.tick(List.of("house"));
        }
        engine.record("house", soc(600));
        clock.now = clock.now.plusSeconds(3600);
        engine.record("house", soc(600));
        engine.tick(List.of("house"));
        assertEquals(List.of("RAISED false", "RAISED true", "RAISED true", "CLEARED false"),
                events.stream().map(e -> e.state() + " " + e.reminder()).toList());
        assertEquals("house: low-soc raised, still, for 10m 0s (SOC 40 %)", events.get(1).text());
    }

    @Test
    void withoutRepeatALongAlarmIsSentOnce() {
        AlarmEngine engine = engine(null);
        for (int minute = 0; minute <= 120; minute++) {
            engine.record("house", soc(400));
            engine.tick(List.of("house"));
            clock.now = clock.now.plusSeconds(60);
        }
        assertEquals(1, events.size());
    }

    @Test
    void onlyAnAlarmsNewestEventIsStillWorthRetrying() {
        AlarmEngine engine = engine(null);
        engine.record("house", soc(400));
        AlarmEvent raised = events.get(0);
        assertTrue(engine.isNewest(raised));
        engine.record("house", soc(600));
        assertFalse(engine.isNewest(raised), "a channel that failed with raised now sends cleared only");
        assertTrue(engine.isNewest(events.get(1)));
        assertEquals(Map.of("house/low-soc", false), engine.states());
    }
}
