package io.github.vedirect.protocol;

import java.math.BigDecimal;
import java.util.HexFormat;

/**
 * A register's value as a device sent it, typed by the catalogue: a scaled number, a text, or the
 * bytes of a record; or "not available" when the device sent the register's n/a marker.
 *
 * @param number scaled value in the register's unit; null for text, records and n/a
 * @param text   for string registers
 */
public record HexValue(HexRegister register, byte[] bytes, BigDecimal number, String text, boolean available) {

    public HexValue {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The little-endian number as sent, before scaling (sign-extended for signed types). */
    public long raw() {
        return register.raw(bytes);
    }

    /** "15.0 A", "SmartSolar Charger MPPT 100/30", "n/a", or the record's bytes in hex. */
    @Override
    public String toString() {
        if (!available) {
            return "n/a";
        }
        if (text != null) {
            return text;
        }
        if (number != null) {
            return register.format(number);
        }
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HexValue value && value.register.equals(register)
                && java.util.Arrays.equals(value.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * register.hashCode() + java.util.Arrays.hashCode(bytes);
    }
}
