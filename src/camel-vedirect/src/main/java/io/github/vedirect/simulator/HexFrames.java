package io.github.vedirect.simulator;

import io.github.vedirect.protocol.HexEncoder;

/**
 * The HEX frames the simulated devices send unasked, written by the protocol's one
 * {@link HexEncoder}: a register frame's bytes are the register id (little-endian), a flags byte (0)
 * and the value (little-endian).
 */
final class HexFrames {

    static final int ASYNC = 0xA;

    private HexFrames() {
    }

    /** An async register frame, e.g. {@code async(0x0201, 5, 1)} is {@code ":A0102000543\n"}. */
    static String async(int register, long value, int valueBytes) {
        return frame(ASYNC, HexEncoder.registerPayload(register, 0, HexEncoder.littleEndian(value, valueBytes)));
    }

    /** Any frame: the command nibble, the payload bytes, the check byte and the closing LF. */
    static String frame(int command, byte[] payload) {
        return HexEncoder.frame(command, payload);
    }
}
