package io.github.vedirect.alarms;

import io.github.vedirect.settings.Setting;
import io.github.vedirect.settings.SettingsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The alarm settings ({@code alarm.*}), read and checked: the launcher reads them before Camel starts, so a rule that
 * cannot work is one line naming its key and exit code 2, and the beans are built from the same reading.
 *
 * @param repeat null: no reminders
 */
public record AlarmSettings(Duration noDataAfter, Duration repeat, Duration retry, List<AlarmRule> rules) {

    /** The alarms every device has, by the names their messages carry; a rule may not take one of them. */
    public static final Set<String> BUILT_IN = Set.of(BuiltInAlarms.DEVICE_ALARM, BuiltInAlarms.ERROR,
            BuiltInAlarms.WARNING, BuiltInAlarms.OFF_REASON, AlarmEngine.NO_DATA);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String RULE_PREFIX = Setting.ALARM_RULE.prefix();
    private static final Set<String> PARTS = Set.of("clear", "for", "device");

    public static AlarmSettings read(Function<String, String> properties, Collection<String> keys) {
        Duration noData = positive(Setting.ALARM_NO_DATA_AFTER, properties);
        String repeatText = Setting.ALARM_REPEAT.in(properties);
        Duration repeat = repeatText.isEmpty() ? null : positive(Setting.ALARM_REPEAT, properties);
        Duration retry = positive(Setting.NOTIFY_RETRY, properties);
        return new AlarmSettings(noData, repeat, retry, rules(properties, keys));
    }

    private static Duration positive(Setting setting, Function<String, String> properties) {
        String value = setting.orDefaultIn(properties);
        Duration duration = Durations.parse(setting.key(), value);
        if (duration.isZero()) {
            throw new SettingsException(setting.key(), value, "must be above 0");
        }
        return duration;
    }

    /** The rules in the order of their names, each checked whole: its extra keys need the rule itself. */
    private static List<AlarmRule> rules(Function<String, String> properties, Collection<String> keys) {
        Set<String> names = new TreeSet<>();
        for (String key : new TreeSet<>(keys)) {
            if (!key.startsWith(RULE_PREFIX)) {
                continue;
            }
            String rest = key.substring(RULE_PREFIX.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String value = value(properties, key);
            if (!NAME.matcher(name).matches()) {
                throw new SettingsException(key, value, "the rule's name must be letters, digits, _ and - (alarm.rule.low-soc)");
            }
            if (dot >= 0 && !PARTS.contains(rest.substring(dot + 1))) {
                throw new SettingsException(key, value, "a rule has only .clear, .for and .device");
            }
            if (value(properties, RULE_PREFIX + name) == null || value(properties, RULE_PREFIX + name).isEmpty()) {
                throw new SettingsException(key, value, "there is no " + RULE_PREFIX + name + " (LABEL < NUMBER) for it to belong to");
            }
            if (BUILT_IN.contains(name)) {
                throw new SettingsException(key, value, name + " is a built-in alarm's name: give the rule another");
            }
            names.add(name);
        }
        List<AlarmRule> rules = new ArrayList<>();
        for (String name : names) {
            String key = RULE_PREFIX + name;
            Condition raise = Condition.parse(key, value(properties, key));
            String clearText = value(properties, key + ".clear");
            Condition clear = clearText == null || clearText.isEmpty() ? null : Condition.parse(key + ".clear", clearText);
            if (clear != null && raise.label().equals(clear.label()) && raise.below() == clear.below()) {
                throw new SettingsException(key + ".clear", clearText, "clears on the same side as " + raise + " raises: "
                        + "use the other comparison (" + raise.label() + (raise.below() ? " > " : " < ") + "...)");
            }
            String forText = value(properties, key + ".for");
            Duration holdFor = forText == null || forText.isEmpty() ? Duration.ZERO : Durations.parse(key + ".for", forText);
            String device = value(properties, key + ".device");
            if (device != null && !device.isEmpty() && !NAME.matcher(device).matches()) {
                throw new SettingsException(key + ".device", device, "a device's name is letters, digits, _ and -");
            }
            rules.add(new AlarmRule(name, raise, clear, holdFor, device == null || device.isEmpty() ? null : device));
        }
        return List.copyOf(rules);
    }

    private static String value(Function<String, String> properties, String key) {
        String value = properties.apply(key);
        return value == null ? null : value.trim();
    }
}
