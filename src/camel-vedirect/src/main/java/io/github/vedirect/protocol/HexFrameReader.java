package io.github.vedirect.protocol;

/**
 * The digits of the HEX frame being read, and the frame they make once its LF comes. The decoder's
 * state machine decides which bytes are digits and where a frame ends; this holds the digits and
 * checks the frame, so that neither part of the decoder is mixed into the other. A final class with
 * no allocation per digit: {@link #add} is bound statically and costs what the inlined code did.
 */
final class HexFrameReader {

    private final byte[] digits = new byte[VeDirectDecoder.MAX_HEX_DIGITS];
    private int length;

    /** The ':' that opens a frame. */
    void start() {
        length = 0;
    }

    /** Takes a digit's value (0-15); false, and keeps nothing, when the frame is longer than any real one. */
    boolean add(int value) {
        if (length == digits.length) {
            return false;
        }
        digits[length++] = (byte) value;
        return true;
    }

    /**
     * The frame read since {@link #start}, or null if it is not one: fewer than 3 digits, an even
     * number of them (the command is one digit, every byte after it two), or a checksum that does not
     * make the bytes sum to 0x55.
     */
    HexFrame frame() {
        if (length < 3 || (length & 1) == 0) {
            return null;
        }
        int command = digits[0];
        int sum = command;
        byte[] payload = new byte[(length - 3) / 2];
        for (int i = 1; i < length; i += 2) {
            int value = digits[i] << 4 | digits[i + 1];
            sum += value;
            if (i / 2 < payload.length) {
                payload[i / 2] = (byte) value;
            }
        }
        return (sum & 0xFF) == 0x55 ? new HexFrame(command, payload) : null;
    }
}
