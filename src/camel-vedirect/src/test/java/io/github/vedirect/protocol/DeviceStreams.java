package io.github.vedirect.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Test support: jqwik generators of what real VE.Direct devices put on the wire (docs/vedirect-protocol.md
 * sections 3, 4 and 7.1), and the damage a serial line does to it.
 *
 * <p>A device keeps its identity (PID, firmware, serial number, which optional fields it sends) for a
 * whole stream and repeats its block kinds in a fixed cycle, because the decoder learns block shapes
 * and its recovery guarantees only hold for shapes it has seen twice. Values vary block to block in
 * their real wire formats. HEX frames go where real devices put them: between blocks, straight after
 * a checksum byte, and between the fields of a block.
 */
final class DeviceStreams {

    /** Checksum bytes that are also framing bytes; the byte after {@code Checksum} TAB must still be read as the checksum. */
    static final List<Integer> AWKWARD_CHECKSUMS = List.of((int) ':', (int) '\r', (int) '\n', (int) '\t', 0x00);

    private static final byte[] CRLF = {'\r', '\n'};
    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private DeviceStreams() {
    }

    // ---------------------------------------------------------------------------------------------
    // Devices

    enum Family { BMV_70X, BMV_71X, MPPT, MPPT_SPLIT, PHOENIX_INVERTER, BLUE_SMART_CHARGER, ORION_XS, EDGE }

    /** One field of a block kind: its label and how its value varies from block to block. */
    record Field(String label, Arbitrary<String> value) {
    }

    /**
     * A field whose value may be redrawn, in the same wire format, to give a block a wanted checksum
     * byte without changing the block's shape. Digit counts are drawn uniformly so that the byte sum
     * of the redrawn values reaches every residue mod 256.
     */
    record Tunable(String label, Function<Random, String> value) {
    }

    /** One kind of block a device sends: labels in wire order and which values can be tuned. */
    record Kind(String name, List<Field> fields, List<Tunable> tunables) {

