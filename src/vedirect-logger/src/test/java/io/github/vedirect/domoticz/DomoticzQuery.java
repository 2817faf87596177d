package io.github.vedirect.domoticz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two ways Domoticz reads one raw query string, reproduced so that a client that encodes badly
 * fails here as it would against the real server (docs/domoticz.md sections 1 and 6). (The third, a
 * decoding pass over the whole target that answers 400 to a malformed escape, is done for the fake by
 * the JDK's HttpServer, which refuses such a target itself.)
 * <ul>
 * <li>{@link #serverParams}: what the web server hands to commands ({@code type}, {@code param},
 * {@code script}, {@code idx}, {@code svalue}...): a name runs to the next {@code =}, its value to the
 * next {@code &} (so a raw {@code =} stays inside the value), {@code +} becomes a space, then only the
 * value is decoded.</li>
 * <li>{@link #luaUri}: the {@code uri} table a Lua parser gets: the text between the first and second
 * {@code ?} is split on {@code &}, each part on {@code =}, and a part is kept only if that gives exactly
 * two pieces (so a raw {@code =} in a value drops the key, an empty value drops it too); only then is
 * each piece decoded, and {@code +} stays {@code +}.</li>
 * </ul>
 */
final class DomoticzQuery {

    private DomoticzQuery() {
    }

    /** Web-server parameters; for a repeated name the first one wins, as a multimap lookup gives. */
    static Map<String, String> serverParams(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        int p = 0;
        while (true) {
            int eq = rawQuery.indexOf('=', p);
            if (eq < 0) {
                break;
            }
            String name = rawQuery.substring(p, eq);
            int amp = rawQuery.indexOf('&', eq + 1);
            String value = amp < 0 ? rawQuery.substring(eq + 1) : rawQuery.substring(eq + 1, amp);
            params.putIfAbsent(name, decode(value.replace('+', ' ')));
            if (amp < 0) {
                break;
            }
            p = amp + 1;
        }
        return params;
    }

    /** The Lua parser's {@code uri} table. */
    static Map<String, String> luaUri(String rawQuery) {
        Map<String, String> uri = new LinkedHashMap<>();
        if (rawQuery == null) {
            return uri;
        }
        int secondQuestionMark = rawQuery.indexOf('?');
        String part = secondQuestionMark < 0 ? rawQuery : rawQuery.substring(0, secondQuestionMark);
        for (String parameter : split(part, '&')) {
            List<String> couple = split(parameter, '=');
            if (couple.size() == 2) {
                uri.put(decode(couple.get(0)), decode(couple.get(1)));
            }
        }
        return uri;
    }

    /** Domoticz's StringSplit: empty pieces are kept except a trailing one. */
    static List<String> split(String text, char delimiter) {
        if (text.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = text.indexOf(delimiter, start)) >= 0) {
            pieces.add(text.substring(start, at));
            start = at + 1;
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }

    /**
     * Decodes {@code %XX} escapes to bytes and reads them as UTF-8; {@code +} is left alone. An escape
     * that is not two hex digits is kept as text: a request carrying one never gets this far.
     */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()
                    && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
