package io.github.vedirect.alarms;

import java.time.Duration;
import java.time.Instant;

/**
 * An alarm raised, cleared or recalled ({@code alarm.repeat}): what goes to {@code seda:alarms}, one message each.
 *
 * @param since    when the alarm was raised
 * @param at       when this happened (the clearing time for a cleared alarm)
 * @param sequence this alarm's events counted up, so that a channel retries only the newest
 */
public record AlarmEvent(String device, String alarm, State state, String value, Instant since, Instant at,
                         boolean reminder, long sequence) {

    public enum State {
        RAISED, CLEARED;

        /** As the messages say it: raised, cleared. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How long the alarm lasted (cleared) or has lasted so far. */
    public Duration lasted() {
        return Duration.between(since, at);
    }

    /** {@code house: low-soc raised} */
    public String title() {
        return device + ": " + alarm + " " + state.word();
    }

    /** The message's one line: {@code house: low-soc raised (SOC 48.5 %)}, {@code ... cleared after 12m 3s (SOC 56 %)}. */
    public String text() {
        String how = state == State.CLEARED ? " after " + Durations.human(lasted())
                : reminder ? ", still, for " + Durations.human(lasted()) : "";
        return title() + how + " (" + value + ")";
    }

    /** The key of the alarm: one device's one alarm. */
    public String key() {
        return device + "/" + alarm;
    }
}
