package io.github.vedirect.protocol;

/**
 * The one HEX frame encoder: {@code ':' command-nibble (two upper-case digits per byte)* check '\n'}
 * with {@code check = (0x55 - command - sum(bytes)) & 0xFF}. Host commands, simulated replies and
 * {@link HexFrame#text()} all go through here, so a checksum or case mistake cannot hide in one copy.
 */
public final class HexEncoder {

    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private HexEncoder() {
    }

    /** The whole frame, LF included. Only the low nibble of {@code command} is sent: the command is one digit on the wire. */
    public static String frame(int command, byte[] payload) {
        StringBuilder text = new StringBuilder(5 + 2 * payload.length).append(':').append(DIGITS[command & 0xF]);
        int sum = command & 0xF;
        for (byte b : payload) {
            appendByte(text, b & 0xFF);
            sum += b & 0xFF;
        }
        appendByte(text, (0x55 - sum) & 0xFF);
        return text.append('\n').toString();
    }

    /** A register frame's payload: id little-endian, flags, then the value bytes as given. */
    public static byte[] registerPayload(int registerId, int flags, byte[] value) {
        byte[] payload = new byte[3 + value.length];
        payload[0] = (byte) registerId;
        payload[1] = (byte) (registerId >> 8);
        payload[2] = (byte) flags;
        System.arraycopy(value, 0, payload, 3, value.length);
        return payload;
    }

    /** {@code value} as {@code size} little-endian bytes (higher bytes dropped). */
    public static byte[] littleEndian(long value, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (value >> (8 * i));
        }
        return bytes;
    }

    private static void appendByte(StringBuilder text, int b) {
        text.append(DIGITS[b >> 4]).append(DIGITS[b & 0xF]);
    }
}
