package io.github.vedirect.protocol;

import static io.github.vedirect.protocol.FieldDefinition.Kind.ENUM;
import static io.github.vedirect.protocol.FieldDefinition.Kind.FIRMWARE;
import static io.github.vedirect.protocol.FieldDefinition.Kind.FLAGS;
import static io.github.vedirect.protocol.FieldDefinition.Kind.ON_OFF;
import static io.github.vedirect.protocol.FieldDefinition.Kind.PRODUCT;
import static io.github.vedirect.protocol.FieldDefinition.Kind.TEXT;
import static io.github.vedirect.protocol.Unit.AMPERE;
import static io.github.vedirect.protocol.Unit.AMPERE_HOUR;
import static io.github.vedirect.protocol.Unit.CELSIUS;
import static io.github.vedirect.protocol.Unit.COUNT;
import static io.github.vedirect.protocol.Unit.KILOWATT_HOUR;
import static io.github.vedirect.protocol.Unit.MINUTE;
import static io.github.vedirect.protocol.Unit.NONE;
import static io.github.vedirect.protocol.Unit.PERCENT;
import static io.github.vedirect.protocol.Unit.SECOND;
import static io.github.vedirect.protocol.Unit.VOLT;
import static io.github.vedirect.protocol.Unit.VOLT_AMPERE;
import static io.github.vedirect.protocol.Unit.WATT;
import static java.util.Map.entry;

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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every VE.Direct text-mode label means and how its wire value is decoded, following
 * {@code docs/vedirect-protocol.md} sections 4 to 6.
 */
public final class FieldCatalogue {

    // ---- Section 5 enumerations -------------------------------------------------------------------------------

    private static final Map<Integer, String> CHARGER_STATES = Map.ofEntries(
            entry(0, "Off"),
            entry(1, "Low power"),
            entry(2, "Fault"),
            entry(3, "Bulk"),
            entry(4, "Absorption"),
            entry(5, "Float"),
            entry(6, "Storage"),
            entry(7, "Equalize (manual)"),
            entry(8, "Passthru"),
            entry(9, "Inverting"),
            entry(10, "Assisting"),
            entry(11, "Power supply"),
            entry(244, "Sustain"),
            entry(245, "Starting-up"),
            entry(246, "Repeated absorption"),
            entry(247, "Auto equalize / Recondition"),
            entry(248, "BatterySafe"),
            entry(249, "Load detect"),
            entry(250, "Blocked"),
            entry(251, "Test"),
            entry(252, "External control"),
            entry(255, "Unavailable"));

    private static final Map<Integer, String> CHARGER_ERRORS = withSharedName(withSharedName(Map.ofEntries(
            entry(0, "No error"),
            entry(1, "Battery temperature too high"),
            entry(2, "Battery voltage too high"),
            entry(3, "Battery temperature sensor miswired (+)"),
            entry(4, "Battery temperature sensor miswired (-)"),
            entry(5, "Battery temperature sensor lost"),
            entry(6, "Battery voltage sense miswired (+)"),
            entry(7, "Battery voltage sense miswired (-)"),
            entry(8, "Battery voltage sense lost"),
            entry(9, "Battery voltage wire losses too high"),
            entry(10, "Battery voltage too low"),
            entry(11, "Battery ripple too high"),
            entry(12, "Low state of charge"),
            entry(13, "Battery mid-point voltage issue"),
            entry(14, "Battery temperature too low"),
            entry(17, "Charger temperature too high"),
            entry(18, "Charger over current"),
            entry(19, "Charger current reversed"),
            entry(20, "Bulk time limit exceeded"),
            entry(21, "Current sensor issue (sensor bias / sensor broken)"),
            entry(22, "Internal temperature sensor miswired"),
            entry(23, "Internal temperature sensor lost"),
            entry(24, "Fan missing"),
            entry(25, "Fan over-current"),
            entry(26, "Terminals overheated"),
            entry(27, "Short circuit"),
            entry(28, "Converter issue (dual-converter models only)"),
            entry(29, "Over-charge protection"),
            entry(31, "Input voltage out of range"),
            entry(32, "Input voltage too low"),
            entry(33, "Input voltage too high (solar panel)"),
            entry(34, "Input current too high (solar panel)"),
            entry(35, "Input over-power"),
            entry(36, "Input polarity issue"),
            entry(37, "Input voltage absent"),
            entry(38, "Input shutdown (excessive battery voltage)"),
            entry(39, "Input shutdown (current flow during off mode)"),
            entry(40, "Internal failure"),
            entry(41, "PV isolation fault"),
            entry(42, "Ground fault (GFCI)"),
            entry(43, "Ground relay fault"),
            entry(50, "Inverter overload"),
            entry(51, "Inverter temperature too high"),
            entry(52, "Inverter peak current"),
            entry(53, "Inverter DC level"),
            entry(54, "Inverter AC level"),
            entry(55, "Inverter DC fail"),
            entry(56, "Inverter AC fail"),
            entry(57, "AC voltage on inverter output"),
            entry(58, "Inverter bridge fault"),
            entry(59, "ACIN1 relay test fault"),
            entry(60, "ACIN2 relay test fault"),
            entry(65, "Lost communication with one of the devices"),
            entry(66, "Synchronised-charging device configuration issue"),
            entry(67, "BMS connection lost"),
            entry(68, "Network misconfigured"),
            entry(113, "Memory write failure"),
            entry(114, "CPU temperature too high"),
            entry(115, "Communication lost"),
            entry(116, "Factory calibration data lost"),
            entry(117, "Invalid / incompatible firmware"),
            entry(118, "Incompatible hardware"),
            entry(119, "User settings invalid"),
            entry(120, "Reference voltage failure"),
            entry(121, "Tester fail"),
            entry(122, "History data invalid"),
            entry(255, "Unknown error")),
            "Reserved for GX device", 44, 45, 46, 47, 48, 49),
            "Internal supply error", 200, 201, 203, 205, 212, 215);

