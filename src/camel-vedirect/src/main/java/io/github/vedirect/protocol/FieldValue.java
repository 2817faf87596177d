package io.github.vedirect.protocol;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** A decoded text-mode value; {@link FieldCatalogue#interpret} produces exactly one of these per field. */
public sealed interface FieldValue {

    /** A number already scaled to its SI unit. */
    record Measurement(double value, Unit unit) implements FieldValue {
        public Measurement {
            Objects.requireNonNull(unit, "unit");
        }

        /**
         * Scales a wire integer by a power of ten as a decimal shift, so 12800 mV becomes exactly the double
         * nearest to 12.8 instead of 12800 * 0.001 = 12.799999999999999.
         */
        public static Measurement of(long raw, int decimalShift, Unit unit) {
            return new Measurement(BigDecimal.valueOf(raw).movePointLeft(decimalShift).doubleValue(), unit);
        }

        @Override
        public String toString() {
            // BigDecimal.valueOf uses the shortest repr, so 945.0 prints "945" and 12.8 prints "12.8";
            // it rejects NaN and infinities, which only a hand-made Measurement can hold.
            String number = Double.isFinite(value)
                    ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                    : Double.toString(value);
            return unit.symbol().isEmpty() ? number : number + " " + unit.symbol();
        }
    }

    /** The wire value {@code ---}: the device has no value (not synchronised, no sensor, DC-monitor mode). */
    enum NotAvailable implements FieldValue {
        NOT_AVAILABLE;

        @Override
        public String toString() {
            return "not available";
        }
    }

    /** {@code TTG -1}: the battery is not discharging, so time-to-go is unbounded. */
    enum Infinite implements FieldValue {
        INFINITE;

        @Override
        public String toString() {
            return "infinite";
        }
    }

    record OnOff(boolean on) implements FieldValue {
        @Override
        public String toString() {
            return on ? "ON" : "OFF";
        }
    }

    /** A code from one of the enumeration tables; unknown codes are kept with the name "Unknown (code)". */
    record Enumerated(int code, String name) implements FieldValue {
        public Enumerated {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            // The unknown-code name already carries the code; don't print it twice.
            return name.equals(FieldCatalogue.unknownName(code)) ? name : name + " (" + code + ")";
        }
    }

    /** A bitmask with the names of its set bits, lowest bit first; bits without a meaning are named "bit N". */
    record Flags(long mask, List<String> names) implements FieldValue {
        public Flags {
            names = List.copyOf(names);
        }

        @Override
        public String toString() {
            return names.isEmpty() ? "none" : String.join(", ", names);
        }
    }

    record Product(int id, String name) implements FieldValue {
        public Product {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            String hexId = String.format("0x%04X", id);
            // The unknown-product name already carries the id; don't print it twice.
            return name.endsWith(hexId) ? name : name + " (" + hexId + ")";
        }
    }

    /** A firmware version in Victron's display form, e.g. "4.08", "2.08-rc C", "2.08-beta-01". */
    record Firmware(String version) implements FieldValue {
        public Firmware {
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String toString() {
            return version;
        }
    }

    /** Free text, an unknown label's value, or a value that did not match its field's format. */
    record Text(String text) implements FieldValue {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
