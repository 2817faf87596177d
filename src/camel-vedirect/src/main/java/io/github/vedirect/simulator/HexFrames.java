package io.github.vedirect.simulator;

/**
 * Encodes the HEX frames the simulated devices send unasked: {@code ':' command-nibble bytes check '\n'},
 * bytes as two upper-case hex digits each, with {@code command + sum(bytes) + check == 0x55 (mod 256)}.
 * A register frame's bytes are the register id (little-endian), a flags byte (0) and the value
 * (little-endian).
 */
final class HexFrames {

    static final int ASYNC = 0xA;
    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private HexFrames() {
    }

    /** An async register frame, e.g. {@code async(0x0201, 5, 1)} is {@code ":A0102000543\n"}. */
    static String async(int register, long value, int valueBytes) {
        byte[] payload = new byte[3 + valueBytes];
        payload[0] = (byte) register;
        payload[1] = (byte) (register >> 8);
        payload[2] = 0;
        for (int i = 0; i < valueBytes; i++) {
            payload[3 + i] = (byte) (value >> (8 * i));
        }
        return frame(ASYNC, payload);
    }

    /** Any frame: the command nibble, the payload bytes, the check byte and the closing LF. */
    static String frame(int command, byte[] payload) {
        StringBuilder text = new StringBuilder(4 + 2 * payload.length).append(':').append(DIGITS[command & 0xF]);
        int sum = command & 0xF;
        for (byte b : payload) {
            appendByte(text, b & 0xFF);
            sum += b & 0xFF;
        }
        appendByte(text, (0x55 - sum) & 0xFF);
        return text.append('\n').toString();
    }

    private static void appendByte(StringBuilder text, int b) {
        text.append(DIGITS[b >> 4]).append(DIGITS[b & 0xF]);
    }
}
