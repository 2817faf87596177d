package io.github.vedirect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.protocol.FieldValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

class StateJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLabelOfEveryCaptureIsItsCatalogueValueWithCodesBeside() throws Exception {
        Locale saved = Locale.getDefault();
        // A German JVM writes 12,815 with String.format; the state must not depend on the locale.
        Locale.setDefault(Locale.GERMANY);
        try {
            for (Device device : CaptureDevices.all()) {
                VeDirectRecord record = device.joined();
                JsonNode state = JSON.readTree(StateJson.of(record));
                for (String label : record.keySet()) {
                    JsonNode value = state.get(label);
                    String where = device + " " + label + " " + state;
                    FieldValue typed = record.typed(label);
                    if (typed instanceof FieldValue.Measurement m) {
                        assertTrue(value.isNumber(), where);
                        assertEquals(m.value(), value.doubleValue(), 0.0, where);
                    } else if (typed instanceof FieldValue.NotAvailable || typed instanceof FieldValue.Infinite) {
                        assertTrue(value.isNull(), where);
                    } else if (typed instanceof FieldValue.Enumerated e) {
                        assertEquals(e.name().startsWith("Unknown (") ? "Unknown" : e.name(), value.asText(), where);
                        assertEquals(e.code(), state.get(label + "_code").asInt(), where);
                    } else if (typed instanceof FieldValue.Flags f) {
                        assertEquals(f.mask(), state.get(label + "_code").asLong(), where);
                        assertEquals(f.names().isEmpty() ? "none" : String.join(", ", f.names()), value.asText(), where);
                    } else if (typed instanceof FieldValue.OnOff o) {
                        assertEquals(o.on() ? "ON" : "OFF", value.asText(), where);
                    } else {
                        assertTrue(value.isTextual(), where);
                    }
                }
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aBmvRecordReadsAsItsUserWouldWriteIt() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("PID", "0x203");
        fields.put("V", 12815L);
        fields.put("I", -7625L);
        fields.put("CE", "---");
        fields.put("SOC", 876L);
        fields.put("TTG", -1L);
        fields.put("Alarm", "OFF");
        fields.put("AR", 5L);
        fields.put("CS", 3L);
        fields.put("H19", 12000L);
        fields.put("FW", "0308");
        fields.put("MPPT", 7L);
        String json = StateJson.of(new VeDirectRecord(fields), Instant.parse("2026-06-01T10:00:00.250Z"));
        // The documented format itself, so the example in docs/destinations.md is this test's literal.
        assertEquals("{\"PID\":\"BMV-700\",\"PID_code\":515,\"V\":12.815,\"I\":-7.625,\"CE\":null,\"SOC\":87.6,"
                + "\"TTG\":null,\"Alarm\":\"OFF\",\"AR\":\"Low voltage, Low SOC\",\"AR_code\":5,\"CS\":\"Bulk\",\"CS_code\":3,"
                + "\"H19\":120,\"FW\":\"3.08\",\"MPPT\":\"Unknown\",\"MPPT_code\":7,\"time\":\"2026-06-01T10:00:00.250Z\"}", json);
        assertFalse(json.contains("E+"), "never an exponent");
    }

    @Test
    void topicsRefuseNamesThatWouldLeaveTheirLevel() {
        assertEquals("vedirect/boat/house/state", DeviceTopics.state("vedirect/boat/", "house"));
        assertEquals("vedirect/house/availability", DeviceTopics.availability("vedirect", "house"));
        for (String name : new String[] {"", "a/b", "a+", "#"}) {
            assertThrows(IllegalArgumentException.class, () -> DeviceTopics.state("vedirect", name), name);
        }
        for (String prefix : new String[] {"", "/", "/x", "a/+/b", "a//b"}) {
            assertThrows(IllegalArgumentException.class, () -> DeviceTopics.state(prefix, "house"), prefix);
        }
    }
}
