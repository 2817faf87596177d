package io.github.vedirect.cli;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The bytes of {@code decode}'s JSON lines, written straight into a buffer that goes to the stream in
 * large slices. {@code decode} writes a few hundred thousand small objects of known shape; a general
 * JSON library cost it more in class loading at start-up and in per-call bookkeeping than the decoder
 * spends on the whole capture. The caller places commas and colons itself: it knows every shape.
 *
 * <p>Strings come out exactly as Jackson's default generator writes them, which is what {@code decode}
 * printed before and what DecodeCommandTest holds it to: {@code "} and {@code \} escaped with a backslash,
 * the control characters below 0x20 as {@code \b \t \n \f \r} or {@code \}{@code u00XX}, each half of a
 * surrogate pair as {@code \}{@code uXXXX} (upper-case hex), everything else, DEL included, as UTF-8.
 */
final class JsonOut {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    // The longest thing written without a capacity check: a char as \\u00XX (6) or a long (20).
    private static final int SLACK = 32;

    private final OutputStream out;
    private final byte[] buffer;
    private int length;

    JsonOut(OutputStream out, int capacity) {
        this.out = out;
        this.buffer = new byte[Math.max(capacity, 4 * SLACK)];
    }

    void write(char ascii) throws IOException {
        if (length == buffer.length) {
            drain();
        }
        buffer[length++] = (byte) ascii;
    }

    /** Text known to need no escaping and to be ASCII: punctuation, field names of our own. */
    void writeAscii(String ascii) throws IOException {
        for (int i = 0, n = ascii.length(); i < n; i++) {
            if (length == buffer.length) {
                drain();
            }
            buffer[length++] = (byte) ascii.charAt(i);
        }
    }

    /** A JSON string: quoted and escaped. */
    void writeString(String text) throws IOException {
        write('"');
        for (int i = 0, n = text.length(); i < n; i++) {
            if (buffer.length - length < SLACK) {
                drain();
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    buffer[length++] = '\\';
                }
                buffer[length++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x800) {
                buffer[length++] = (byte) (0xC0 | c >> 6);
                buffer[length++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                // Jackson escapes each half of a pair (and a lone half) rather than writing 4-byte UTF-8.
                escapeUnicode(c);
            } else {
                buffer[length++] = (byte) (0xE0 | c >> 12);
                buffer[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                buffer[length++] = (byte) (0x80 | c & 0x3F);
            }
        }
        write('"');
    }

    private void escapeControl(char c) {
        byte shortForm = switch (c) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm == 0) {
            escapeUnicode(c);
        } else {
            buffer[length++] = '\\';
            buffer[length++] = shortForm;
        }
    }

    private void escapeUnicode(char c) {
        buffer[length++] = '\\';
        buffer[length++] = 'u';
        buffer[length++] = HEX[c >> 12];
        buffer[length++] = HEX[c >> 8 & 0xF];
        buffer[length++] = HEX[c >> 4 & 0xF];
        buffer[length++] = HEX[c & 0xF];
    }

    void writeLong(long value) throws IOException {
        if (buffer.length - length < SLACK) {
            drain();
        }
        if (value == Long.MIN_VALUE) {
            writeAscii(Long.toString(value));
            return;
        }
        if (value < 0) {
            buffer[length++] = '-';
            value = -value;
        }
        int end = length + digits(value);
        length = end;
        do {
            buffer[--end] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
    }

    private static int digits(long positive) {
        int count = 1;
        for (long limit = 10; positive >= limit && count < 19; limit *= 10) {
            count++;
        }
        return count;
    }

    /**
     * {@code 0x} and the number in upper-case hex, at least four digits: what {@code String.format("0x%04X")}
     * gives for an int, negative ones as their 32-bit two's complement.
     */
    void writeHex4(int value) throws IOException {
        if (buffer.length - length < SLACK) {
            drain();
        }
        buffer[length++] = '0';
        buffer[length++] = 'x';
        int digits = Math.max(4, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            buffer[length++] = HEX[value >>> shift & 0xF];
        }
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        out.write(buffer, 0, length);
        length = 0;
    }
}