        Arbitrary<LinkedHashMap<String, String>> values() {
            List<Arbitrary<String>> values = new ArrayList<>();
            for (Field field : fields) {
                values.add(field.value());
            }
            return Combinators.combine(values).as(drawn -> {
                LinkedHashMap<String, String> block = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    block.put(fields.get(i).label(), drawn.get(i));
                }
                return block;
            });
        }
    }

    /** A device: its family and the block kinds it sends, in the order it sends them. */
    record Device(Family family, List<Kind> cycle) {

        @Override
        public String toString() {
            List<String> kinds = new ArrayList<>();
            for (Kind kind : cycle) {
                kinds.add(kind.name() + kind.fields().stream().map(Field::label).toList());
            }
            return family + " " + kinds;
        }
    }

    static Arbitrary<Device> anyDevice() {
        return Arbitraries.of(Family.values()).flatMap(DeviceStreams::devices);
    }

    static Arbitrary<Device> devices(Family family) {
        return switch (family) {
            case BMV_70X -> bmv70x();
            case BMV_71X -> bmv71x();
            case MPPT -> mppt();
            case MPPT_SPLIT -> splitMppt();
            case PHOENIX_INVERTER -> phoenixInverter();
            case BLUE_SMART_CHARGER -> blueSmartCharger();
            case ORION_XS -> orionXs();
            case EDGE -> edgeCase();
        };
    }

    /** BMV-700/702/700H: a main block, then a history block without PID (karioja/vedirect bvm702.dump). */
    private static Arbitrary<Device> bmv70x() {
        return Combinators.combine(Arbitraries.of(0x203, 0x204, 0x205), Arbitraries.of("307", "308", "309", "311"),
                nominalVolts()).as((pid, fw, volts) -> {
                    String model = pid == 0x203 ? "700" : pid == 0x204 ? "702" : "700H";
                    Kind main = new Kind("main", List.of(
                            constant("PID", pid(pid)),
                            field("V", millivolts(volts)),
                            field("I", ints(-150_000, 60_000)),
                            field("P", ints(-3_000, 1_500)),
                            field("CE", orNotAvailable(ints(-400_000, 0))),
                            field("SOC", orNotAvailable(ints(0, 1_000))),
                            field("TTG", orNotAvailable(timeToGo())),
                            field("Alarm", onOff()),
                            field("Relay", onOff()),
                            field("AR", alarmReason()),
                            constant("BMV", model),
                            constant("FW", fw)),
                            List.of(signed("I", 6), signed("P", 4), negative("CE", 6)));
                    return new Device(Family.BMV_70X, List.of(main, bmvHistory(volts, false)));
                });
    }

    /** BMV-712/710H and SmartShunt (fw >= 4.08, so MON): aux input as VS, VM+DM or T; SmartShunts have no relay. */
    private static Arbitrary<Device> bmv71x() {
        Arbitrary<Integer> monitorMode = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(-9, -6, -3, -2, -1, 1, 3, 6, 7, 8)));
        return Combinators.combine(Arbitraries.of(0xA381, 0xA382, 0xA383, 0xA389, 0xA38A, 0xA38B),
                Arbitraries.of("0408", "0409", "0416", "0417"), nominalVolts(), Arbitraries.of("VS", "VM", "T"),
                monitorMode).as((pid, fw, volts, aux, mon) -> {
                    boolean shunt = pid >= 0xA389;
                    String model = switch (pid) {
                        case 0xA382 -> "710H Smart";
                        case 0xA389 -> "SmartShunt 500A/50mV";
                        case 0xA38A -> "SmartShunt 1000A/50mV";
                        case 0xA38B -> "SmartShunt 2000A/50mV";
                        default -> "712 Smart";
                    };
                    // A DC monitor (MON != 0) has no battery state: those fields read "---".
                    boolean battery = mon == 0;
                    List<Field> fields = new ArrayList<>();
                    fields.add(constant("PID", pid(pid)));
                    fields.add(field("V", millivolts(volts)));
                    switch (aux) {
                        case "VS" -> fields.add(field("VS", ints(-100, volts * 1_250)));
                        case "VM" -> {
                            fields.add(field("VM", ints(volts * 400, volts * 620)));
                            fields.add(field("DM", ints(-1_000, 1_000)));
                        }
                        default -> fields.add(field("T", ints(-20, 55)));
                    }
                    fields.add(field("I", ints(-200_000, 100_000)));
                    fields.add(field("P", ints(-5_000, 3_000)));
                    fields.add(battery ? field("CE", orNotAvailable(ints(-400_000, 0))) : constant("CE", "---"));
                    fields.add(battery ? field("SOC", orNotAvailable(ints(0, 1_000))) : constant("SOC", "---"));
                    fields.add(battery ? field("TTG", orNotAvailable(timeToGo())) : constant("TTG", "---"));
                    fields.add(field("Alarm", onOff()));
                    if (!shunt) {
                        fields.add(field("Relay", onOff()));
                    }
                    fields.add(field("AR", alarmReason()));
                    fields.add(constant("BMV", model));
                    fields.add(constant("FW", fw));
                    fields.add(constant("MON", String.valueOf(mon)));
                    Kind main = new Kind("main", fields, List.of(signed("I", 6), signed("P", 4)));
                    return new Device(Family.BMV_71X, List.of(main, bmvHistory(volts, true)));
                });
    }

    private static Kind bmvHistory(int volts, boolean auxHistory) {
        List<Field> fields = new ArrayList<>(List.of(
                field("H1", orNotAvailable(ints(-400_000, 0))),
                field("H2", orNotAvailable(ints(-400_000, 0))),
                field("H3", orNotAvailable(ints(-400_000, 0))),
                field("H4", ints(0, 3_000)),
                field("H5", ints(0, 500)),
                field("H6", ints(-9_999_999, 0)),
                field("H7", ints(0, volts * 1_000)),
                field("H8", ints(volts * 1_000, volts * 2_500)),
                field("H9", orNotAvailable(ints(0, 99_999_999))),
                field("H10", ints(0, 3_000)),
                field("H11", ints(0, 200)),
                field("H12", ints(0, 200))));
        if (auxHistory) {
            fields.add(field("H15", ints(-100, volts * 1_100)));
            fields.add(field("H16", ints(0, volts * 2_500)));
        }
        fields.add(field("H17", ints(0, 999_999)));
        fields.add(field("H18", ints(0, 999_999)));
        return new Kind("history", fields,
                List.of(negative("H6", 7), unsigned("H9", 8), unsigned("H17", 6), unsigned("H18", 6)));
    }

    /** A SmartSolar/BlueSolar MPPT sending one block a second (docs section 3.2 trace). */
    private static Arbitrary<Device> mppt() {
        return Combinators.combine(Arbitraries.of(0x0300, 0xA042, 0xA043, 0xA053, 0xA055, 0xA056, 0xA05F, 0xA060, 0xA075),
                Arbitraries.of("119", "123", "139", "156", "159", "161", "163"), serials(), nominalVolts())
                .as((pid, fw, serial, volts) -> {
                    Kind block = new Kind("block", mpptFields(pid, fw, serial, volts), mpptTunables());
                    return new Device(Family.MPPT, List.of(block));
                });
    }

    private static List<Field> mpptFields(int pid, String fw, String serial, int volts) {
        return List.of(
                constant("PID", pid(pid)),
                constant("FW", fw),
                constant("SER#", serial),
                field("V", millivolts(volts)),
                field("I", ints(0, 35_000)),
                field("VPV", ints(0, 150_000)),
                field("PPV", ints(0, 1_200)),
                field("CS", chargerState()),
                field("MPPT", Arbitraries.of("0", "1", "2")),
                field("OR", offReason()),
                field("ERR", chargerError()),
                field("LOAD", onOff()),
                field("IL", ints(0, 20_000)),
                field("H19", ints(0, 999_999)),
                field("H20", ints(0, 9_999)),
                field("H21", ints(0, 9_999)),
                field("H22", ints(0, 9_999)),
                field("H23", ints(0, 9_999)),
                field("HSDS", ints(0, 364)));
    }

    private static List<Tunable> mpptTunables() {
        return List.of(unsigned("I", 5), unsigned("PPV", 4), unsigned("IL", 5), unsigned("H19", 6));
    }

    /** A newer MPPT (FWE) that splits each record over two blocks (KinDR007 150/70 rev2 fixture). */
    private static Arbitrary<Device> splitMppt() {
        return Combinators.combine(Arbitraries.of(0xA06C, 0xA064, 0xA065, 0xA068, 0xA110),
                Arbitraries.of("316FF", "0317FF", "0325FF", "330FF"), serials(), nominalVolts())
                .as((pid, fwe, serial, volts) -> {
                    Kind first = new Kind("first", List.of(
                            constant("PID", pid(pid)),
                            constant("FWE", fwe),
                            constant("SER#", serial),
                            field("V", millivolts(volts)),
                            field("I", ints(0, 100_000)),
                            field("VPV", ints(0, 250_000)),
                            field("PPV", ints(0, 6_000)),
                            field("MPPT", Arbitraries.of("0", "1", "2")),
                            field("CS", chargerState()),
                            field("OR", offReason())),
                            List.of(unsigned("I", 6), unsigned("VPV", 6), unsigned("PPV", 4)));
                    Kind second = new Kind("second", List.of(
                            field("ERR", chargerError()),
                            field("LOAD", onOff()),
                            field("Relay", onOff()),
                            field("H19", ints(0, 999_999)),
                            field("H20", ints(0, 9_999)),
                            field("H21", ints(0, 9_999)),
                            field("H22", ints(0, 9_999)),
                            field("H23", ints(0, 9_999)),
                            field("HSDS", ints(0, 364))),
                            List.of(unsigned("H19", 6), unsigned("H20", 4), unsigned("H21", 4), unsigned("H22", 4)));
                    return new Device(Family.MPPT_SPLIT, List.of(first, second));
                });
    }

    /** Phoenix inverter; the PID's low nibble gives the battery voltage, +8 for the 120 V models. */
    private static Arbitrary<Device> phoenixInverter() {
        return Combinators.combine(Arbitraries.of(0xA231, 0xA242, 0xA254, 0xA261, 0xA271, 0xA279, 0xA2E1, 0xA2F1, 0xA2F2, 0xA2FC),
                Arbitraries.of("0124", "0127", "0130"), serials()).as((pid, fw, serial) -> {
                    int nibble = pid & 0x7;
                    int volts = nibble == 1 ? 12 : nibble == 2 ? 24 : 48;
                    boolean us = (pid & 0x8) != 0;
                    Kind block = new Kind("block", List.of(
                            constant("PID", pid(pid)),
                            constant("FW", fw),
                            constant("SER#", serial),
                            field("MODE", Arbitraries.of("2", "4", "5")),
                            field("CS", Arbitraries.of("0", "1", "2", "9")),
                            field("AC_OUT_V", us ? ints(11_000, 12_500) : ints(22_000, 24_500)),
                            field("AC_OUT_I", ints(0, 110)),
                            field("AC_OUT_S", ints(0, 1_500)),
                            field("V", millivolts(volts)),
                            field("AR", alarmReason()),
                            field("WARN", alarmReason()),
                            field("OR", offReason())),
                            List.of(unsigned("AC_OUT_I", 3), unsigned("AC_OUT_S", 4), bitmask("WARN")));
                    return new Device(Family.PHOENIX_INVERTER, List.of(block));
                });
    }

    /** Blue Smart IP22/IP65 charger (KinDR007 fixtures): T reads "---" without a sensor; HC# undocumented. */
    private static Arbitrary<Device> blueSmartCharger() {
        return Combinators.combine(Arbitraries.of(0xA332, 0xA334, 0xA336, 0xA30A),
                Arbitraries.of("0342FF", "0340FF", "0335FF"), serials(), Arbitraries.integers().between(10_000, 99_999),
                Arbitraries.of(12, 24)).as((pid, fwe, serial, hc, volts) -> {
                    Kind block = new Kind("block", List.of(
                            constant("PID", pid(pid)),
                            constant("FWE", fwe),
                            constant("SER#", serial),
                            field("V", millivolts(volts)),
                            field("I", ints(0, 25_000)),
                            field("T", Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("---")),
                                    Tuple.of(1, ints(-20, 50)))),
                            field("ERR", chargerError()),
                            field("CS", Arbitraries.of("0", "3", "4", "5", "6", "7", "247")),
                            constant("HC#", String.valueOf(hc))),
                            List.of(unsigned("I", 5), new Tunable("T", random -> random.nextInt(3) == 0
                                    ? "---" : String.valueOf(random.nextInt(71) - 20)), unsigned("V", 5)));
                    return new Device(Family.BLUE_SMART_CHARGER, List.of(block));
                });
    }

    /** Orion XS DC-DC charger (KinDR007 fixture): DC input in 0.01 V / 0.1 A / W. */
    private static Arbitrary<Device> orionXs() {
        return Combinators.combine(Arbitraries.of(0xA3F0, 0xA3F1), Arbitraries.of("112FF", "0112FF", "115FF"), serials())
                .as((pid, fwe, serial) -> {
                    Kind block = new Kind("block", List.of(
                            constant("PID", pid(pid)),
                            constant("FWE", fwe),
                            constant("SER#", serial),
                            field("V", millivolts(12)),
                            field("I", ints(0, 50_000)),
                            field("P", ints(0, 700)),
                            field("DC_IN_V", ints(800, 1_700)),
                            field("DC_IN_I", ints(0, 600)),
                            field("DC_IN_P", ints(0, 800)),
                            field("CS", Arbitraries.of("0", "3", "4", "5", "252")),
                            field("OR", offReason()),
                            field("ERR", chargerError())),
                            List.of(unsigned("I", 5), unsigned("P", 3), unsigned("DC_IN_I", 3), unsigned("DC_IN_P", 3)));
                    return new Device(Family.ORION_XS, List.of(block));
                });
    }

    /**
     * The protocol's limits: 22 to 25 fields (the spec allows 22, some firmware sends more), a 9-character
     * label, a 33-character value with spaces, and labels no catalogue knows.
     */
    private static Arbitrary<Device> edgeCase() {
        Arbitrary<String> longValue = Arbitraries.strings().withCharRange(' ', '~').excludeChars(':').ofLength(33);
        return Combinators.combine(Arbitraries.of(0xA053, 0xA060, 0xA075), serials(), longValue,
                Arbitraries.integers().between(22, 25)).as((pid, serial, model, fieldCount) -> {
                    List<Field> fields = new ArrayList<>(mpptFields(pid, "161", serial, 12));
                    fields.add(constant("MODELNAME", model));
                    fields.add(field("XTRA", printable(1, 20)));
                    for (int i = 1; fields.size() < fieldCount; i++) {
                        fields.add(field("EXT" + i, ints(-99, 999)));
                    }
                    List<Tunable> tunables = List.of(new Tunable("XTRA", random -> {
                        char[] chars = new char[1 + random.nextInt(20)];
                        for (int i = 0; i < chars.length; i++) {
                            char c = (char) (' ' + random.nextInt(95));
                            chars[i] = c == ':' ? ';' : c;
                        }
                        return new String(chars);
                    }));
                    return new Device(Family.EDGE, List.of(new Kind("block", fields, tunables)));
                });
    }

    // ---------------------------------------------------------------------------------------------
    // Values in their wire formats (docs section 4.1)

    private static Field field(String label, Arbitrary<String> value) {
        return new Field(label, value);
    }

    private static Field constant(String label, String value) {
        return new Field(label, Arbitraries.just(value));
    }

    static String pid(int id) {
        return "0x" + Integer.toHexString(id).toUpperCase(Locale.ROOT);
    }

    private static Arbitrary<Integer> nominalVolts() {
        return Arbitraries.of(12, 12, 24, 48);
    }

    private static Arbitrary<String> ints(int min, int max) {
        return Arbitraries.integers().between(min, max).map(String::valueOf);
    }

    private static Arbitrary<String> millivolts(int nominalVolts) {
        return ints(nominalVolts * 875, nominalVolts * 1_234);
    }

    private static Arbitrary<String> orNotAvailable(Arbitrary<String> value) {
        return Arbitraries.frequencyOf(Tuple.of(9, value), Tuple.of(1, Arbitraries.just("---")));
    }

    private static Arbitrary<String> timeToGo() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("-1")), Tuple.of(3, ints(0, 14_400)));
    }

    private static Arbitrary<String> onOff() {
        return Arbitraries.of("ON", "OFF");
    }

    /** AR and WARN: a decimal sum of alarm bits 0 to 14, mostly none. */
    private static Arbitrary<String> alarmReason() {
        Arbitrary<String> some = Arbitraries.integers().between(0, 14).set().ofMinSize(1).ofMaxSize(3)
                .map(bits -> String.valueOf(bits.stream().mapToInt(bit -> 1 << bit).sum()));
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("0")), Tuple.of(1, some));
    }

    /** OR: always {@code 0x} and eight hex digits on the wire. */
    private static Arbitrary<String> offReason() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(0x0, 0x1, 0x2, 0x4, 0x9, 0x20, 0x80, 0x100)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF))).map(bits -> String.format("0x%08X", bits));
    }

    private static Arbitrary<String> chargerState() {
        return Arbitraries.of("0", "2", "3", "4", "5", "7", "245", "247", "252");
    }

    private static Arbitrary<String> chargerError() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("0")),
                Tuple.of(1, Arbitraries.of("2", "17", "18", "19", "20", "21", "26", "28", "33", "38", "116", "119")));
    }

    /** SER#: {@code LLYYWWSSSSS}, e.g. HQ2152UFKWY. */
    private static Arbitrary<String> serials() {
        return Combinators.combine(Arbitraries.of("HQ", "HQ", "HC"), Arbitraries.integers().between(14, 25),
                Arbitraries.integers().between(1, 53),
                Arbitraries.strings().withChars("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789").ofLength(5))
                .as((location, year, week, unique) -> String.format("%s%02d%02d%s", location, year, week, unique));
    }

    /** Printable ASCII without ':', which would open a HEX frame in the middle of the value. */
    private static Arbitrary<String> printable(int min, int max) {
        return Arbitraries.strings().withCharRange(' ', '~').excludeChars(':').ofMinLength(min).ofMaxLength(max);
    }

    private static Tunable unsigned(String label, int maxDigits) {
        return new Tunable(label, random -> digits(random, maxDigits));
    }

    private static Tunable signed(String label, int maxDigits) {
        return new Tunable(label, random -> {
            String digits = digits(random, maxDigits);
            return random.nextBoolean() && !digits.equals("0") ? "-" + digits : digits;
        });
    }

    private static Tunable negative(String label, int maxDigits) {
        return new Tunable(label, random -> {
            String digits = digits(random, maxDigits);
            return digits.equals("0") ? digits : "-" + digits;
        });
    }

    private static Tunable bitmask(String label) {
        return new Tunable(label, random -> String.valueOf(random.nextInt(1 << 15)));
    }

    private static String digits(Random random, int maxDigits) {
        int count = 1 + random.nextInt(maxDigits);
        StringBuilder digits = new StringBuilder(count).append(count == 1 ? random.nextInt(10) : 1 + random.nextInt(9));
        while (digits.length() < count) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Checksum forcing

    /**
     * Redraws the tunable values of {@code fields} until the block's checksum byte is {@code target}.
     * Deterministic in its inputs, so jqwik can shrink the fields and force again. The byte sum is
     * worked out here and checked against {@link VeDirectBlock#of}, so the two must agree.
     */
    static LinkedHashMap<String, String> forceChecksum(Map<String, String> fields, int target, List<Tunable> tunables) {
        LinkedHashMap<String, String> tuned = new LinkedHashMap<>(fields);
        Random random = new Random(31L * fields.hashCode() + target);
        for (int attempt = 0; attempt < 100_000; attempt++) {
            if (checksumOf(tuned) == target) {
                VeDirectBlock block = VeDirectBlock.of(tuned);
                if (block.checksum() != target) {
                    throw new AssertionError("VeDirectBlock.of gives checksum " + block.checksum()
                            + " where the byte sum gives " + target + " for " + tuned);
                }
                return tuned;
            }
            for (Tunable tunable : tunables) {
                tuned.put(tunable.label(), tunable.value().apply(random));
            }
        }
        throw new IllegalStateException("cannot force checksum byte " + target + " by tuning "
                + tunables.stream().map(Tunable::label).toList() + " of " + fields);
    }

    /** The byte that makes the block's sum 0 mod 256, from the CR of the first field to {@code Checksum} TAB. */
    static int checksumOf(Map<String, String> fields) {
        int sum = sumOf("\r\nChecksum\t");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            sum += '\r' + '\n' + sumOf(field.getKey()) + '\t' + sumOf(field.getValue());
        }
        return (256 - (sum & 0xFF)) & 0xFF;
    }

    private static int sumOf(String text) {
        int sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += text.charAt(i);
        }
        return sum;
    }

    // ---------------------------------------------------------------------------------------------
    // HEX frames (docs section 7.1)

    /** Registers real devices report asynchronously or are asked for (docs section 7.4). */
    private static final List<Integer> REGISTERS = List.of(0x0100, 0x0120, 0x0200, 0x0201, 0x0207, 0x031C, 0x0FFF,
            0x2015, 0x2027, 0xED8C, 0xED8D, 0xED8F, 0xEDA8, 0xEDAD, 0xEDB3, 0xEDBB, 0xEDBC, 0xEDD5, 0xEDD7, 0xEDDA,
            0xEDDB, 0xEEB8);

    /** Mostly async register frames with 1 to 4 value bytes; some Get replies, history records, pings and Done. */
    static Arbitrary<HexItem> hexFrames() {
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(1, 2, 4)));
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4);
        Arbitrary<HexItem> async = Combinators.combine(Arbitraries.of(REGISTERS), flags, value)
                .as((register, flag, bytes) -> register(HexFrame.ASYNC, register, flag, bytes));
        Arbitrary<HexItem> get = Combinators.combine(Arbitraries.of(REGISTERS), flags, value)
                .as((register, flag, bytes) -> register(HexFrame.GET, register, flag, bytes));
        // History records are the longest frames real devices send: 78 characters.
        Arbitrary<HexItem> history = Combinators.combine(Arbitraries.integers().between(0x1050, 0x106E),
                Arbitraries.bytes().array(byte[].class).ofSize(34))
                .as((register, bytes) -> register(HexFrame.ASYNC, register, 0, bytes));
        Arbitrary<HexItem> pingOrDone = Combinators.combine(Arbitraries.of(HexFrame.PING_RESPONSE, HexFrame.DONE),
                Arbitraries.bytes().array(byte[].class).ofSize(2)).as(DeviceStreams::hex);
        return Arbitraries.frequencyOf(Tuple.of(14, async), Tuple.of(3, get), Tuple.of(1, history), Tuple.of(2, pingOrDone));
    }

    private static HexItem register(int command, int register, int flags, byte[] value) {
        byte[] payload = new byte[3 + value.length];
        payload[0] = (byte) register;
        payload[1] = (byte) (register >> 8);
        payload[2] = (byte) flags;
        System.arraycopy(value, 0, payload, 3, value.length);
        return hex(command, payload);
    }

    /** The frame's text is built here, not by {@link HexFrame#text()}, so that the decoder is checked against an independent encoding. */
    static HexItem hex(int command, byte[] payload) {
        StringBuilder text = new StringBuilder(":").append(HEX_DIGITS[command]);
        int sum = command;
        for (byte b : payload) {
            text.append(HEX_DIGITS[(b >> 4) & 0xF]).append(HEX_DIGITS[b & 0xF]);
            sum += b & 0xFF;
        }
        int check = (0x55 - sum) & 0xFF;
        text.append(HEX_DIGITS[check >> 4]).append(HEX_DIGITS[check & 0xF]);
        return new HexItem(new HexFrame(command, payload.clone()), text.toString());
    }

    // ---------------------------------------------------------------------------------------------
    // Streams

    /** What a device sends: a text block (with any HEX frames inside it) or a HEX frame between blocks. */
    sealed interface Item permits BlockItem, HexItem {

        byte[] bytes();
    }

    /** A HEX frame; {@code text} is the frame without its final LF. */
    record HexItem(HexFrame frame, String text) implements Item {

        @Override
        public byte[] bytes() {
            return (text + "\n").getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A HEX frame inside a block, just before the CR LF that opens field {@code beforeField} (the block's size: the Checksum field). */
    record Placement(int beforeField, HexItem hex) {
    }

    record BlockItem(VeDirectBlock block, List<Placement> inside) implements Item {

        BlockItem {
            List<Placement> sorted = new ArrayList<>(inside);
            sorted.sort(Comparator.comparingInt(Placement::beforeField)); // stable: same-field frames keep their order
            inside = List.copyOf(sorted);
        }

        @Override
        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int next = 0;
            for (int field = 0; field <= block.size(); field++) {
                while (next < inside.size() && inside.get(next).beforeField() == field) {
                    out.writeBytes(inside.get(next++).hex().bytes());
                }
                out.writeBytes(CRLF);
                if (field < block.size()) {
                    out.writeBytes((block.label(field) + "\t" + block.value(field)).getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    out.writeBytes("Checksum\t".getBytes(StandardCharsets.ISO_8859_1));
                    out.write(block.checksum());
                }
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return "block" + block.labels() + " checksum 0x" + Integer.toHexString(block.checksum())
                    + (inside.isEmpty() ? "" : " with HEX inside before fields "
                            + inside.stream().map(Placement::beforeField).toList());
        }
    }

    /** A device stream: items in the order sent; the first {@code warmupBlocks} blocks are a clean warm-up. */
    static final class DeviceStream {

        final Device device;
        final List<Item> items;
        final int warmupBlocks;

        DeviceStream(Device device, List<Item> items, int warmupBlocks) {
            this.device = device;
            this.items = List.copyOf(items);
            this.warmupBlocks = warmupBlocks;
        }

        List<BlockItem> blockItems() {
            List<BlockItem> blocks = new ArrayList<>();
            for (Item item : items) {
                if (item instanceof BlockItem block) {
                    blocks.add(block);
                }
            }
            return blocks;
        }

        List<VeDirectBlock> blocks() {
            return blockItems().stream().map(BlockItem::block).toList();
        }

        /** Blocks and HEX frames in the order a decoder reports them: a block's inner frames before the block. */
        List<Object> events() {
            List<Object> events = new ArrayList<>();
            for (Item item : items) {
                if (item instanceof HexItem hex) {
                    events.add(hex.frame());
                } else if (item instanceof BlockItem block) {
                    block.inside().forEach(placement -> events.add(placement.hex().frame()));
                    events.add(block.block());
                }
            }
            return events;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            items.forEach(item -> out.writeBytes(item.bytes()));
            return out.toByteArray();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(device.toString()).append(", warm-up blocks ").append(warmupBlocks);
            for (Item item : items) {
                text.append("\n  ").append(item);
            }
            return text.append("\n  bytes: ").append(javaLiteral(bytes())).toString();
        }
    }

    /** Checksum forcing: most blocks as they come, about one in eight forced to one of the awkward bytes. */
    static Arbitrary<Optional<Integer>> someForced() {
        return Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(Optional.empty())),
                Tuple.of(1, Arbitraries.of(AWKWARD_CHECKSUMS).map(Optional::of)));
    }

    static Arbitrary<Optional<Integer>> allForcedTo(int checksum) {
        return Arbitraries.just(Optional.of(checksum));
    }

    /**
     * Streams of {@code minCycles} to {@code maxCycles} device cycles, the first {@code warmupCycles} of
     * which count as warm-up; HEX frames before the first block, after checksum bytes and inside blocks.
     */
    static Arbitrary<DeviceStream> streams(Arbitrary<Device> devices, int warmupCycles, int minCycles, int maxCycles,
                                           Arbitrary<Optional<Integer>> forcing) {
        return devices.flatMap(device -> {
            List<Arbitrary<List<Item>>> kinds = new ArrayList<>();
            for (Kind kind : device.cycle()) {
                kinds.add(Combinators.combine(blockItems(kind, forcing), hexAfterBlock()).as((block, after) -> {
                    List<Item> items = new ArrayList<>();
                    items.add(block);
                    items.addAll(after);
                    return items;
                }));
            }
            Arbitrary<List<Item>> cycle = Combinators.combine(kinds).as(DeviceStreams::flatten);
            Arbitrary<List<HexItem>> leading = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(List.of())),
                    Tuple.of(1, hexFrames().list().ofMinSize(1).ofMaxSize(2)));
            return Combinators.combine(leading, cycle.list().ofMinSize(minCycles).ofMaxSize(maxCycles))
                    .as((lead, cycles) -> {
                        List<Item> items = new ArrayList<>(lead);
                        cycles.forEach(items::addAll);
                        return new DeviceStream(device, items, warmupCycles * device.cycle().size());
                    });
        });
    }

    static Arbitrary<BlockItem> blockItems(Kind kind, Arbitrary<Optional<Integer>> forcing) {
        int fieldCount = kind.fields().size();
        Arbitrary<Placement> placement = Combinators.combine(Arbitraries.integers().between(1, fieldCount), hexFrames())
                .as(Placement::new);
        Arbitrary<List<Placement>> inside = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.of())),
                Tuple.of(1, placement.list().ofMinSize(1).ofMaxSize(3)));
        return Combinators.combine(kind.values(), forcing, inside).as((values, forced, frames) -> {
            Map<String, String> fields = forced.isPresent()
                    ? forceChecksum(values, forced.get(), kind.tunables()) : values;
            return new BlockItem(VeDirectBlock.of(fields), frames);
        });
    }

    private static Arbitrary<List<HexItem>> hexAfterBlock() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.of())),
                Tuple.of(2, hexFrames().list().ofMinSize(1).ofMaxSize(4)));
    }

    private static List<Item> flatten(List<List<Item>> lists) {
        List<Item> items = new ArrayList<>();
        lists.forEach(items::addAll);
        return items;
    }

    // ---------------------------------------------------------------------------------------------
    // Damage

    enum FaultKind { FLIP_BIT, DROP_BYTE, DOUBLE_BYTE, TRUNCATE }

    /**
     * One fault on one block's bytes (HEX frames inside it included). Half the faults hit a landmark —
     * a CR, LF, TAB or ':' or the byte after one, or the checksum byte — where the decoder's state changes.
     */
    record Fault(FaultKind kind, boolean atLandmark, int where, int bit) {

        int position(byte[] block) {
            if (atLandmark) {
                int[] landmarks = landmarks(block);
                return landmarks[where % landmarks.length];
            }
            return where % block.length;
        }

        byte[] apply(byte[] block) {
            int at = position(block);
            return switch (kind) {
                case FLIP_BIT -> {
                    byte[] damaged = block.clone();
                    damaged[at] ^= (byte) (1 << bit);
                    yield damaged;
                }
                case DROP_BYTE -> {
                    byte[] damaged = new byte[block.length - 1];
                    System.arraycopy(block, 0, damaged, 0, at);
                    System.arraycopy(block, at + 1, damaged, at, block.length - at - 1);
                    yield damaged;
                }
                case DOUBLE_BYTE -> {
                    byte[] damaged = new byte[block.length + 1];
                    System.arraycopy(block, 0, damaged, 0, at + 1);
                    System.arraycopy(block, at, damaged, at + 1, block.length - at);
                    yield damaged;
                }
                case TRUNCATE -> Arrays.copyOf(block, at);
            };
        }

        String describe(byte[] block) {
            int at = position(block);
            String where = "byte " + at + " of " + block.length + " (" + javaLiteral(new byte[] {block[at]}) + ")";
            return switch (kind) {
                case FLIP_BIT -> "bit " + bit + " flipped in " + where;
                case DROP_BYTE -> "lost " + where;
                case DOUBLE_BYTE -> "doubled " + where;
                case TRUNCATE -> "cut off before " + where;
            };
        }

        private static int[] landmarks(byte[] block) {
            TreeSet<Integer> positions = new TreeSet<>();
            for (int i = 0; i < block.length; i++) {
                int b = block[i];
                if (b == '\r' || b == '\n' || b == '\t' || b == ':') {
                    positions.add(i);
                    if (i + 1 < block.length) {
                        positions.add(i + 1);
                    }
                }
            }
            positions.add(block.length - 1);
            return positions.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static Arbitrary<Fault> faults() {
        return Combinators.combine(Arbitraries.of(FaultKind.values()), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 7)).as(Fault::new);
    }

    /** A device stream with single faults on some blocks after the warm-up, never on two blocks in a row. */
    static final class FaultyStream {

        final DeviceStream stream;
        /** Faults by block number (0 is the first block of the stream). */
        final Map<Integer, Fault> faults;

        FaultyStream(DeviceStream stream, Map<Integer, Fault> faults) {
            this.stream = stream;
            this.faults = Collections.unmodifiableMap(new TreeMap<>(faults));
        }

        List<VeDirectBlock> sent() {
            return stream.blocks();
        }

        boolean[] clean() {
            boolean[] clean = new boolean[sent().size()];
            for (int i = 0; i < clean.length; i++) {
                clean[i] = !faults.containsKey(i);
            }
            return clean;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int block = 0;
            for (Item item : stream.items) {
                byte[] bytes = item.bytes();
                if (item instanceof BlockItem) {
                    Fault fault = faults.get(block++);
                    if (fault != null) {
                        bytes = fault.apply(bytes);
                    }
                }
                out.writeBytes(bytes);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(stream.device.toString())
                    .append(", warm-up blocks ").append(stream.warmupBlocks);
            int block = 0;
            for (Item item : stream.items) {
                text.append("\n  ");
                if (item instanceof BlockItem blockItem) {
                    Fault fault = faults.get(block);
                    text.append('#').append(block++).append(' ').append(item);
                    if (fault != null) {
                        text.append("  DAMAGED: ").append(fault.describe(blockItem.bytes()));
                    }
                } else {
                    text.append(item);
                }
            }
            return text.append("\n  bytes: ").append(javaLiteral(bytes())).toString();
        }
    }

    static Arbitrary<FaultyStream> faultyStreams(Arbitrary<Device> devices, int minCycles, int maxCycles) {
        Arbitrary<Optional<Fault>> faultOrNone = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.empty())), Tuple.of(2, faults().map(Optional::of)));
        return streams(devices, 2, minCycles, maxCycles, someForced()).flatMap(stream -> {
            int blocks = stream.blockItems().size();
            return faultOrNone.list().ofSize(blocks - stream.warmupBlocks).map(drawn -> {
                Map<Integer, Fault> faults = new TreeMap<>();
                for (int i = 0; i < drawn.size(); i++) {
                    int block = stream.warmupBlocks + i;
                    // The block after a damaged one stays clean: recovery is judged on it.
                    if (drawn.get(i).isPresent() && !faults.containsKey(block - 1)) {
                        faults.put(block, drawn.get(i).get());
                    }
                }
                return new FaultyStream(stream, faults);
            });
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Feeding and recording

    /** Chunk sizes to feed a stream in, cycled; {@code Integer.MAX_VALUE} is "the rest". Some chunks go in as ByteBuffers. */
    record Chunking(List<Integer> sizes, boolean buffers) {

        static final Chunking BYTE_AT_A_TIME = new Chunking(List.of(1), false);

        void feed(VeDirectDecoder decoder, byte[] bytes) {
            int offset = 0;
            for (int chunk = 0; offset < bytes.length; chunk++) {
                int length = (int) Math.min(sizes.get(chunk % sizes.size()), (long) bytes.length - offset);
                if (buffers && chunk % 2 == 1) {
                    ByteBuffer buffer = chunk % 4 == 1 ? ByteBuffer.wrap(bytes, offset, length)
                            : ByteBuffer.allocateDirect(length).put(bytes, offset, length).flip();
                    decoder.feed(buffer);
                } else {
                    decoder.feed(bytes, offset, length);
                }
                offset += length;
            }
        }
    }

    static Arbitrary<Chunking> chunkings() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(1, 8)),
                Tuple.of(3, Arbitraries.integers().between(9, 400)), Tuple.of(1, Arbitraries.just(Integer.MAX_VALUE)));
        return Combinators.combine(size.list().ofMinSize(1).ofMaxSize(12), Arbitraries.of(false, true)).as(Chunking::new);
    }

    /** Everything a decoder reports, in order. */
    static final class Recorder implements DecoderListener {

        final List<Object> events = new ArrayList<>();
        final List<VeDirectBlock> blocks = new ArrayList<>();
        final List<HexFrame> frames = new ArrayList<>();

        @Override
        public void onBlock(VeDirectBlock block) {
            events.add(block);
            blocks.add(block);
        }

        @Override
        public void onHexFrame(HexFrame frame) {
            events.add(frame);
            frames.add(frame);
        }
    }

    /** The bytes as a Java string literal (ISO-8859-1), to paste into a reproducing test. */
    static String javaLiteral(byte[] bytes) {
        StringBuilder text = new StringBuilder("\"");
        for (byte raw : bytes) {
            int b = raw & 0xFF;
            switch (b) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (b >= ' ' && b < 0x7F) {
                        text.append((char) b);
                    } else {
                        text.append(String.format("\\u%04x", b));
                    }
                }
            }
        }
        return text.append('"').toString();
    }
}
