package io.github.vedirect.protocol;

/**
 * How a HEX register's value is laid out on the wire: little-endian integers of a fixed size,
 * NUL-terminated text, or a record whose layout its register documents.
 */
public enum HexType {
    U8(1, false),
    U16(2, false),
    S16(2, true),
    U24(3, false),
    U32(4, false),
    S32(4, true),
    /** ASCII, NUL-terminated or as long as the frame. */
    STRING(0, false),
    /** Several fields in one value (product id record, history records); decoded by the register's own reader. */
    RECORD(0, false);

    private final int size;
    private final boolean signed;

    HexType(int size, boolean signed) {
        this.size = size;
        this.signed = signed;
    }

    /** Bytes on the wire; 0 when the length varies. */
    public int size() {
        return size;
    }

    public boolean signed() {
        return signed;
    }

    public boolean numeric() {
        return size > 0;
    }

    /** Smallest raw value the type holds. */
    public long minRaw() {
        return signed ? -(1L << (8 * size - 1)) : 0;
    }

    /** Largest raw value the type holds. */
    public long maxRaw() {
        return signed ? (1L << (8 * size - 1)) - 1 : (1L << (8 * size)) - 1;
    }

    /** As the velib headers and the protocol doc write it: "un16", "sn32", "string". */
    public String wireName() {
        return switch (this) {
            case STRING -> "string";
            case RECORD -> "record";
            default -> (signed ? "sn" : "un") + 8 * size;
        };
    }
}
