package io.github.vedirect.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The register catalogue: names, ids, typed decoding and encoding, and the checks a set must pass. */
class HexRegistersTest {

    record RawValue(HexRegister register, long raw) {
    }

    @Provide
    Arbitrary<RawValue> numericRegisterAndRaw() {
        List<HexRegister> numeric = HexRegisters.all().stream().filter(r -> r.type().numeric()).toList();
        return Arbitraries.of(numeric).flatMap(register -> Arbitraries.oneOf(
                        Arbitraries.longs().between(register.type().minRaw(), register.type().maxRaw()),
                        Arbitraries.of(register.type().minRaw(), register.type().maxRaw(), 0L, -1L, 1L)
                                .filter(raw -> raw >= register.type().minRaw() && raw <= register.type().maxRaw()))
                .map(raw -> new RawValue(register, raw)));
    }

    @Property
    void everyNumericRegisterRoundTripsEveryRawValue(@ForAll("numericRegisterAndRaw") RawValue sample) {
        HexRegister register = sample.register();
        byte[] bytes = register.encodeRaw(sample.raw());
        assertEquals(register.type().size(), bytes.length);
        HexValue value = register.decode(bytes);
        assertEquals(sample.raw(), value.raw());
        if (register.notAvailable() != null && sample.raw() == register.notAvailable()) {
            assertFalse(value.available());
            assertNull(value.number());
            return;
        }
        BigDecimal expected = BigDecimal.valueOf(sample.raw()).multiply(register.scale()).add(register.offset());
        assertEquals(0, expected.compareTo(value.number()), register + " " + sample.raw());
        // And back from the number a user would type.
        assertArrayEquals(bytes, register.encode(value.number()), register.label());
    }

    @Test
    void namesAndIdsAreUniqueStableCamelCase() {
        Set<String> names = new HashSet<>();
        for (HexRegister register : HexRegisters.all()) {
            assertTrue(register.name().matches("[a-z][a-zA-Z0-9]*"), register.name());
            assertTrue(names.add(register.name().toLowerCase()), register.name());
            assertEquals(register, HexRegisters.byId(register.id()).orElseThrow());
            assertEquals(register, HexRegisters.find(register.hexId()).orElseThrow());
            assertEquals(register, HexRegisters.find(register.name().toUpperCase()).orElseThrow());
            assertFalse(register.families().isEmpty(), register.label());
            assertFalse(register.source().isBlank(), register.label());
        }
        assertEquals("batteryMaximumCurrent", HexRegisters.find("edf0").orElseThrow().name());
        assertTrue(HexRegisters.find("0x1234").isEmpty());
        assertTrue(HexRegisters.find("noSuchRegister").isEmpty());
    }

    @Test
    void coversTheRegistersTheIssueNames() {
        for (int id : new int[] {0x0100, 0x0102, 0x010A, 0x0200, 0x0201, 0x0205, 0x0207, 0x2015, 0xEDF0, 0xEDF6,
                0xEDF7, 0xEDAB, 0xEDBB, 0xEDBC, 0xEDBD, 0xEDD5, 0xEDD7, 0xEDD0, 0xEDD1, 0xEDD2, 0xEDD3, 0xEDDC,
                0x104F, 0x0FFF, 0x0FFE, 0xED8D, 0xED8F}) {
            assertTrue(HexRegisters.byId(id).isPresent(), String.format("0x%04X", id));
        }
        for (int day = 0; day <= 30; day++) {
            assertEquals("historyDay" + day, HexRegisters.byId(HexHistory.dayRegister(day)).orElseThrow().name());
        }
        assertThrows(IllegalArgumentException.class, () -> HexHistory.dayRegister(31));
    }

    @Test
    void signedSixteenBitCurrentAndScales() {
        HexRegister current = HexRegisters.find("batteryCurrent").orElseThrow();
        assertEquals("-1.0 A", current.decode(new byte[] {(byte) 0xF6, (byte) 0xFF}).toString());
        assertEquals("3276.7 A", current.decode(new byte[] {(byte) 0xFF, 0x7F}).toString());
        assertEquals("-3276.8 A", current.decode(new byte[] {0x00, (byte) 0x80}).toString());
        HexRegister panelPower = HexRegisters.find("panelPower").orElseThrow();
        assertEquals("412.85 W", panelPower.decode(new byte[] {0x45, (byte) 0xA1, 0, 0}).toString());
        HexRegister temperature = HexRegisters.find("batteryTemperature").orElseThrow();
        assertEquals("25.00 °C", temperature.decode(HexEncoder.littleEndian(29815, 2)).toString());
        assertEquals("n/a", HexRegisters.find("stateOfCharge").orElseThrow().decode(new byte[] {-1, -1}).toString());
        assertEquals("SmartSolar Charger MPPT 100/30", HexRegisters.byId(HexRegisters.MODEL_NAME).orElseThrow()
                .decode("SmartSolar Charger MPPT 100/30\0".getBytes()).toString());
    }

    @Test
    void aWrongLengthIsRefusedNamingTheRegister() {
        HexRegister register = HexRegisters.byId(0xEDF0).orElseThrow();
        HexValueException e = assertThrows(HexValueException.class, () -> register.decode(new byte[] {1}));
        assertEquals("0xEDF0 batteryMaximumCurrent: expected 2 value bytes (un16), got 1", e.getMessage());
    }

