package io.github.vedirect.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldValue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A record as the JSON state message of its device, one key per VE.Direct label as the device sent it:
 * <ul>
 *   <li>numbers in the catalogue's units as JSON numbers written as a person would ({@code "V":12.815},
 *       {@code "H19":1.23} kWh, {@code "SOC":87.6} %), never in exponent form;</li>
 *   <li>{@code ---} (not available) and {@code TTG -1} (infinite) as {@code null}: neither has a number, and Home
 *       Assistant turns a null into "unknown" instead of a wrong value;</li>
 *   <li>{@code ON}/{@code OFF} fields as those strings, Home Assistant's binary-sensor payloads;</li>
 *   <li>enumerations ({@code CS}, {@code ERR}, {@code MPPT}, {@code MODE}, {@code MON}) as their name plus the raw
 *       code under {@code LABEL_code}: {@code "CS":"Bulk","CS_code":3}; bitmasks ({@code AR}, {@code OR},
 *       {@code WARN}) the same way, with the set bits' names joined by ", " ("none" when no bit is set) and the
 *       mask as the code; {@code PID} as the product name with the id as the code;</li>
 *   <li>firmware as its version ({@code "FW":"1.56"}), text as sent ({@code SER#}, unknown labels);</li>
 *   <li>{@code "time"}: when the record was received, ISO-8601 UTC, if the caller knows it.</li>
 * </ul>
 * No label in the catalogue ends in {@code _code} or is called {@code time}, so the added keys cannot collide.
 */
public final class StateJson {

    /** The name of an enumeration code the catalogue has no name for. */
    public static final String UNKNOWN = "Unknown";

    /** Key of the receive time. */
    public static final String TIME = "time";

    private static final JsonFactory JSON = new JsonFactory();

    private StateJson() {
    }

    /** The key under which the raw code of an enumeration, bitmask or product id is written. */
    public static String codeKey(String label) {
        return label + "_code";
    }

    public static String of(VeDirectRecord record) {
        return of(record, null);
    }

    public static String of(VeDirectRecord record, Instant receivedAt) {
        return withTime(record, receivedAt == null ? null : receivedAt.toString());
    }

    /** The state JSON with {@code "time"} written as given (none when null). */
    static String withTime(VeDirectRecord record, String time) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, Object> field : record.entrySet()) {
                String label = field.getKey();
                write(json, label, record.typed(label));
            }
            if (time != null) {
                json.writeStringField(TIME, time);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** The number as JSON text: 12.815, 0, -1.5; plain, since an exponent ("1.2E+3") reads badly in a dashboard. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * The catalogue's name of an enumeration code, or {@value #UNKNOWN} where the catalogue made one up
     * ("Unknown (77)") for a code outside its table.
     */
    public static String enumName(int code, String catalogueName) {
        return catalogueName.equals("Unknown (" + code + ")") ? UNKNOWN : catalogueName;
    }

    private static void write(JsonGenerator json, String label, FieldValue value) throws IOException {
        json.writeFieldName(label);
        if (value instanceof FieldValue.Measurement m) {
            json.writeNumber(number(m.value()));
        } else if (value instanceof FieldValue.NotAvailable || value instanceof FieldValue.Infinite) {
            json.writeNull();
        } else if (value instanceof FieldValue.OnOff o) {
            json.writeString(o.on() ? "ON" : "OFF");
        } else if (value instanceof FieldValue.Enumerated e) {
            json.writeString(enumName(e.code(), e.name()));
            json.writeNumberField(codeKey(label), e.code());
        } else if (value instanceof FieldValue.Flags f) {
            json.writeString(f.names().isEmpty() ? "none" : String.join(", ", f.names()));
            json.writeNumberField(codeKey(label), f.mask());
        } else if (value instanceof FieldValue.Product p) {
            json.writeString(p.name());
            json.writeNumberField(codeKey(label), p.id());
        } else if (value instanceof FieldValue.Firmware f) {
            json.writeString(f.version());
        } else {
            json.writeString(value.toString());
        }
    }
}
