package io.github.vedirect.protocol;

import java.util.Objects;

/**
 * Static description of one text-mode label.
 *
 * @param decimalShift power of ten the wire integer is divided by to reach {@code unit} (mV to V: 3); 0 for
 *                     anything that is not a {@link Kind#NUMBER}
 */
public record FieldDefinition(String label, String description, Kind kind, Unit unit, int decimalShift) {

    /** How the wire text of a field is to be read. */
    public enum Kind {
        /** Signed decimal integer, scaled by {@code decimalShift}. */
        NUMBER,
        /** {@code ON} / {@code OFF}. */
        ON_OFF,
        /** Decimal code looked up in an enumeration table. */
        ENUM,
        /** Bitmask, decimal ({@code AR}, {@code WARN}) or {@code 0x}-prefixed hex ({@code OR}). */
        FLAGS,
        /** {@code 0x}-prefixed product id. */
        PRODUCT,
        /** {@code FW} or {@code FWE} version string. */
        FIRMWARE,
        /** Opaque text. */
        TEXT
    }

    public FieldDefinition {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
    }
}
