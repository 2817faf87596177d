package io.github.vedirect.alarms;

import io.github.vedirect.settings.SettingsException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The durations of the alarm settings as users write them ({@code 10s}, {@code 5m}, {@code 1h}), and as the log says them. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})\\s*([smh])");

    private Durations() {
    }

    /** A whole number of seconds, minutes or hours; anything else stops the start naming {@code key}. */
    public static Duration parse(String key, String value) {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new SettingsException(key, value, "must be a duration: a whole number and s, m or h (10s, 5m, 1h)");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return duration;
    }

    /** {@code 1h 5m}, {@code 2m 3s}, {@code 12s}: the two largest parts, for how long an alarm lasted. */
    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        long rest = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + rest + "s";
        }
        return rest + "s";
    }
}
