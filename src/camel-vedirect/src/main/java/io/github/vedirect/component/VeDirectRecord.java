package io.github.vedirect.component;

import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.VeDirectBlock;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of a {@code vedirect:} exchange: the fields of a block (or of a joined record) in wire order,
 * a decimal integer as a {@code Long} and anything else as the {@code String} sent. Being a plain map,
 * it works as it is in routes: {@code ${body[V]}} in the simple language, {@code marshal: json} giving
 * {@code {"PID":"0x203","V":12800,"Alarm":"OFF"}}, the CSV data format. Every raw value stays exact
 * ({@code FW 0308} keeps its zero), and typed, scaled values are one call away:
 * {@code ${body.scaled('V')}} is 12.8 for {@code V 12800}.
 */
public class VeDirectRecord extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;

    public VeDirectRecord() {
    }

    public VeDirectRecord(Map<String, ?> fields) {
        super(fields);
    }

    public static VeDirectRecord of(VeDirectBlock block) {
        VeDirectRecord record = new VeDirectRecord();
        for (int i = 0; i < block.size(); i++) {
            record.put(block.label(i), wireValue(block.value(i)));
        }
        return record;
    }

    /**
     * A value that reads back exactly as sent is a number; {@code 0308}, {@code +5}, {@code ---} or
     * {@code 0x203} stay strings, so nothing is lost in either direction.
     */
    static Object wireValue(String raw) {
        int length = raw.length();
        int digitsFrom = length > 1 && raw.charAt(0) == '-' ? 1 : 0;
        int digits = length - digitsFrom;
        if (digits == 0 || digits > 18 || (raw.charAt(digitsFrom) == '0' && (digits > 1 || digitsFrom == 1))) {
            return raw;
        }
        for (int i = digitsFrom; i < length; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return raw;
            }
        }
        return Long.parseLong(raw);
    }

    /** The value exactly as the device sent it, or null when the record has no such field. */
    public String raw(String label) {
        Object value = get(label);
        return value == null ? null : value.toString();
    }

    /** The value decoded by the field catalogue (unit, scale, enumeration names), or null when absent. */
    public FieldValue typed(String label) {
        String raw = raw(label);
        return raw == null ? null : FieldCatalogue.interpret(label, raw);
    }

    /** The value in its SI unit (V, A, W, Ah, %, kWh, °C, min), or null when absent or not a measurement ({@code ---}). */
    public Double scaled(String label) {
        FieldValue value = typed(label);
        return value instanceof FieldValue.Measurement m ? m.value() : null;
    }
}
