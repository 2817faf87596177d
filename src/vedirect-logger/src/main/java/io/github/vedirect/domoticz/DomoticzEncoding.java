package io.github.vedirect.domoticz;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for Domoticz's query string. Domoticz splits the raw query on {@code &} and {@code =}
 * before decoding and keeps {@code +} as {@code +}, so everything but the unreserved characters must be
 * encoded, a space as {@code %20}: {@code SER#}, a {@code +} or an {@code =} in the data would otherwise cut it.
 */
public final class DomoticzEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DomoticzEncoding() {
    }

    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }
}
