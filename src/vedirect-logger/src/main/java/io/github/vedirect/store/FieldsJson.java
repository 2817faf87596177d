package io.github.vedirect.store;

import java.util.Map;

/**
 * A record's fields as the JSON object the store keeps in {@code records.fields}: numbers as numbers, everything else
 * as strings, so SQLite's json_each (the {@code readings} view) and {@link StoreReader#fields} read them back as they
 * were. Written by hand: the store needs only this one flat shape, not a JSON library on the writer's path.
 */
final class FieldsJson {

    private FieldsJson() {
    }

    /** The record's fields as a JSON object: numbers as numbers, everything else as strings. */
    static String json(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder(256).append('{');
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, field.getKey());
            json.append(':');
            Object value = field.getValue();
            if (value instanceof Long || value instanceof Integer) {
                json.append(value);
            } else {
                quote(json, String.valueOf(value));
            }
        }
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}