    private static final Map<Integer, String> TRACKER_MODES = Map.of(
            0, "Off",
            1, "Voltage or current limited",
            2, "MPP tracker active");

    private static final Map<Integer, String> DEVICE_MODES = Map.of(
            1, "Charger only",
            2, "Inverter only",
            3, "On (charger + inverter)",
            4, "Off",
            5, "Eco",
            252, "Standby",
            253, "Hibernate");

    // Negative codes are sources, positive ones loads.
    private static final Map<Integer, String> MONITOR_MODES = Map.ofEntries(
            entry(-9, "Solar charger"),
            entry(-8, "Wind turbine"),
            entry(-7, "Shaft generator"),
            entry(-6, "Alternator"),
            entry(-5, "Fuel cell"),
            entry(-4, "Water generator"),
            entry(-3, "DC-DC charger"),
            entry(-2, "AC charger"),
            entry(-1, "Generic source"),
            entry(0, "Battery monitor"),
            entry(1, "Generic load"),
            entry(2, "Electric drive"),
            entry(3, "Fridge"),
            entry(4, "Water pump"),
            entry(5, "Bilge pump"),
            entry(6, "DC system"),
            entry(7, "Inverter"),
            entry(8, "Water heater"));

    /** AR and WARN share these bits; index = bit number. */
    private static final List<String> ALARM_BITS = List.of(
            "Low voltage", "High voltage", "Low SOC", "Low starter voltage", "High starter voltage",
            "Low temperature", "High temperature", "Mid voltage", "Overload", "DC ripple", "Low V AC out",
            "High V AC out", "Short circuit", "BMS lockout", "BMS cable failure");

    private static final List<String> OFF_REASON_BITS = List.of(
            "No input power", "Switched off (power switch)", "Switched off (device mode register)",
            "Remote input", "Protection active", "Pay-as-you-go", "BMS", "Engine shutdown detection",
            "Analysing input voltage", "Low battery temperature", "No PV power", "Low battery", "Low mains",
            "No CAN sync (parallel)", "Not enough inverters (parallel)", "Active alarm");

    // ---- Section 4 field table --------------------------------------------------------------------------------

