package io.github.vedirect.alarms;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alarms every device has, judged from one record: its own alarm (a monitor's {@code Alarm} ON or {@code AR}),
 * and a charger's or inverter's error ({@code ERR}), warning ({@code WARN}) and off reason ({@code OR}), each named
 * from the field catalogue. A record without a field says nothing about its alarm: the alarm stays as it is.
 */
final class BuiltInAlarms {

    static final String DEVICE_ALARM = "device-alarm";
    static final String ERROR = "error";
    static final String WARNING = "warning";
    static final String OFF_REASON = "off-reason";

    /**
     * Off reasons that are a solar charger's night, not a fault: "No input power" (bit 0) and "no PV power"
     * (bit 10). An alarm every evening would teach its owner to ignore them all.
     */
    static final long NIGHT_OFF_REASONS = 0x1L | 0x400L;

    /** Whether an alarm is on, and what the device says about it ({@code Low voltage}, {@code Battery voltage too high (2)}). */
    record Observation(boolean active, String value) {
    }

    private BuiltInAlarms() {
    }

    /** What the record says about each built-in alarm it has a field for. */
    static Map<String, Observation> judge(VeDirectRecord record) {
        Map<String, Observation> seen = new LinkedHashMap<>();
        FieldValue alarm = record.typed("Alarm");
        FieldValue reasons = record.typed("AR");
        if (alarm != null || reasons != null) {
            List<String> named = reasons instanceof FieldValue.Flags flags ? flags.names() : List.of();
            boolean on = alarm instanceof FieldValue.OnOff onOff && onOff.on() || !named.isEmpty();
            seen.put(DEVICE_ALARM, new Observation(on, named.isEmpty() ? (on ? "Alarm ON" : "none") : String.join(", ", named)));
        }
        if (record.typed("ERR") instanceof FieldValue.Enumerated error) {
            seen.put(ERROR, new Observation(error.code() != 0, error.toString()));
        }
        if (record.typed("WARN") instanceof FieldValue.Flags warning) {
            seen.put(WARNING, new Observation(warning.mask() != 0, warning.toString()));
        }
        if (record.typed("OR") instanceof FieldValue.Flags off) {
            long fault = off.mask() & ~NIGHT_OFF_REASONS;
            seen.put(OFF_REASON, new Observation(fault != 0, String.join(", ", FieldCatalogue.offReasons(fault))));
        }
        return seen;
    }
}
