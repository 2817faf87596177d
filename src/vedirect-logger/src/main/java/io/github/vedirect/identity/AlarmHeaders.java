package io.github.vedirect.identity;

/**
 * The headers of an alarm message on {@code seda:alarms} (docs/alarms.md), beside {@link DeviceHeaders#NAME}: here, so
 * that the channels of the packages below the alarms (MQTT) read them without depending on the alarms.
 */
public final class AlarmHeaders {

    /** The alarm: {@code low-soc}, {@code device-alarm}, {@code error}, {@code warning}, {@code off-reason}, {@code no-data}. */
    public static final String ALARM = "VeDirectAlarm";
    /** {@code raised} or {@code cleared}. */
    public static final String STATE = "VeDirectAlarmState";
    /** What the device said: {@code SOC 49.5 %}. */
    public static final String VALUE = "VeDirectAlarmValue";
    /** When the alarm was raised, ISO-8601 UTC. */
    public static final String SINCE = "VeDirectAlarmSince";
    /** {@code true} for an {@code alarm.repeat} reminder. */
    public static final String REMINDER = "VeDirectAlarmReminder";

    private AlarmHeaders() {
    }
}