    private static final Map<String, FieldDefinition> DEFINITIONS = index(
            number("V", VOLT, 3, "Main or channel-1 (battery) voltage"),
            number("V2", VOLT, 3, "Channel 2 (battery) voltage"),
            number("V3", VOLT, 3, "Channel 3 (battery) voltage"),
            number("VS", VOLT, 3, "Auxiliary (starter) voltage"),
            number("VM", VOLT, 3, "Mid-point voltage of the battery bank"),
            number("DM", PERCENT, 1, "Mid-point deviation of the battery bank"),
            number("VPV", VOLT, 3, "Panel voltage"),
            number("PPV", WATT, 0, "Panel power"),
            number("I", AMPERE, 3, "Main or channel-1 battery current"),
            number("I2", AMPERE, 3, "Channel 2 battery current"),
            number("I3", AMPERE, 3, "Channel 3 battery current"),
            number("IL", AMPERE, 3, "Load current"),
            other("LOAD", ON_OFF, "Load output state"),
            number("T", CELSIUS, 0, "Battery temperature"),
            number("P", WATT, 0, "Instantaneous power"),
            number("CE", AMPERE_HOUR, 3, "Consumed amp-hours"),
            number("SOC", PERCENT, 1, "State of charge"),
            number("TTG", MINUTE, 0, "Time-to-go"),
            other("Alarm", ON_OFF, "Alarm condition active"),
            other("Relay", ON_OFF, "Relay state"),
            other("AR", FLAGS, "Alarm reason"),
            other("OR", FLAGS, "Off reason"),
            number("H1", AMPERE_HOUR, 3, "Depth of the deepest discharge"),
            number("H2", AMPERE_HOUR, 3, "Depth of the last discharge"),
            number("H3", AMPERE_HOUR, 3, "Depth of the average discharge"),
            number("H4", COUNT, 0, "Number of charge cycles"),
            number("H5", COUNT, 0, "Number of full discharges"),
            number("H6", AMPERE_HOUR, 3, "Cumulative amp-hours drawn"),
            number("H7", VOLT, 3, "Minimum main (battery) voltage"),
            number("H8", VOLT, 3, "Maximum main (battery) voltage"),
            number("H9", SECOND, 0, "Seconds since last full charge"),
            number("H10", COUNT, 0, "Number of automatic synchronisations"),
            number("H11", COUNT, 0, "Number of low main-voltage alarms"),
            number("H12", COUNT, 0, "Number of high main-voltage alarms"),
            number("H13", COUNT, 0, "Number of low auxiliary-voltage alarms"),
            number("H14", COUNT, 0, "Number of high auxiliary-voltage alarms"),
            number("H15", VOLT, 3, "Minimum auxiliary (battery) voltage"),
            number("H16", VOLT, 3, "Maximum auxiliary (battery) voltage"),
            number("H17", KILOWATT_HOUR, 2, "Discharged energy (BMV) / produced energy (DC monitor)"),
            number("H18", KILOWATT_HOUR, 2, "Charged energy (BMV) / consumed energy (DC monitor)"),
            number("H19", KILOWATT_HOUR, 2, "Yield total (user-resettable counter)"),
            number("H20", KILOWATT_HOUR, 2, "Yield today"),
            number("H21", WATT, 0, "Maximum power today"),
            number("H22", KILOWATT_HOUR, 2, "Yield yesterday"),
            number("H23", WATT, 0, "Maximum power yesterday"),
            other("ERR", ENUM, "Charger error code"),
            other("CS", ENUM, "State of operation"),
            other("BMV", TEXT, "Model description (deprecated)"),
            other("FW", FIRMWARE, "Firmware version (16-bit style)"),
            other("FWE", FIRMWARE, "Firmware version (24-bit style)"),
            other("PID", PRODUCT, "Product ID"),
            other("SER#", TEXT, "Serial number"),
            number("HSDS", NONE, 0, "Day sequence number"),
            other("MODE", ENUM, "Device mode"),
            number("AC_OUT_V", VOLT, 2, "AC output voltage"),
            number("AC_OUT_I", AMPERE, 1, "AC output current"),
            number("AC_OUT_S", VOLT_AMPERE, 0, "AC output apparent power"),
            other("WARN", FLAGS, "Warning reason"),
            other("MPPT", ENUM, "Tracker operation mode"),
            other("MON", ENUM, "DC monitor mode"),
            number("DC_IN_V", VOLT, 2, "DC input voltage"),
            number("DC_IN_I", AMPERE, 1, "DC input current"),
            number("DC_IN_P", WATT, 0, "DC input power"),
            other("HC#", TEXT, "Hardware revision (undocumented)"));

    private static final Map<String, Map<Integer, String>> ENUM_TABLES = Map.of(
            "CS", CHARGER_STATES,
            "ERR", CHARGER_ERRORS,
            "MPPT", TRACKER_MODES,
            "MODE", DEVICE_MODES,
            "MON", MONITOR_MODES);

    private static final Map<String, List<String>> FLAG_BITS = Map.of(
            "AR", ALARM_BITS,
            "WARN", ALARM_BITS,
            "OR", OFF_REASON_BITS);

    // ---- Section 6 product ids --------------------------------------------------------------------------------

    /**
     * One row of the Phoenix inverter table: PID 0xA2{@code series}{@code b}, where the battery nibble b is
     * 1/2/4 for 12/24/48 V and b + 8 is the 120 V-output variant. That pattern is read off the published table,
     * not stated by Victron, so only the series the table lists are generated.
     */
    private record PhoenixSeries(int series, String model, int voltAmpere, boolean has120VoltVariant) {
    }

