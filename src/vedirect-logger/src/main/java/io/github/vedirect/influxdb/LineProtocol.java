package io.github.vedirect.influxdb;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A record as one point of InfluxDB line protocol:
 * <pre>vedirect,device=house,product=BMV-712\ Smart,serial=HQ2110ABCDE V=12.815,I=-7.625,CS=3i,CS_name="Bulk" 1780308000250</pre>
 * <ul>
 *   <li>measurement {@value #MEASUREMENT}; tags {@code device}, {@code product}, {@code serial} (a tag with no value
 *       is left out, as line protocol has no empty tags);</li>
 *   <li>one field per VE.Direct label, named as the label: numbers as floats in the catalogue's units
 *       ({@code V=12.815}, {@code H19=1.23} kWh, {@code SOC=87.6} %), always floats so a field never changes type
 *       between points, which InfluxDB would refuse; enumerations and bitmasks as their integer code plus a
 *       {@code LABEL_name} string ({@code CS=3i,CS_name="Bulk"}); ON/OFF as booleans; PID, firmware, serial and
 *       other text as strings as sent ({@code PID="0xA053"}, {@code FW="1.56"});</li>
 *   <li>{@code ---} and {@code TTG -1} (infinite) are left out: line protocol has no null, and a made-up number
 *       would spoil a graph;</li>
 *   <li>timestamp: when the record was received, in milliseconds ({@value #PRECISION}), the resolution of the
 *       logger's clock for a block; the write request must say so ({@link InfluxTarget}).</li>
 * </ul>
 */
public final class LineProtocol {

    public static final String MEASUREMENT = "vedirect";
    /** The timestamp precision of every line, as InfluxDB's {@code precision} parameter spells it. */
    public static final String PRECISION = "ms";

    private LineProtocol() {
    }

    /** The key of the name field written beside an enumeration's or bitmask's code. */
    public static String nameField(String label) {
        return label + "_name";
    }

    /**
     * One line, without a trailing newline, or null when the record has no field with a value (a line needs one).
     */
    public static String line(String name, String product, String serial, VeDirectRecord record, Instant receivedAt) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(receivedAt, "receivedAt");
        StringBuilder line = new StringBuilder(256).append(MEASUREMENT);
        // Tags in key order, which InfluxDB recommends for speed (device < product < serial).
        tag(line, "device", name);
        tag(line, "product", product);
        tag(line, "serial", serial);
        int fields = 0;
        for (Map.Entry<String, Object> field : record.entrySet()) {
            String label = field.getKey();
            FieldValue value = record.typed(label);
            String key = escapeKey(label);
            String text;
            String extra = null;
            if (value instanceof FieldValue.Measurement m) {
                text = floatValue(m.value());
            } else if (value instanceof FieldValue.NotAvailable || value instanceof FieldValue.Infinite) {
                continue;
            } else if (value instanceof FieldValue.OnOff o) {
                text = o.on() ? "true" : "false";
            } else if (value instanceof FieldValue.Enumerated e) {
                text = e.code() + "i";
                extra = escapeKey(nameField(label)) + "=" + quote(e.name());
            } else if (value instanceof FieldValue.Flags f) {
                text = f.mask() + "i";
                extra = escapeKey(nameField(label)) + "=" + quote(f.names().isEmpty() ? "none" : String.join(", ", f.names()));
            } else {
                // Product ids, firmware and text as the device sent them: the raw form is what people search for.
                text = quote(value instanceof FieldValue.Firmware fw ? fw.version() : record.raw(label));
            }
            line.append(fields++ == 0 ? ' ' : ',').append(key).append('=').append(text);
            if (extra != null) {
                line.append(',').append(extra);
                fields++;
            }
        }
        if (fields == 0) {
            return null;
        }
        return line.append(' ').append(receivedAt.toEpochMilli()).toString();
    }

    /** A float as line protocol reads it: plain decimal, {@code 12.815}, {@code 0}, {@code -7.625}. */
    static String floatValue(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("line protocol has no " + value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void tag(StringBuilder line, String key, String value) {
        String escaped = value == null ? "" : escapeKey(value);
        if (!escaped.isEmpty()) {
            line.append(',').append(key).append('=').append(escaped);
        }
    }

    /**
     * Tag keys, tag values and field keys: comma, equals sign and space are escaped with a backslash. Line breaks
     * cannot be escaped at all (they end the line), so they become spaces, escaped in turn.
     */
    public static String escapeKey(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                c = ' ';
            }
            if (c == ',' || c == '=' || c == ' ') {
                out.append('\\');
            }
            out.append(c);
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\\' && (out.length() == 1 || out.charAt(out.length() - 2) != '\\')) {
            // A lone trailing backslash would escape the separator after it; doubled, every parser reads it as one.
            out.append('\\');
        }
        return out.toString();
    }

    /** A string field value: in double quotes, with double quotes and backslashes escaped. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.append('"').toString();
    }
}
