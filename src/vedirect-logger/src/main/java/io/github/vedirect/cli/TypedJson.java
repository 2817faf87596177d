package io.github.vedirect.cli;

import io.github.vedirect.protocol.FieldValue;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * How {@code decode --typed} writes a decoded value: measurements as plain numbers in their SI unit,
 * "not available" as null, codes with their names beside them, so that a script needs no tables.
 */
final class TypedJson {

    private TypedJson() {
    }

    static void write(JsonOut json, FieldValue value) throws IOException {
        if (value instanceof FieldValue.Measurement m) {
            json.writeAscii(plainDecimal(m.value()));
        } else if (value instanceof FieldValue.NotAvailable) {
            json.writeAscii("null");
        } else if (value instanceof FieldValue.Infinite) {
            json.writeAscii("\"infinite\"");
        } else if (value instanceof FieldValue.OnOff o) {
            json.writeAscii(o.on() ? "true" : "false");
        } else if (value instanceof FieldValue.Enumerated e) {
            json.writeAscii("{\"code\":");
            json.writeLong(e.code());
            json.writeAscii(",\"name\":");
            json.writeString(e.name());
            json.write('}');
        } else if (value instanceof FieldValue.Flags f) {
            json.writeAscii("{\"mask\":");
            json.writeLong(f.mask());
            json.writeAscii(",\"names\":[");
            boolean first = true;
            for (String name : f.names()) {
                if (!first) {
                    json.write(',');
                }
                first = false;
                json.writeString(name);
            }
            json.writeAscii("]}");
        } else if (value instanceof FieldValue.Product p) {
            json.writeAscii("{\"id\":\"");
            json.writeHex4(p.id());
            json.writeAscii("\",\"name\":");
            json.writeString(p.name());
            json.write('}');
        } else if (value instanceof FieldValue.Firmware f) {
            json.writeString(f.version());
        } else {
            json.writeString(value.toString());
        }
    }

    /**
     * The decimal a person would write: 12.065 stays 12.065 and -92.0 becomes -92. This is
     * {@code BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()}, which is built on
     * {@code Double.toString}; for the usual form of that string ("-92.0", "12.065") trimming the zeros
     * gives the same text without the three objects per value, so only the exponent form ("1.0E-4") and
     * zero (BigDecimal has no negative zero) take the long way.
     */
    static String plainDecimal(double value) {
        String text = Double.toString(value);
        if (text.indexOf('E') >= 0 || value == 0 || !Double.isFinite(value)) {
            // Non-finite values throw here, as they always did: the catalogue never makes one.
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }
}