    private static final Map<Integer, String> PRODUCTS = products();

    private static final String NOT_AVAILABLE_ON_WIRE = "---";
    private static final Pattern FIRMWARE_16 = Pattern.compile("([A-Za-z]?)([0-9]{1,4})");
    private static final Pattern FIRMWARE_24 = Pattern.compile("([0-9A-Fa-f]{1,4})([0-9A-Fa-f]{2})");

    private FieldCatalogue() {
    }

    /** The definition of a wire label; labels are case-sensitive, exactly as sent. */
    public static Optional<FieldDefinition> definition(String label) {
        return Optional.ofNullable(label == null ? null : DEFINITIONS.get(label));
    }

    /** The definition of a wire label, or null: for the decoder, which checks values on every block. */
    static FieldDefinition definitionOrNull(String label) {
        return DEFINITIONS.get(label);
    }

    /** Every known label, in the order of the protocol document's field table. */
    public static Set<String> labels() {
        return DEFINITIONS.keySet();
    }

    /**
     * Decodes one wire value. Never throws: a block that passed its checksum can still carry values a given
     * firmware formats differently, and losing the block over one field would be worse than keeping it as text.
     */
    public static FieldValue interpret(String label, String raw) {
        String value = raw == null ? "" : raw;
        if (value.equals(NOT_AVAILABLE_ON_WIRE)) {
            return NotAvailable.NOT_AVAILABLE;
        }
        FieldDefinition definition = label == null ? null : DEFINITIONS.get(label);
        if (definition == null) {
            return new Text(value);
        }
        FieldValue decoded = switch (definition.kind()) {
            case NUMBER -> number(definition, value);
            case ON_OFF -> onOff(value);
            case ENUM -> enumerated(ENUM_TABLES.get(label), value);
            case FLAGS -> flags(FLAG_BITS.get(label), value);
            case PRODUCT -> product(value);
            case FIRMWARE -> label.equals("FWE") ? firmware24(value) : firmware16(value);
            case TEXT -> null;
        };
        return decoded != null ? decoded : new Text(value);
    }

    /** Product name for a PID, or "Unknown product 0xXXXX". */
    public static String productName(int pid) {
        String name = PRODUCTS.get(pid);
        return name != null ? name : String.format("Unknown product 0x%04X", pid);
    }

    /** {@code CS} / HEX 0x0201 state of operation. */
    public static String chargerState(int code) {
        return lookup(CHARGER_STATES, code);
    }

    /** {@code ERR} / HEX 0xEDDA charger error. */
    public static String chargerError(int code) {
        return lookup(CHARGER_ERRORS, code);
    }

    /** {@code MPPT} tracker operation mode. */
    public static String trackerMode(int code) {
        return lookup(TRACKER_MODES, code);
    }

    /** {@code MODE} / HEX 0x0200 device mode. */
    public static String deviceMode(int code) {
        return lookup(DEVICE_MODES, code);
    }

    /** {@code MON} DC monitor mode. */
    public static String monitorMode(int code) {
        return lookup(MONITOR_MODES, code);
    }

    /** Names of the set bits of an {@code AR} or {@code WARN} mask, lowest bit first. */
    public static List<String> alarmReasons(long mask) {
        return bitNames(ALARM_BITS, mask);
    }

    /** Names of the set bits of an {@code OR} mask, lowest bit first. */
    public static List<String> offReasons(long mask) {
        return bitNames(OFF_REASON_BITS, mask);
    }

    static String unknownName(int code) {
        return "Unknown (" + code + ")";
    }