    @Test
    void setsOutsideTheRangeOrOnReadOnlyRegistersAreRefused() {
        HexRegister maxCurrent = HexRegisters.byId(0xEDF0).orElseThrow();
        assertEquals("0xEDF0 batteryMaximumCurrent: 100.5 A is above the maximum 100.0 A",
                assertThrows(HexValueException.class, () -> HexCommand.set(maxCurrent, new BigDecimal("100.5")))
                        .getMessage());
        assertEquals("0xEDF0 batteryMaximumCurrent: -1.0 A is below the minimum 0.0 A",
                assertThrows(HexValueException.class, () -> HexCommand.set(maxCurrent, new BigDecimal("-1")))
                        .getMessage());
        assertEquals("0xEDF0 batteryMaximumCurrent: 15.05 A is not a multiple of 0.1 A",
                assertThrows(HexValueException.class, () -> HexCommand.set(maxCurrent, new BigDecimal("15.05")))
                        .getMessage());
        HexRegister soc = HexRegisters.find("stateOfCharge").orElseThrow();
        assertEquals("0x0FFF stateOfCharge: read-only, cannot be set",
                assertThrows(HexValueException.class, () -> HexCommand.set(soc, BigDecimal.ONE)).getMessage());
        // The edges themselves are allowed.
        HexCommand.set(maxCurrent, new BigDecimal("100.0"));
        HexCommand.set(maxCurrent, BigDecimal.ZERO);
    }

    @Test
    void theLoadOutputControlIsAModeKeptInFlash() {
        HexRegister load = HexRegisters.find("0xEDAB").orElseThrow();
        assertEquals("loadOutputControl", load.name());
        assertEquals(HexStorage.FLASH, load.storage());
        assertEquals(HexType.U8, load.type());
        assertTrue(load.enumerated());
        assertEquals(List.of("off", "automatic", "alternative 1", "alternative 2", "on", "user defined 1",
                "user defined 2", "automatic energy selector"), List.copyOf(load.codes().values()));
        assertEquals(0L, load.codeOf("OFF").orElseThrow());
        assertEquals(4L, load.codeOf(" on ").orElseThrow());
        assertEquals(5L, load.codeOf("user_defined_1").orElseThrow());
        assertTrue(load.codeOf("maybe").isEmpty());
        // Decoded from the wire: the code's name with the code.
        assertEquals("off (0)", load.decode(new byte[] {0}).toString());
        assertEquals("on (4)", load.decode(new byte[] {4}).toString());
        assertEquals("9", load.decode(new byte[] {9}).toString(), "a code the catalogue does not know stays a number");
        // A set takes a known code only.
        load.checkSettable(new BigDecimal("7"));
        assertTrue(assertThrows(HexValueException.class, () -> load.checkSettable(new BigDecimal("8"))).getMessage()
                .startsWith("0xEDAB loadOutputControl: 8 is not one of its codes (0 off, "));
        assertEquals("0xEDAB loadOutputControl: 2.5 is not one of its codes (0 off, 1 automatic, 2 alternative 1, "
                        + "3 alternative 2, 4 on, 5 user defined 1, 6 user defined 2, 7 automatic energy selector)",
                assertThrows(HexValueException.class, () -> load.checkSettable(new BigDecimal("2.5"))).getMessage());
        // Registers of quantities have no codes.
        assertFalse(HexRegisters.byId(HexRegisters.CHARGE_CURRENT_LIMIT).orElseThrow().enumerated());
        assertTrue(HexRegisters.all().stream().filter(HexRegister::enumerated).allMatch(HexRegister::writable));
    }

    @Test
    void flashAndVolatileAsTheDocAndIssueSay() {
        assertEquals(HexStorage.FLASH, HexRegisters.byId(0xEDF0).orElseThrow().storage());
        assertEquals(HexStorage.FLASH, HexRegisters.byId(0xEDF6).orElseThrow().storage());
        assertEquals(HexStorage.FLASH, HexRegisters.byId(0xEDF7).orElseThrow().storage());
        assertEquals(HexStorage.VOLATILE, HexRegisters.byId(0x2015).orElseThrow().storage());
        for (HexRegister register : HexRegisters.all()) {
            if (register.writable()) {
                assertTrue(register.minimum().compareTo(register.maximum()) < 0, register.label());
                assertTrue(register.type().numeric(), register.label());
            } else {
                assertNull(register.minimum(), register.label());
            }
        }
    }

    @Property
    void historyDayRecordsRoundTrip(@ForAll("days") HexHistory.Day day) {
        assertEquals(day, HexHistory.Day.decode(day.encode()));
    }

    @Provide
    Arbitrary<HexHistory.Day> days() {
        Arbitrary<BigDecimal> kwh = Arbitraries.longs().between(0, 0xFFFFFFFEL)
                .map(raw -> BigDecimal.valueOf(raw).multiply(new BigDecimal("0.01"))).injectNull(0.1);
        Arbitrary<BigDecimal> volts = Arbitraries.integers().between(0, 0xFFFE)
                .map(raw -> BigDecimal.valueOf(raw).multiply(new BigDecimal("0.01"))).injectNull(0.1);
        Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 0xFFFE).injectNull(0.1);
        return Combinators.combine(kwh, kwh, volts, volts, minutes, minutes, Arbitraries.longs().between(0, 0xFFFFFFFEL),
                        Arbitraries.integers().between(0, 0xFFFF))
                .as((yield, consumed, max, min, bulk, absorption, power, sequence) -> new HexHistory.Day(0, yield,
                        consumed, max, min, 0, List.of(2, 0, 0, 0), bulk, absorption, 0, power,
                        new BigDecimal("12.9"), max, sequence));
    }
}
