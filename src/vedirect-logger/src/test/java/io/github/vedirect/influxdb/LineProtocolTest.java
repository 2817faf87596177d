package io.github.vedirect.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.protocol.FieldValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

class LineProtocolTest {

    /**
     * A line split back as InfluxDB's docs describe the syntax: unescaped space between measurement+tags, fields
     * and timestamp; unescaped commas between elements; a backslash escapes the next character; string field
     * values in double quotes. Written from the syntax, not from the encoder, so the two check each other.
     */
    record Parsed(String measurement, Map<String, String> tags, Map<String, String> fields, long timestamp) {
        static Parsed of(String line) {
            // Quotes mean nothing among the tags; they open string values only in the field set.
            int headEnd = split(line, ' ', false)[0].length();
            String[] rest = split(line.substring(headEnd + 1), ' ', true);
            assertEquals(2, rest.length, line);
            String[] parts = {line.substring(0, headEnd), rest[0], rest[1]};
            String[] head = split(parts[0], ',', false);
            Map<String, String> tags = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                String[] kv = split(head[i], '=', false);
                tags.put(unescape(kv[0]), unescape(kv[1]));
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : split(parts[1], ',', true)) {
                String[] kv = split(field, '=', true);
                String value = kv[1];
                fields.put(unescape(kv[0]), value.startsWith("\"") ? unescape(value.substring(1, value.length() - 1)) : value);
            }
            return new Parsed(unescape(head[0]), tags, fields, Long.parseLong(parts[2]));
        }

        private static String[] split(String s, char separator, boolean quotes) {
            java.util.List<String> out = new java.util.ArrayList<>();
            StringBuilder current = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    current.append(c).append(s.charAt(++i));
                } else if (quotes && c == '"') {
                    quoted = !quoted;
                    current.append(c);
                } else if (c == separator && !quoted) {
                    out.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            out.add(current.toString());
            return out.toArray(String[]::new);
        }

        private static String unescape(String s) {
            return s.replaceAll("\\\\(.)", "$1");
        }
    }

    @Test
    void tagsAndStringsSurviveEveryCharacterTheSpecEscapes() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("V", 12815L);
        fields.put("BMV", "712 \"Smart\" C:\\dir, a=b");
        fields.put("odd key,=x", "1");
        String line = LineProtocol.line("house, left=1", "BMV-712 Smart", "HQ\"1\\", new VeDirectRecord(fields),
                Instant.ofEpochMilli(1_780_308_000_250L));
        Parsed parsed = Parsed.of(line);
        assertEquals("vedirect", parsed.measurement());
        assertEquals(Map.of("device", "house, left=1", "product", "BMV-712 Smart", "serial", "HQ\"1\\"), parsed.tags());
        assertEquals("12.815", parsed.fields().get("V"));
        assertEquals("712 \"Smart\" C:\\dir, a=b", parsed.fields().get("BMV"));
        assertEquals("1", parsed.fields().get("odd key,=x"));
        assertEquals(1_780_308_000_250L, parsed.timestamp());
        // The examples of the line-protocol reference, the spec for what an escape looks like.
        assertTrue(line.startsWith("vedirect,device=house\\,\\ left\\=1,product=BMV-712\\ Smart,serial=HQ\"1\\\\ "), line);
        assertTrue(line.contains("BMV=\"712 \\\"Smart\\\" C:\\\\dir, a=b\""), line);
        assertFalse(LineProtocol.line("a\nb", null, "", new VeDirectRecord(fields), Instant.EPOCH).contains("\n"));
    }

    @Test
    void everyLabelOfEveryCaptureHasItsCatalogueValueAndType() {
        Instant at = Instant.parse("2026-06-01T10:00:00.250Z");
        for (Device device : CaptureDevices.all()) {
            for (VeDirectRecord record : device.blocks()) {
                Parsed parsed = Parsed.of(LineProtocol.line(device.name(), device.product(), device.serial(), record, at));
                assertEquals(at.toEpochMilli(), parsed.timestamp());
                for (String label : record.keySet()) {
                    String where = device + " " + label + " " + parsed;
                    String field = parsed.fields().get(label);
                    FieldValue typed = record.typed(label);
                    if (typed instanceof FieldValue.Measurement m) {
                        // A float: no i suffix, the catalogue's value exactly.
                        assertFalse(field.endsWith("i"), where);
                        assertEquals(m.value(), Double.parseDouble(field), 0.0, where);
                    } else if (typed instanceof FieldValue.NotAvailable || typed instanceof FieldValue.Infinite) {
                        assertNull(field, where);
                    } else if (typed instanceof FieldValue.Enumerated e) {
                        assertEquals(e.code() + "i", field, where);
                        assertEquals(e.name(), parsed.fields().get(label + "_name"), where);
                    } else if (typed instanceof FieldValue.Flags f) {
                        assertEquals(f.mask() + "i", field, where);
                    } else if (typed instanceof FieldValue.OnOff o) {
                        assertEquals(Boolean.toString(o.on()), field, where);
                    } else {
                        assertTrue(field != null, where);
                    }
                }
            }
        }
    }

    @Test
    void aRecordWithNothingToWriteHasNoLine() {
        assertNull(LineProtocol.line("x", "y", "z", new VeDirectRecord(Map.of("CE", "---", "TTG", -1L)), Instant.EPOCH));
    }

    @Test
    void requestsForBothVersionsKeepCredentialsOutOfTheUri() {
        InfluxTarget v1 = InfluxTarget.v1("http://influx:8086/", "solar data", "autogen", "logger", "s3cret");
        assertEquals("http://influx:8086/write?db=solar+data&rp=autogen&precision=ms", v1.writeUri().toString());
        assertEquals("Basic bG9nZ2VyOnMzY3JldA==", v1.headers().get("Authorization"));
        assertFalse(v1.toString().contains("s3cret"), v1.toString());

        InfluxTarget v2 = InfluxTarget.v2("https://eu-central-1-1.aws.cloud2.influxdata.com", "my org", "solar",
                "tok=en/secret==");
        assertEquals("https://eu-central-1-1.aws.cloud2.influxdata.com/api/v2/write?org=my+org&bucket=solar&precision=ms",
                v2.writeUri().toString());
        assertEquals("Token tok=en/secret==", v2.headers().get("Authorization"));
        assertFalse(v2.writeUri().toString().contains("secret"));
        assertFalse(v2.toString().contains("secret"), v2.toString());
        assertNull(InfluxTarget.v2("http://vm:8428", "o", "b", null).headers().get("Authorization"));

        assertEquals("influx.database is required",
                assertThrows(IllegalArgumentException.class, () -> InfluxTarget.v1("http://x:8086", " ", null, null, null)).getMessage());
        assertEquals("influx.bucket is required",
                assertThrows(IllegalArgumentException.class, () -> InfluxTarget.v2("http://x:8086", "o", null, "t")).getMessage());
        String refused = assertThrows(IllegalArgumentException.class,
                () -> InfluxTarget.v1("http://user:pw123@x:8086", "db", null, null, null)).getMessage();
        assertTrue(refused.startsWith("influx.url"), refused);
        assertFalse(refused.contains("pw123"), refused);
        assertThrows(IllegalArgumentException.class, () -> InfluxTarget.v1("ftp://x", "db", null, null, null));
    }
}