    /**
     * Is {@code value[from, to)} in the wire form of its label, as {@link #interpret} reads it: a decimal
     * number for a number (an empty value is none), ON or OFF, a {@code 0x} product id of at most 16 bits,
     * a decimal or {@code 0x} bitmask, a firmware version, or {@code ---} (not available) for any of them.
     * The decoder refuses a block with a value that is not: a block made of the head of one block and the
     * tail of another, which sums right once in 256, mostly has one (a value cut short, or two glued).
     * An enumeration code must be a decimal integer of at most 8 bits, but need not be one the tables know:
     * a device whose newer firmware sends a new error code must not lose its blocks when the error matters
     * most ({@link #interpret} names it "Unknown (code)"). Text labels (SER#, BMV, HC#) take any value.
     * Reads the bytes in place: it runs on every block the decoder emits.
     */
    static boolean fitsWireForm(FieldDefinition definition, byte[] value, int from, int to) {
        int length = to - from;
        if (length == 3 && value[from] == '-' && value[from + 1] == '-' && value[from + 2] == '-') {
            return true;
        }
        return switch (definition.kind()) {
            case NUMBER -> decimalDigits(value, from, to, true) > 0;
            case ON_OFF -> length == 2 && (value[from] | 0x20) == 'o' && (value[from + 1] | 0x20) == 'n'
                    || length == 3 && (value[from] | 0x20) == 'o' && (value[from + 1] | 0x20) == 'f'
                    && (value[from + 2] | 0x20) == 'f';
            case ENUM -> {
                int digits = decimalDigits(value, from, to, true);
                if (digits <= 0 || digits > 3) {
                    yield false;
                }
                int code = 0;
                for (int i = to - digits; i < to; i++) {
                    code = code * 10 + value[i] - '0';
                }
                yield value[from] == '-' ? code <= 128 : code <= 255;
            }
            case FLAGS -> hexDigitsAfterPrefix(value, from, to, 16) > 0 || decimalDigits(value, from, to, false) > 0;
            case PRODUCT -> hexDigitsAfterPrefix(value, from, to, 4) > 0;
            case FIRMWARE -> definition.label().equals("FWE")
                    ? length >= 3 && length <= 6 && hexDigits(value, from, to)
                    : length >= 1 && length <= 5 && decimalDigits(value, isLetter(value[from]) ? from + 1 : from, to, false) > 0
                    && (length < 5 || isLetter(value[from]));
            case TEXT -> true;
        };
    }

    /** The number of digits of a decimal integer of at most 18 digits ({@code -} first if allowed), or -1. */
    private static int decimalDigits(byte[] value, int from, int to, boolean signed) {
        int start = signed && from < to && value[from] == '-' ? from + 1 : from;
        if (start == to || to - start > 18) {
            return -1;
        }
        for (int i = start; i < to; i++) {
            if (value[i] < '0' || value[i] > '9') {
                return -1;
            }
        }
        return to - start;
    }

    /** The number of hex digits after a {@code 0x} prefix, 1 to {@code max}, or -1. */
    private static int hexDigitsAfterPrefix(byte[] value, int from, int to, int max) {
        int digits = to - from - 2;
        if (digits < 1 || digits > max || value[from] != '0' || (value[from + 1] | 0x20) != 'x') {
            return -1;
        }
        return hexDigits(value, from + 2, to) ? digits : -1;
    }

