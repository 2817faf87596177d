package io.github.vedirect.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vedirect.protocol.FieldValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * How {@code decode --typed} writes a decoded value: measurements as plain numbers in their SI unit,
 * "not available" as null, codes with their names beside them, so that a script needs no tables.
 */
final class TypedJson {

    private TypedJson() {
    }

    static void write(JsonGenerator json, FieldValue value) throws IOException {
        if (value instanceof FieldValue.Measurement m) {
            // 12.065 stays 12.065 and -92.0 becomes -92: the decimal a person would write.
            json.writeNumber(BigDecimal.valueOf(m.value()).stripTrailingZeros().toPlainString());
        } else if (value instanceof FieldValue.NotAvailable) {
            json.writeNull();
        } else if (value instanceof FieldValue.Infinite) {
            json.writeString("infinite");
        } else if (value instanceof FieldValue.OnOff o) {
            json.writeBoolean(o.on());
        } else if (value instanceof FieldValue.Enumerated e) {
            json.writeStartObject();
            json.writeNumberField("code", e.code());
            json.writeStringField("name", e.name());
            json.writeEndObject();
        } else if (value instanceof FieldValue.Flags f) {
            json.writeStartObject();
            json.writeNumberField("mask", f.mask());
            json.writeArrayFieldStart("names");
            for (String name : f.names()) {
                json.writeString(name);
            }
            json.writeEndArray();
            json.writeEndObject();
        } else if (value instanceof FieldValue.Product p) {
            json.writeStartObject();
            json.writeStringField("id", String.format(Locale.ROOT, "0x%04X", p.id()));
            json.writeStringField("name", p.name());
            json.writeEndObject();
        } else if (value instanceof FieldValue.Firmware f) {
            json.writeString(f.version());
        } else {
            json.writeString(value.toString());
        }
    }
}
