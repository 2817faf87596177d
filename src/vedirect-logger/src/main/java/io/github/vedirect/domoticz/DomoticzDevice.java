package io.github.vedirect.domoticz;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One Domoticz virtual sensor fed directly ({@code param=udevice}), without a Lua parser: the label it
 * shows, its idx, and its sensor type, which decides the svalue format Domoticz expects.
 */
public record DomoticzDevice(String label, int idx, Type type) {

    /** The virtual sensor types a VE.Direct value fits, named as in Domoticz's "Create Virtual Sensor" dialog. */
    public enum Type {
        /** Voltage, Ampere (1 phase), Percentage, Custom sensor, Usage (Electric), Temperature: the number itself. */
        NUMBER,
        /** Electric (Instant+Counter): {@code POWER;ENERGY} with energy in Wh, from a kWh counter such as H17. */
        COUNTER,
        /** Switch: nvalue 1 for ON, 0 for OFF. */
        SWITCH,
        /** Alert: nvalue 1 (green) when OFF or 0, 4 (red) otherwise, the value as text. */
        ALERT,
        /** Text: the value as text (product names, decoded states). */
        TEXT
    }

    /** What to send: {@code nvalue} and {@code svalue}. */
    public record Update(int nvalue, String svalue) {
    }

    /**
     * Parses {@code LABEL:IDX:TYPE,...}, e.g. {@code V:12:number,SOC:13:number,Alarm:14:alert}.
     *
     * @throws IllegalArgumentException saying which item is wrong and what an item looks like
     */
    public static List<DomoticzDevice> parseAll(String value) {
        List<DomoticzDevice> devices = new ArrayList<>();
        if (value.isBlank()) {
            return devices;
        }
        for (String item : value.split(",")) {
            String[] parts = item.trim().split(":");
            try {
                devices.add(new DomoticzDevice(parts[0].trim(), Integer.parseInt(parts[1].trim()),
                        Type.valueOf(parts[2].trim().toUpperCase(Locale.ROOT))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("each device is LABEL:IDX:TYPE with TYPE one of "
                        + "number, counter, switch, alert, text ('" + item.trim() + "' is not)", e);
            }
        }
        return Collections.unmodifiableList(devices);
    }

    /** The update for this device from a record, or empty when the record lacks the label or it is not available. */
    public Optional<Update> update(VeDirectRecord record) {
        String raw = record.raw(label);
        FieldValue value = record.typed(label);
        if (raw == null || value instanceof FieldValue.NotAvailable) {
            return Optional.empty();
        }
        switch (type) {
            case NUMBER:
                return value instanceof FieldValue.Measurement m ? Optional.of(new Update(0, plain(m.value()))) : Optional.empty();
            case COUNTER:
                return value instanceof FieldValue.Measurement m
                        ? Optional.of(new Update(0, "0;" + plain(m.value() * 1000))) : Optional.empty();
            case SWITCH:
                return value instanceof FieldValue.OnOff o ? Optional.of(new Update(o.on() ? 1 : 0, "")) : Optional.empty();
            case ALERT:
                boolean quiet = raw.equals("OFF") || raw.equals("0");
                return Optional.of(new Update(quiet ? 1 : 4, value.toString()));
            default:
                return Optional.of(new Update(0, value.toString()));
        }
    }

    /** 12.065, 100, -7.625: no exponent, no trailing zeros, as Domoticz shows numbers. */
    static String plain(double number) {
        String text = BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
