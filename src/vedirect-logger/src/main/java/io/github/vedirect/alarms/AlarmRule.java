package io.github.vedirect.alarms;

import java.time.Duration;

/**
 * A threshold alarm of the settings ({@code alarm.rule.NAME}).
 *
 * @param clear  when it clears; null: as soon as {@code raise} no longer holds
 * @param device the only device it applies to; null: every device that sends the label
 */
public record AlarmRule(String name, Condition raise, Condition clear, Duration holdFor, String device) {

    public boolean appliesTo(String deviceName) {
        return device == null || device.equals(deviceName);
    }
}
