package io.github.vedirect.protocol;

/**
 * Whether a register can be written and where a written value lives. The difference matters for
 * wear: a value kept in flash must not be written in a loop (the doc's warning for 0xEDF0), a
 * volatile one (0x2015) is meant to be, and is lost when the device restarts.
 */
public enum HexStorage {
    /** A reading, a counter or an identity: a set is refused by the device (flag 0x02). */
    READ_ONLY,
    /** Writable, kept in RAM; gone after a restart. */
    VOLATILE,
    /** Writable, kept in non-volatile memory; every write wears it. */
    FLASH;

    public boolean writable() {
        return this != READ_ONLY;
    }
}
