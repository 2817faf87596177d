package io.github.vedirect.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vedirect.protocol.FieldDefinition.Kind;
import io.github.vedirect.protocol.FieldValue.Enumerated;
import io.github.vedirect.protocol.FieldValue.Firmware;
import io.github.vedirect.protocol.FieldValue.Flags;
import io.github.vedirect.protocol.FieldValue.Infinite;
import io.github.vedirect.protocol.FieldValue.Measurement;
import io.github.vedirect.protocol.FieldValue.NotAvailable;
import io.github.vedirect.protocol.FieldValue.OnOff;
import io.github.vedirect.protocol.FieldValue.Product;
import io.github.vedirect.protocol.FieldValue.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldCatalogueTest {

    /** Section 4 of docs/vedirect-protocol.md, without the framing-only {@code Checksum}. */
    private static final List<String> DOCUMENTED_LABELS = List.of(
            "V", "V2", "V3", "VS", "VM", "DM", "VPV", "PPV", "I", "I2", "I3", "IL", "LOAD", "T", "P", "CE", "SOC",
            "TTG", "Alarm", "Relay", "AR", "OR", "H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10", "H11",
            "H12", "H13", "H14", "H15", "H16", "H17", "H18", "H19", "H20", "H21", "H22", "H23", "ERR", "CS", "BMV",
            "FW", "FWE", "PID", "SER#", "HSDS", "MODE", "AC_OUT_V", "AC_OUT_I", "AC_OUT_S", "WARN", "MPPT", "MON",
            "DC_IN_V", "DC_IN_I", "DC_IN_P", "HC#");

    @Test
    void everyDocumentedLabelHasADefinition() {
        for (String label : DOCUMENTED_LABELS) {
            assertTrue(FieldCatalogue.definition(label).isPresent(), label);
            assertEquals(label, FieldCatalogue.definition(label).orElseThrow().label());
        }
        assertEquals(new LinkedHashSet<>(DOCUMENTED_LABELS), FieldCatalogue.labels());
    }

    @Test
    void labelsAreCaseSensitiveAndUnknownLabelsHaveNoDefinition() {
        assertFalse(FieldCatalogue.definition("ALARM").isPresent());
        assertFalse(FieldCatalogue.definition("XYZ").isPresent());
        assertFalse(FieldCatalogue.definition(null).isPresent());
    }

    @Test
    void unitsAndScalesFollowTheWireUnits() {
        assertDefinition("DM", Unit.PERCENT, 1);
        assertDefinition("T", Unit.CELSIUS, 0);
        assertDefinition("CE", Unit.AMPERE_HOUR, 3);
        assertDefinition("H9", Unit.SECOND, 0);
        assertDefinition("H10", Unit.COUNT, 0);
        assertDefinition("AC_OUT_V", Unit.VOLT, 2);
        assertDefinition("AC_OUT_I", Unit.AMPERE, 1);
        assertDefinition("AC_OUT_S", Unit.VOLT_AMPERE, 0);
        assertDefinition("DC_IN_V", Unit.VOLT, 2);
        assertDefinition("DC_IN_I", Unit.AMPERE, 1);
        assertEquals(Kind.ENUM, FieldCatalogue.definition("MON").orElseThrow().kind());
        assertEquals(Kind.FLAGS, FieldCatalogue.definition("OR").orElseThrow().kind());
    }

    @Test
    void numbersAreScaledExactlyToSiUnits() {
        assertEquals(new Measurement(12.8, Unit.VOLT), FieldCatalogue.interpret("V", "12800"));
        assertEquals(12.8, ((Measurement) FieldCatalogue.interpret("V", "12800")).value());
        assertEquals(new Measurement(-7.625, Unit.AMPERE), FieldCatalogue.interpret("I", "-7625"));
        assertEquals(new Measurement(83.9, Unit.PERCENT), FieldCatalogue.interpret("SOC", "839"));
        assertEquals(new Measurement(945, Unit.MINUTE), FieldCatalogue.interpret("TTG", "945"));
        assertEquals(new Measurement(12.34, Unit.KILOWATT_HOUR), FieldCatalogue.interpret("H17", "1234"));
        assertEquals(new Measurement(230.01, Unit.VOLT), FieldCatalogue.interpret("AC_OUT_V", "23001"));
        assertEquals("12.8 V", FieldCatalogue.interpret("V", "12800").toString());
        assertEquals("945 min", FieldCatalogue.interpret("TTG", "945").toString());
    }

    @Test
    void specialValues() {
        assertSame(NotAvailable.NOT_AVAILABLE, FieldCatalogue.interpret("CE", "---"));
        assertSame(NotAvailable.NOT_AVAILABLE, FieldCatalogue.interpret("XYZ", "---"));
        assertSame(Infinite.INFINITE, FieldCatalogue.interpret("TTG", "-1"));
        assertEquals(new Measurement(-0.001, Unit.AMPERE), FieldCatalogue.interpret("I", "-1"));
        assertEquals(new OnOff(true), FieldCatalogue.interpret("Alarm", "ON"));
        assertEquals(new OnOff(false), FieldCatalogue.interpret("LOAD", "OFF"));
    }

    @Test
    void enumerations() {
        assertEquals(new Enumerated(3, "Bulk"), FieldCatalogue.interpret("CS", "3"));
        assertEquals("Bulk (3)", FieldCatalogue.interpret("CS", "3").toString());
        assertEquals(new Enumerated(119, "User settings invalid"), FieldCatalogue.interpret("ERR", "119"));
        assertEquals(new Enumerated(2, "MPP tracker active"), FieldCatalogue.interpret("MPPT", "2"));
        assertEquals(new Enumerated(-9, "Solar charger"), FieldCatalogue.interpret("MON", "-9"));
        assertEquals(new Enumerated(253, "Hibernate"), FieldCatalogue.interpret("MODE", "253"));
        assertEquals(new Enumerated(99, "Unknown (99)"), FieldCatalogue.interpret("CS", "99"));
        assertEquals("Unknown (99)", FieldCatalogue.interpret("CS", "99").toString());
        assertEquals("BMS connection lost", FieldCatalogue.chargerError(67));
    }

    @Test
    void bitmasks() {
        assertEquals(new Flags(5, List.of("Low voltage", "Low SOC")), FieldCatalogue.interpret("AR", "5"));
        assertEquals(new Flags(9, List.of("No input power", "Remote input")),
                FieldCatalogue.interpret("OR", "0x00000009"));
        assertEquals(new Flags(0, List.of()), FieldCatalogue.interpret("WARN", "0"));
        assertEquals(List.of("bit 31"), FieldCatalogue.offReasons(0x8000_0000L));
    }

    @Test
    void products() {
        assertEquals(new Product(0x0203, "BMV-700"), FieldCatalogue.interpret("PID", "0x203"));
        assertEquals(new Product(0xA053, "SmartSolar MPPT 75/15"), FieldCatalogue.interpret("PID", "0xA053"));
        assertEquals("Phoenix Inverter 12V 1200VA 230V", FieldCatalogue.productName(0xA2F1));
        assertEquals("Phoenix Inverter 48V 250VA 120V", FieldCatalogue.productName(0xA23C));
        assertEquals("Unknown product 0xBEEF", FieldCatalogue.productName(0xBEEF));
    }

    @Test
    void firmwareVersions() {
        assertEquals(new Firmware("4.08"), FieldCatalogue.interpret("FW", "0408"));
        assertEquals(new Firmware("1.56"), FieldCatalogue.interpret("FW", "156"));
        assertEquals(new Firmware("2.08-rc C"), FieldCatalogue.interpret("FW", "C208"));
        assertEquals(new Firmware("3.16"), FieldCatalogue.interpret("FWE", "316FF"));
        assertEquals(new Firmware("2.08"), FieldCatalogue.interpret("FWE", "0208FF"));
        assertEquals(new Firmware("2.08-beta-01"), FieldCatalogue.interpret("FWE", "020801"));
    }

    @Test
    void unknownLabelsAndGarbageBecomeText() {
        assertEquals(new Text("1"), FieldCatalogue.interpret("XYZ", "1"));
        assertEquals(new Text("12a"), FieldCatalogue.interpret("V", "12a"));
        assertEquals(new Text(""), FieldCatalogue.interpret("V", ""));
        assertEquals(new Text(""), FieldCatalogue.interpret("V", null));
        assertEquals(new Text("0x"), FieldCatalogue.interpret("PID", "0x"));
        assertEquals(new Text("0x"), FieldCatalogue.interpret("OR", "0x"));
        assertEquals(new Text("+5"), FieldCatalogue.interpret("V", "+5"));
        assertEquals(new Text("99999999999999999999"), FieldCatalogue.interpret("V", "99999999999999999999"));
        assertEquals(new Text("HQ2132ABCDE"), FieldCatalogue.interpret("SER#", "HQ2132ABCDE"));
    }

    @Test
    void interpretNeverThrows() {
        Random random = new Random(20240601L);
        String alphabet = "0123456789-xXabcdefABCDEF+. ONF\t\u0000\u00e9\u0660";
        List<String> labels = new ArrayList<>(FieldCatalogue.labels());
        labels.add("XYZ");
        labels.add(null);
        for (int i = 0; i < 5000; i++) {
            StringBuilder raw = new StringBuilder(random.nextBoolean() ? "0x" : "");
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String label = labels.get(random.nextInt(labels.size()));
            FieldValue value = assertDoesNotThrow(() -> FieldCatalogue.interpret(label, raw.toString()),
                    () -> label + "=" + raw);
            assertNotNull(value);
            assertDoesNotThrow(value::toString);
        }
    }

    private static void assertDefinition(String label, Unit unit, int decimalShift) {
        FieldDefinition definition = FieldCatalogue.definition(label).orElseThrow();
        assertEquals(Kind.NUMBER, definition.kind(), label);
        assertEquals(unit, definition.unit(), label);
        assertEquals(decimalShift, definition.decimalShift(), label);
    }
}
