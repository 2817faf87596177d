package io.github.vedirect.alarms;

import java.time.Instant;

/** An alarm that is raised now, as kept across restarts and shown on /status and /metrics. */
public record ActiveAlarm(String device, String alarm, Instant since, String value) {

    public String key() {
        return device + "/" + alarm;
    }
}
