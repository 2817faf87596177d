package io.github.vedirect.protocol;

import java.util.Arrays;

/**
 * One checked VE.Direct HEX frame: {@code ':' command-nibble (byte)* check '\n'}, with
 * {@code command + sum(bytes) + check == 0x55 (mod 256)}. Register commands (Get, Set, Async)
 * carry a little-endian register id, a flags byte and the value bytes.
 */
public final class HexFrame {

    public static final int DONE = 0x1;
    public static final int UNKNOWN = 0x3;
    public static final int ERROR = 0x4;
    public static final int PING_RESPONSE = 0x5;
    public static final int GET = 0x7;
    public static final int SET = 0x8;
    public static final int ASYNC = 0xA;

    private final int command;
    private final byte[] payload;

    HexFrame(int command, byte[] payload) {
        this.command = command;
        this.payload = payload;
    }

    /** Parses the text of one frame ({@code ":A0102000543"}, with or without the final LF); null if it is not a valid frame. */
    public static HexFrame parse(CharSequence text) {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        int digits = end - 1;
        if (digits < 3 || (digits & 1) == 0 || text.charAt(0) != ':') {
            return null;
        }
        int command = hexValue(text.charAt(1));
        if (command < 0) {
            return null;
        }
        byte[] bytes = new byte[(digits - 1) / 2];
        int sum = command;
        for (int i = 0; i < bytes.length; i++) {
            int hi = hexValue(text.charAt(2 + 2 * i));
            int lo = hexValue(text.charAt(3 + 2 * i));
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes[i] = (byte) (hi << 4 | lo);
            sum += hi << 4 | lo;
        }
        if ((sum & 0xFF) != 0x55) {
            return null;
        }
        return new HexFrame(command, Arrays.copyOf(bytes, bytes.length - 1));
    }

    /** A frame built here rather than parsed, e.g. a host command or a simulated reply. */
    public static HexFrame of(int command, byte[] payload) {
        if (command < 0 || command > 0xF) {
            throw new IllegalArgumentException("a HEX command is one hex digit, not " + command);
        }
        return new HexFrame(command, payload.clone());
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    public int command() {
        return command;
    }

    /** The bytes between the command and the check byte. */
    public byte[] payload() {
        return payload.clone();
    }

    public boolean isRegisterFrame() {
        return (command == GET || command == SET || command == ASYNC) && payload.length >= 3;
    }

    /** Register id of a Get, Set or Async frame; -1 for other commands. */
    public int registerId() {
        return isRegisterFrame() ? (payload[0] & 0xFF) | (payload[1] & 0xFF) << 8 : -1;
    }

    /** Flags of a register frame (0 = fine, 1 = unknown id, 2 = not supported, 4 = parameter error); -1 for other commands. */
    public int flags() {
        return isRegisterFrame() ? payload[2] & 0xFF : -1;
    }

    /** The value bytes: after id and flags for register frames, the whole payload otherwise. */
    public byte[] value() {
        return isRegisterFrame() ? Arrays.copyOfRange(payload, 3, payload.length) : payload.clone();
    }

    /** The value as an unsigned little-endian number (up to 8 bytes). */
    public long unsignedValue() {
        byte[] value = value();
        long result = 0;
        for (int i = Math.min(value.length, 8) - 1; i >= 0; i--) {
            result = result << 8 | (value[i] & 0xFF);
        }
        return result;
    }

    /** The frame as sent, without its LF. */
    public String text() {
        String frame = HexEncoder.frame(command, payload);
        return frame.substring(0, frame.length() - 1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HexFrame frame && frame.command == command && Arrays.equals(frame.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * command + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return text();
    }
}
