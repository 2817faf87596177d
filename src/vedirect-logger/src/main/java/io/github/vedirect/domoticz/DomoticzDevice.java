package io.github.vedirect.domoticz;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.Unit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One Domoticz virtual sensor fed directly ({@code param=udevice}), without a Lua parser: the label it
 * shows, its idx, and its sensor type, which decides the svalue format Domoticz expects.
 */
public record DomoticzDevice(String label, int idx, Type type) {

    /** The virtual sensor types a VE.Direct value fits, named as in Domoticz's "Create Virtual Sensor" dialog. */
    public enum Type {
        /**
         * Voltage, Ampere (1 phase), Percentage, Custom sensor, Usage (Electric), Temperature: the number itself,
         * in the unit of {@link VeDirectRecord#scaled}; a code (CS, ERR, MPPT, MODE, MON) as its number, a
         * bitmask (AR, OR, WARN) as its sum, ON/OFF as 1/0, TTG's "infinite" as the -1 the device sends.
         */
        NUMBER,
        /**
         * Electric (Instant+Counter): {@code POWER;ENERGY} with energy in Wh, from a kWh counter, and the power
         * that moves it (see {@link #counterPower}).
         */
        COUNTER,
        /** Switch: nvalue 1 for ON, 0 for OFF. */
        SWITCH,
        /** Alert: nvalue 1 (green) when OFF or 0, 4 (red) otherwise, the value as text. */
        ALERT,
        /** Text: the value as text (product names, decoded states). */
        TEXT
    }

    /** What a record gives this device: an update to send, or the reason there is none. */
    public sealed interface Outcome permits Update, Unsent {
    }

    /** What to send: {@code nvalue} and {@code svalue}. */
    public record Update(int nvalue, String svalue) implements Outcome {
    }

    /**
     * Nothing can be sent: {@code why} says it for a log line; {@code reason} is the same for the same
     * cause, so that a cause is told once however many records have it.
     */
    public record Unsent(String reason, String why) implements Outcome {
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

    /** The update for this device from a record, or why there is none. */
    public Outcome update(VeDirectRecord record) {
        String raw = record.raw(label);
        if (raw == null) {
            return new Unsent("absent", "the device does not send " + label);
        }
        FieldValue value = record.typed(label);
        if (value instanceof FieldValue.NotAvailable) {
            return new Unsent("not available", "the device sends --- (no value: a BMV not synchronised yet, no "
                    + "temperature sensor, or a monitor in DC-monitor mode)");
        }
        switch (type) {
            case NUMBER:
                return number(value, raw);
            case COUNTER:
                if (value instanceof FieldValue.Measurement m && m.unit() == Unit.KILOWATT_HOUR) {
                    // kWh to Wh as a decimal shift: 24.04 * 1000 in doubles is 24040.000000000004.
                    String wattHours = BigDecimal.valueOf(m.value()).movePointRight(3).stripTrailingZeros().toPlainString();
                    return new Update(0, plain(counterPower(record)) + ";" + wattHours);
                }
                return new Unsent("not energy", "the type counter needs an energy counter in kWh (H17, H18, H19, "
                        + "H20, H22), and " + label + " is not one ('" + raw + "')");
            case SWITCH:
                return value instanceof FieldValue.OnOff o ? new Update(o.on() ? 1 : 0, "")
                        : new Unsent("not on/off", "the type switch needs ON or OFF, and " + label + " is '" + raw + "'");
            case ALERT:
                boolean quiet = raw.equals("OFF") || raw.equals("0");
                return new Update(quiet ? 1 : 4, value.toString());
            default:
                return new Update(0, value.toString());
        }
    }

    private Outcome number(FieldValue value, String raw) {
        if (value instanceof FieldValue.Measurement m) {
            return new Update(0, plain(m.value()));
        }
        if (value instanceof FieldValue.Enumerated e) {
            return new Update(0, Integer.toString(e.code()));
        }
        if (value instanceof FieldValue.Flags f) {
            return new Update(0, Long.toString(f.mask()));
        }
        if (value instanceof FieldValue.OnOff o) {
            return new Update(0, o.on() ? "1" : "0");
        }
        if (value instanceof FieldValue.Infinite) {
            // TTG -1, the battery not discharging: a Custom sensor holds numbers only, so the device's own -1.
            return new Update(0, "-1");
        }
        return new Unsent("text", "the type number needs a number, and " + label + " is text ('" + raw
                + "'): use the type text");
    }

    /**
     * The power, in W, that moves the counter this device shows: a solar charger's panel power PPV for its
     * yield H19 (total) and H20 (today); for a battery monitor's H17 (discharged) the power going out of
     * the battery, for H18 (charged) the power going in, from the signed P. A monitor in DC-monitor mode
     * (MON not 0) measures one source (MON below 0: H17 is what it produced) or one load (above 0: H18 is
     * what it consumed): all of P's size belongs to that counter. 0 when nothing moves the counter now:
     * yesterday's yield H22, the other direction of a monitor, or a record without PPV or P.
     */
    double counterPower(VeDirectRecord record) {
        switch (label) {
            case "H19":
            case "H20":
                return Math.max(0, measured(record, "PPV"));
            case "H17":
            case "H18":
                double power = measured(record, "P");
                FieldValue mode = record.typed("MON");
                int monitor = mode instanceof FieldValue.Enumerated e ? e.code() : 0;
                if (monitor != 0) {
                    boolean counts = label.equals("H17") ? monitor < 0 : monitor > 0;
                    return counts ? Math.abs(power) : 0;
                }
                return label.equals("H17") ? Math.max(0, -power) : Math.max(0, power);
            default:
                return 0;
        }
    }

    private static double measured(VeDirectRecord record, String label) {
        Double value = record.scaled(label);
        return value == null ? 0 : value;
    }

    /** 12.065, 100, -7.625: no exponent, no trailing zeros, as Domoticz shows numbers. */
    static String plain(double number) {
        String text = BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