    private static boolean hexDigits(byte[] value, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = value[i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(byte b) {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z';
    }

    // ---- decoding; each returns null when the value is not in the field's format ------------------------------

    private static FieldValue number(FieldDefinition definition, String value) {
        Long raw = parseDecimal(value);
        if (raw == null) {
            return null;
        }
        if (raw == -1 && definition.label().equals("TTG")) {
            return Infinite.INFINITE;
        }
        return Measurement.of(raw, definition.decimalShift(), definition.unit());
    }

    private static FieldValue onOff(String value) {
        if (value.equalsIgnoreCase("ON")) {
            return new OnOff(true);
        }
        return value.equalsIgnoreCase("OFF") ? new OnOff(false) : null;
    }

    private static FieldValue enumerated(Map<Integer, String> table, String value) {
        Long code = parseDecimal(value);
        if (code == null || code != code.intValue()) {
            return null;
        }
        return new Enumerated(code.intValue(), lookup(table, code.intValue()));
    }

    // Accepts either wire form for every mask: AR/WARN are sent in decimal, OR in 0x-hex.
    private static FieldValue flags(List<String> bits, String value) {
        Long mask = hasHexPrefix(value) ? parseHex(value) : parseDecimal(value);
        return mask == null || mask < 0 ? null : new Flags(mask, bitNames(bits, mask));
    }

    private static FieldValue product(String value) {
        Long id = hasHexPrefix(value) ? parseHex(value) : null;
        // Product ids are 16-bit (the HEX protocol returns two bytes); anything wider is not a PID.
        return id == null || id > 0xFFFF ? null : new Product(id.intValue(), productName(id.intValue()));
    }

    /** {@code FW}: "208" = 2.08, "0408" = 4.08, a leading letter marks a release candidate ("C208"). */
    private static FieldValue firmware16(String value) {
        Matcher m = FIRMWARE_16.matcher(value);
        if (!m.matches()) {
            return null;
        }
        String candidate = m.group(1);
        return new Firmware(version(m.group(2)) + (candidate.isEmpty() ? "" : "-rc " + candidate));
    }

    /** {@code FWE}: version digits followed by a build byte, FF for an official release, else the beta number. */
    private static FieldValue firmware24(String value) {
        Matcher m = FIRMWARE_24.matcher(value);
        if (!m.matches()) {
            return null;
        }
        String build = m.group(2).toUpperCase();
        return new Firmware(version(m.group(1).toUpperCase()) + (build.equals("FF") ? "" : "-beta-" + build));
    }

    /**
     * Versions are shown digit for digit (0x0208 reads "2.08"), so they are split as text rather than
     * converted: the last two digits are the minor version, whatever precedes them the major one.
     */
    private static String version(String digits) {
        String padded = "0".repeat(Math.max(0, 3 - digits.length())) + digits;
        int split = padded.length() - 2;
        String major = padded.substring(0, split).replaceFirst("^0+(?=.)", "");
        return major + "." + padded.substring(split);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Long parseDecimal(String value) {
        int start = value.startsWith("-") ? 1 : 0;
        // Long.parseLong alone would also accept '+' and non-ASCII digits, which the protocol never sends.
        if (value.length() == start || !isAscii(value, start, 10)) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    private static Long parseHex(String value) {
        String digits = value.substring(2);
        if (digits.isEmpty() || digits.length() > 16 || !isAscii(digits, 0, 16)) {
            return null;
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private static boolean hasHexPrefix(String value) {
        return value.startsWith("0x") || value.startsWith("0X");
    }

    private static boolean isAscii(String value, int start, int radix) {
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7F || Character.digit(c, radix) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String lookup(Map<Integer, String> table, int code) {
        return table.getOrDefault(code, unknownName(code));
    }

    private static List<String> bitNames(List<String> bits, long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < Long.SIZE; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(bit < bits.size() ? bits.get(bit) : "bit " + bit);
            }
        }
        return List.copyOf(names);
    }

    // ---- table construction -----------------------------------------------------------------------------------

    private static FieldDefinition number(String label, Unit unit, int decimalShift, String description) {
        return new FieldDefinition(label, description, Kind.NUMBER, unit, decimalShift);
    }

    private static FieldDefinition other(String label, Kind kind, String description) {
        return new FieldDefinition(label, description, kind, NONE, 0);
    }

    private static Map<String, FieldDefinition> index(FieldDefinition... definitions) {
        Map<String, FieldDefinition> byLabel = new LinkedHashMap<>();
        for (FieldDefinition definition : definitions) {
            if (byLabel.put(definition.label(), definition) != null) {
                throw new IllegalStateException("Duplicate label " + definition.label());
            }
        }
        return Collections.unmodifiableMap(byLabel);
    }

    private static Map<Integer, String> withSharedName(Map<Integer, String> table, String name, int... codes) {
        Map<Integer, String> extended = new HashMap<>(table);
        for (int code : codes) {
            extended.put(code, name);
        }
        return Map.copyOf(extended);
    }

    private static Map<Integer, String> products() {
        Map<Integer, String> products = new HashMap<>(Map.ofEntries(
                // BMV / shunts
                entry(0x0203, "BMV-700"),
                entry(0x0204, "BMV-702"),
                entry(0x0205, "BMV-700H"),
                entry(0xA381, "BMV-712 Smart"),
                entry(0xA382, "BMV-710H Smart"),
                entry(0xA383, "BMV-712 Smart Rev2"),
                entry(0xA389, "SmartShunt 500A/50mV"),
                entry(0xA38A, "SmartShunt 1000A/50mV"),
                entry(0xA38B, "SmartShunt 2000A/50mV"),
                entry(0xC030, "SmartShunt 500A/50mV IP65"),
                entry(0xC038, "SmartShunt 300A/50mV"),
                // MPPT (VE.Direct)
                entry(0x0300, "BlueSolar MPPT 70/15"),
                entry(0xA040, "BlueSolar MPPT 75/50"),
                entry(0xA041, "BlueSolar MPPT 150/35"),
                entry(0xA042, "BlueSolar MPPT 75/15"),
                entry(0xA043, "BlueSolar MPPT 100/15"),
                entry(0xA044, "BlueSolar MPPT 100/30"),
                entry(0xA045, "BlueSolar MPPT 100/50"),
                entry(0xA046, "BlueSolar MPPT 150/70"),
                entry(0xA047, "BlueSolar MPPT 150/100"),
                entry(0xA048, "BlueSolar MPPT 75/50 rev2"),
                entry(0xA049, "BlueSolar MPPT 100/50 rev2"),
                entry(0xA04A, "BlueSolar MPPT 100/30 rev2"),
                entry(0xA04B, "BlueSolar MPPT 150/35 rev2"),
                entry(0xA04C, "BlueSolar MPPT 75/10"),
                entry(0xA04D, "BlueSolar MPPT 150/45"),
                entry(0xA04E, "BlueSolar MPPT 150/60"),
                entry(0xA04F, "BlueSolar MPPT 150/85"),
                entry(0xA050, "SmartSolar MPPT 250/100"),
                entry(0xA051, "SmartSolar MPPT 150/100"),
                entry(0xA052, "SmartSolar MPPT 150/85"),
                entry(0xA053, "SmartSolar MPPT 75/15"),
                entry(0xA054, "SmartSolar MPPT 75/10"),
                entry(0xA055, "SmartSolar MPPT 100/15"),
                entry(0xA056, "SmartSolar MPPT 100/30"),
                entry(0xA057, "SmartSolar MPPT 100/50"),
                entry(0xA058, "SmartSolar MPPT 150/35"),
                entry(0xA059, "SmartSolar MPPT 150/100 rev2"),
                entry(0xA05A, "SmartSolar MPPT 150/85 rev2"),
                entry(0xA05B, "SmartSolar MPPT 250/70"),
                entry(0xA05C, "SmartSolar MPPT 250/85"),
                entry(0xA05D, "SmartSolar MPPT 250/60"),
                entry(0xA05E, "SmartSolar MPPT 250/45"),
                entry(0xA05F, "SmartSolar MPPT 100/20"),
                entry(0xA060, "SmartSolar MPPT 100/20 48V"),
                entry(0xA061, "SmartSolar MPPT 150/45"),
                entry(0xA062, "SmartSolar MPPT 150/60"),
                entry(0xA063, "SmartSolar MPPT 150/70"),
                entry(0xA064, "SmartSolar MPPT 250/85 rev2"),
                entry(0xA065, "SmartSolar MPPT 250/100 rev2"),
                entry(0xA066, "BlueSolar MPPT 100/20"),
                entry(0xA067, "BlueSolar MPPT 100/20 48V"),
                entry(0xA068, "SmartSolar MPPT 250/60 rev2"),
                entry(0xA069, "SmartSolar MPPT 250/70 rev2"),
                entry(0xA06A, "SmartSolar MPPT 150/45 rev2"),
                entry(0xA06B, "SmartSolar MPPT 150/60 rev2"),
                entry(0xA06C, "SmartSolar MPPT 150/70 rev2"),
                entry(0xA06D, "SmartSolar MPPT 150/85 rev3"),
                entry(0xA06E, "SmartSolar MPPT 150/100 rev3"),
                entry(0xA06F, "BlueSolar MPPT 150/45 rev2"),
                entry(0xA070, "BlueSolar MPPT 150/60 rev2"),
                entry(0xA071, "BlueSolar MPPT 150/70 rev2"),
                entry(0xA072, "BlueSolar MPPT 150/45 rev3"),
                entry(0xA073, "SmartSolar MPPT 150/45 rev3"),
                entry(0xA074, "SmartSolar MPPT 75/10 rev2"),
                entry(0xA075, "SmartSolar MPPT 75/15 rev2"),
                entry(0xA076, "BlueSolar MPPT 100/30 rev3"),
                entry(0xA077, "BlueSolar MPPT 100/50 rev3"),
                entry(0xA078, "BlueSolar MPPT 150/35 rev3"),
                entry(0xA079, "BlueSolar MPPT 75/10 rev2"),
                entry(0xA07A, "BlueSolar MPPT 75/15 rev2"),
                entry(0xA07B, "BlueSolar MPPT 100/15 rev2"),
                entry(0xA07C, "BlueSolar MPPT 75/10 rev3"),
                entry(0xA07D, "BlueSolar MPPT 75/15 rev3"),
                entry(0xA07E, "SmartSolar MPPT 100/30 12V"),
                entry(0xA07F, "All-In-1 SmartSolar MPPT 75/15 12V"),
                entry(0xA080, "SmartSolar MPPT 250/60 rev3"),
                entry(0xA081, "SmartSolar MPPT 250/70 rev3"),
                // MPPT VE.Can / RS
                entry(0xA102, "SmartSolar MPPT VE.Can 150/70"),
                entry(0xA103, "SmartSolar MPPT VE.Can 150/45"),
                entry(0xA104, "SmartSolar MPPT VE.Can 150/60"),
                entry(0xA105, "SmartSolar MPPT VE.Can 150/85"),
                entry(0xA106, "SmartSolar MPPT VE.Can 150/100"),
                entry(0xA107, "SmartSolar MPPT VE.Can 250/45"),
                entry(0xA108, "SmartSolar MPPT VE.Can 250/60"),
                entry(0xA109, "SmartSolar MPPT VE.Can 250/70"),
                entry(0xA10A, "SmartSolar MPPT VE.Can 250/85"),
                entry(0xA10B, "SmartSolar MPPT VE.Can 250/100"),
                entry(0xA10C, "SmartSolar MPPT VE.Can 150/70 rev2"),
                entry(0xA10D, "SmartSolar MPPT VE.Can 150/85 rev2"),
                entry(0xA10E, "SmartSolar MPPT VE.Can 150/100 rev2"),
                entry(0xA10F, "BlueSolar MPPT VE.Can 150/100"),
                entry(0xA110, "SmartSolar MPPT RS 450/100"),
                entry(0xA111, "SmartSolar MPPT RS 450/200"),
                entry(0xA112, "BlueSolar MPPT VE.Can 250/70"),
                entry(0xA113, "BlueSolar MPPT VE.Can 250/100"),
                entry(0xA114, "SmartSolar MPPT VE.Can 250/70 rev2"),
                entry(0xA115, "SmartSolar MPPT VE.Can 250/100 rev2"),
                entry(0xA116, "SmartSolar MPPT VE.Can 250/85 rev2"),
                entry(0xA117, "BlueSolar MPPT VE.Can 150/100 rev2"),
                // Chargers, DC-DC, others
                entry(0xA30A, "Blue Smart IP65 Charger 12/25"),
                entry(0xA332, "Blue Smart IP22 Charger 24/8"),
                entry(0xA334, "Blue Smart IP22 Charger 24/12"),
                entry(0xA336, "Blue Smart IP22 Charger 24/16"),
                entry(0xA340, "Phoenix Smart IP43 Charger 12/50 (1+1)"),
                entry(0xA341, "Phoenix Smart IP43 Charger 12/50 (3)"),
                entry(0xA342, "Phoenix Smart IP43 Charger 24/25 (1+1)"),
                entry(0xA343, "Phoenix Smart IP43 Charger 24/25 (3)"),
                entry(0xA344, "Phoenix Smart IP43 Charger 12/30 (1+1)"),
                entry(0xA345, "Phoenix Smart IP43 Charger 12/30 (3)"),
                entry(0xA346, "Phoenix Smart IP43 Charger 24/16 (1+1)"),
                entry(0xA347, "Phoenix Smart IP43 Charger 24/16 (3)"),
                // Sold first as "Smart BuckBoost 12V/12V-50A" (protocol doc <= 3.33).
                entry(0xA3F0, "Orion XS 12/12-50A"),
                entry(0xA3F1, "Orion XS 1400"),
                entry(0xA442, "Multi RS Solar 48V 6000VA 230V")));

        Map<Integer, Integer> batteryVolts = Map.of(0x1, 12, 0x2, 24, 0x4, 48);
        for (PhoenixSeries s : List.of(
                new PhoenixSeries(0x0, "Phoenix Inverter", 250, false),
                new PhoenixSeries(0x1, "Phoenix Inverter", 375, false),
                new PhoenixSeries(0x2, "Phoenix Inverter", 500, false),
                new PhoenixSeries(0x3, "Phoenix Inverter", 250, true),
                new PhoenixSeries(0x4, "Phoenix Inverter", 375, true),
                new PhoenixSeries(0x5, "Phoenix Inverter", 500, true),
                new PhoenixSeries(0x6, "Phoenix Inverter", 800, true),
                new PhoenixSeries(0x7, "Phoenix Inverter", 1200, true),
                new PhoenixSeries(0x8, "Phoenix Inverter", 1600, false),
                new PhoenixSeries(0x9, "Phoenix Inverter", 2000, false),
                new PhoenixSeries(0xA, "Phoenix Inverter", 3000, false),
                new PhoenixSeries(0xB, "Phoenix Inverter Smart", 5000, false),
                new PhoenixSeries(0xE, "Phoenix Inverter", 800, true),
                new PhoenixSeries(0xF, "Phoenix Inverter", 1200, true))) {
            batteryVolts.forEach((nibble, volts) -> {
                int pid = 0xA200 | s.series() << 4 | nibble;
                String prefix = s.model() + " " + volts + "V " + s.voltAmpere() + "VA ";
                products.put(pid, prefix + "230V");
                if (s.has120VoltVariant()) {
                    products.put(pid | 0x8, prefix + "120V");
                }
            });
        }
        return Map.copyOf(products);
    }
}
