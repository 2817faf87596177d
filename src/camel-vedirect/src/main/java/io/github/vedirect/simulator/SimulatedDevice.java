package io.github.vedirect.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * A simulated VE.Direct device: what it sends on its TX line, one block period at a time.
 *
 * <p>The values come from a small physical model (a battery bank, its loads, the sun on a solar
 * array) that is advanced by the time between two calls, so call {@link #nextTick} with the times at
 * which the blocks are "sent" (normally one second apart). For a given seed and a given sequence of
 * instants the bytes are always the same. Not thread-safe: one caller at a time.
 */
public interface SimulatedDevice {

    /** The bytes the device sends in the block period that starts at {@code now}: one text block, sometimes followed by async HEX frames. */
    byte[] nextTick(Instant now);

    /** e.g. "bmv702" */
    String model();

    /** Product id as the device sends it, e.g. "0x204". */
    String productId();

    /**
     * The device's HEX side, which answers the frames a host writes to the device (see
     * {@link SimulatedWire}); null for a device that only sends, which is what every device did before
     * HEX was simulated.
     */
    default HexResponder hex() {
        return null;
    }

    /**
     * Makes the device's day (a solar charger's day counter HSDS, its H20..H23 and history records) {@code length}
     * of device time long instead of a local calendar day, so that a test sees days turn over in seconds; null
     * for local days again. A device that keeps no days ignores it.
     */
    default void dayLength(Duration length) {
    }
}
