package io.github.vedirect.protocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static io.github.vedirect.protocol.DeviceFamily.BATTERY_MONITOR;
import static io.github.vedirect.protocol.DeviceFamily.CHARGER;
import static io.github.vedirect.protocol.DeviceFamily.INVERTER;

/**
 * The HEX registers this project knows, by id and by name.
 *
 * <p>Sources, by tag as in the protocol reference ({@code shared/docs/vedirect-protocol.md}):
 * "doc 7.4" is its register table (types and scales from Victron's velib {@code ve_regs.h});
 * "issue 14" marks what the issue asks for but the doc does not describe, where the type or the
 * storage is an assumption stated in the register's source; "velib" marks what the doc lacks and
 * was read in Victron's {@code ve_regs.h} itself (the history record layouts), checked against
 * real replies in the captures. Ranges of writable registers are this project's sanity limits,
 * wide enough for every VE.Direct charger (the largest, 250/100, takes 100 A); the doc gives none.
 */
public final class HexRegisters {

    public static final int PRODUCT_ID = 0x0100;
    public static final int APP_VERSION = 0x0102;
    public static final int SERIAL_NUMBER = 0x010A;
    public static final int MODEL_NAME = 0x010B;
    public static final int DEVICE_MODE = 0x0200;
    public static final int DEVICE_STATE = 0x0201;
    public static final int BATTERY_MAXIMUM_CURRENT = 0xEDF0;
    public static final int FLOAT_VOLTAGE = 0xEDF6;
    public static final int ABSORPTION_VOLTAGE = 0xEDF7;
    public static final int LOAD_OUTPUT_CONTROL = 0xEDAB;
    public static final int CHARGE_CURRENT_LIMIT = 0x2015;
    public static final int HISTORY_TOTAL = 0x104F;
    public static final int HISTORY_DAY_0 = 0x1050;
    /** Day 30, the oldest: 31 day records in all. */
    public static final int HISTORY_DAY_LAST = 0x106E;

    private static final BigDecimal ONE = BigDecimal.ONE;
    private static final BigDecimal TENTH = new BigDecimal("0.1");
    private static final BigDecimal HUNDREDTH = new BigDecimal("0.01");
    private static final BigDecimal THOUSANDTH = new BigDecimal("0.001");
    private static final String DOC = "doc 7.4";

    private static final Map<Integer, HexRegister> BY_ID;
    private static final Map<String, HexRegister> BY_NAME;

    static {
        List<HexRegister> all = new ArrayList<>();
        Set<DeviceFamily> every = EnumSet.allOf(DeviceFamily.class);
        Set<DeviceFamily> chargerInverter = EnumSet.of(CHARGER, INVERTER);
        Set<DeviceFamily> charger = EnumSet.of(CHARGER);
        Set<DeviceFamily> monitor = EnumSet.of(BATTERY_MONITOR);
        Set<DeviceFamily> inverter = EnumSet.of(INVERTER);

        // Identity.
        all.add(read(PRODUCT_ID, "productId", "Product id record: un8 instance, un16 product id, un8 flags",
                HexType.RECORD, ONE, Unit.NONE, null, every,
                DOC + "; layout from a real MPPT reply (00 56 A0 FF = PID 0xA056), doc 7.3"));
        all.add(read(APP_VERSION, "appVersion", "Firmware version 0xHHMMLL (LL = FF for a release)",
                HexType.U24, ONE, Unit.NONE, null, every, DOC));
        all.add(read(SERIAL_NUMBER, "serialNumber", "Serial number", HexType.STRING, ONE, Unit.NONE, null, every, DOC));
        all.add(read(MODEL_NAME, "modelName", "Model name", HexType.STRING, ONE, Unit.NONE, null, every, DOC));
        all.add(read(0x0120, "uptime", "Time since the device was powered", HexType.U32, ONE, Unit.SECOND, null,
                every, DOC));
        all.add(read(0x0140, "capabilities", "Capabilities bit field", HexType.RECORD, ONE, Unit.NONE, null, every,
                DOC + "; size not given, kept as raw bytes"));
        all.add(read(0x0141, "capabilities2", "Capabilities 2 (has no text / no async hex / no hex)",
                HexType.RECORD, ONE, Unit.NONE, null, every, DOC + "; size not given, kept as raw bytes"));

        // Operation.
        all.add(read(DEVICE_MODE, "deviceMode", "Device mode (doc 5.6: 1 charger, 4 off, ...)", HexType.U8, ONE,
                Unit.NONE, null, chargerInverter, DOC + "; the doc does not say it is writable, so it is not here"));
        all.add(read(DEVICE_STATE, "deviceState", "Device state, the text field CS (doc 5.1)", HexType.U8, ONE,
                Unit.NONE, null, chargerInverter, DOC));
        all.add(read(0x0205, "offReason", "Off reason (doc 5.4, low 8 bits)", HexType.U8, ONE, Unit.NONE, null,
                chargerInverter, DOC));
        all.add(read(0x0207, "offReason2", "Off reason bit mask, the text field OR (doc 5.4)", HexType.U32, ONE,
                Unit.NONE, null, chargerInverter, DOC));
        all.add(read(0x031C, "warningReason", "Warning reason bit mask, the text field WARN (doc 5.3)", HexType.U16,
                ONE, Unit.NONE, null, EnumSet.of(BATTERY_MONITOR, INVERTER), DOC));
        all.add(read(0x031E, "alarmReason", "Alarm reason bit mask, the text field AR (doc 5.3)", HexType.U16, ONE,
                Unit.NONE, null, EnumSet.of(BATTERY_MONITOR, INVERTER), DOC));

        // Battery monitor.
        all.add(read(0x0FFC, "consumedAmpHours", "Consumed amp-hours", HexType.S32, TENTH, Unit.AMPERE_HOUR, null,
                monitor, DOC));
        all.add(read(0x0FFE, "timeToGo", "Time to go", HexType.U16, ONE, Unit.MINUTE, 0xFFFFL, monitor, DOC));
        all.add(read(0x0FFF, "stateOfCharge", "State of charge", HexType.U16, HUNDREDTH, Unit.PERCENT, 0xFFFFL,
                monitor, DOC));
        String[][] history = {
                {"deepestDischarge", "H1 depth of the deepest discharge", "AH"},
                {"lastDischarge", "H2 depth of the last discharge", "AH"},
                {"averageDischarge", "H3 depth of the average discharge", "AH"},
                {"chargeCycles", "H4 number of charge cycles", "COUNT"},
                {"fullDischarges", "H5 number of full discharges", "COUNT"},
                {"cumulativeAmpHours", "H6 cumulative amp-hours drawn", "AH"},
                {"minimumVoltage", "H7 minimum battery voltage", "V"},
                {"maximumVoltage", "H8 maximum battery voltage", "V"},
                {"secondsSinceFullCharge", "H9 time since the last full charge", "S"},
                {"synchronisations", "H10 number of automatic synchronisations", "COUNT"},
                {"lowVoltageAlarms", "H11 number of low battery voltage alarms", "COUNT"},
                {"highVoltageAlarms", "H12 number of high battery voltage alarms", "COUNT"},
                {"lowAuxVoltageAlarms", "H13 number of low auxiliary voltage alarms", "COUNT"},
                {"highAuxVoltageAlarms", "H14 number of high auxiliary voltage alarms", "COUNT"},
                {"minimumAuxVoltage", "H15 minimum auxiliary voltage", "V"},
                {"maximumAuxVoltage", "H16 maximum auxiliary voltage", "V"},
                {"dischargedEnergy", "H17 discharged energy", "KWH"},
                {"chargedEnergy", "H18 charged energy", "KWH"},
        };
        for (int i = 0; i < history.length; i++) {
            String kind = history[i][2];
            BigDecimal scale = switch (kind) {
                case "AH" -> TENTH;
                case "V", "KWH" -> HUNDREDTH;
                default -> ONE;
            };
            Unit unit = switch (kind) {
                case "AH" -> Unit.AMPERE_HOUR;
                case "V" -> Unit.VOLT;
                case "KWH" -> Unit.KILOWATT_HOUR;
                case "S" -> Unit.SECOND;
                default -> Unit.COUNT;
            };
            String source = kind.equals("KWH")
                    ? DOC + " (\"kWh out/in\"); the 0.01 kWh step is the text field's, not confirmed for HEX"
                    : DOC + " (sn32: 0.1 Ah, 0.01 V, s, counts)";
            all.add(read(0x0300 + i, history[i][0], history[i][1], HexType.S32, scale, unit, null, monitor, source));
        }
        all.add(read(0x0382, "midPointVoltage", "Mid-point voltage", HexType.U16, HUNDREDTH, Unit.VOLT, null,
                monitor, DOC));
        all.add(read(0x0383, "midPointDeviation", "Mid-point deviation", HexType.S16, TENTH, Unit.PERCENT, null,
                monitor, DOC));
        all.add(read(0xEEB8, "monitorMode", "DC monitor mode, the text field MON (doc 5.7)", HexType.S16, ONE,
                Unit.NONE, null, monitor, DOC));
        all.add(read(0xEEFF, "consumedAmpHoursLegacy", "Consumed amp-hours (older BMVs)", HexType.S32, TENTH,
                Unit.AMPERE_HOUR, null, monitor, DOC));

        // DC channels.
        all.add(read(0xED7D, "auxVoltage", "DC channel 2 (auxiliary) voltage", HexType.S16, HUNDREDTH, Unit.VOLT,
                0x7FFFL, monitor, DOC));
        all.add(read(0xED8C, "batteryCurrentPrecise", "DC channel 1 current, mA resolution", HexType.S32, THOUSANDTH,
                Unit.AMPERE, null, monitor, DOC));
        all.add(read(0xED8D, "batteryVoltage", "DC channel 1 (battery) voltage", HexType.S16, HUNDREDTH, Unit.VOLT,
                0x7FFFL, every, DOC + "; MPPTs send it as async frames (KinDR007 150/70 capture)"));
        all.add(read(0xED8E, "batteryPower", "DC channel 1 power", HexType.S16, ONE, Unit.WATT, null, monitor, DOC));
        all.add(read(0xED8F, "batteryCurrent", "DC channel 1 current (MPPTs do not know it: chargerCurrent)",
                HexType.S16, TENTH, Unit.AMPERE, null, EnumSet.of(BATTERY_MONITOR, INVERTER), DOC));

        // Solar charger readings.
        all.add(read(0xEDA8, "loadOutputState", "Load output state (0 off, 1 on)", HexType.U8, ONE, Unit.NONE, null,
                charger, DOC));
        all.add(read(0xEDAD, "loadCurrent", "Load output current", HexType.U16, TENTH, Unit.AMPERE, null, charger, DOC));
        all.add(read(0xEDB3, "trackerMode", "MPP tracker mode, the text field MPPT (doc 5.5)", HexType.U8, ONE,
                Unit.NONE, null, charger, DOC));
        all.add(read(0xEDBB, "panelVoltage", "Panel voltage", HexType.U16, HUNDREDTH, Unit.VOLT, null, charger, DOC));
        all.add(read(0xEDBC, "panelPower", "Panel power", HexType.U32, HUNDREDTH, Unit.WATT, null, charger, DOC));
        all.add(read(0xEDBD, "panelCurrent", "Panel current", HexType.U16, TENTH, Unit.AMPERE, null, charger, DOC));
        all.add(read(0xEDD0, "maxPowerYesterday", "Maximum power yesterday, the text field H23", HexType.U16, ONE,
                Unit.WATT, null, charger, DOC));
        all.add(read(0xEDD1, "yieldYesterday", "Yield yesterday, the text field H22", HexType.U16, HUNDREDTH,
                Unit.KILOWATT_HOUR, null, charger, DOC));
        all.add(read(0xEDD2, "maxPowerToday", "Maximum power today, the text field H21", HexType.U16, ONE, Unit.WATT,
                null, charger, DOC));
        all.add(read(0xEDD3, "yieldToday", "Yield today, the text field H20", HexType.U16, HUNDREDTH,
                Unit.KILOWATT_HOUR, null, charger, DOC));
        all.add(read(0xEDD5, "chargerVoltage", "Charger (battery side) voltage", HexType.U16, HUNDREDTH, Unit.VOLT,
                null, charger, DOC));
        all.add(read(0xEDD7, "chargerCurrent", "Charger output current", HexType.U16, TENTH, Unit.AMPERE, null,
                charger, DOC + " gives 0.1 A; un16 from the async frames in the captures"));
        all.add(read(0xEDDA, "chargerError", "Charger error, the text field ERR (doc 5.2)", HexType.U8, ONE,
                Unit.NONE, null, charger, DOC));
        all.add(read(0xEDDB, "chargerTemperature", "Charger internal temperature", HexType.S16, HUNDREDTH,
                Unit.CELSIUS, null, charger, DOC));
        all.add(read(0xEDDC, "userYield", "User yield (resettable), the text field H19", HexType.U32, HUNDREDTH,
                Unit.KILOWATT_HOUR, null, charger, DOC));
        all.add(read(0xEDDD, "systemYield", "System yield (not resettable)", HexType.U32, HUNDREDTH,
                Unit.KILOWATT_HOUR, null, charger, DOC));
        all.add(new HexRegister(0xEDEC, "batteryTemperature", "Battery temperature (sent in 0.01 K)", HexType.U16,
                HUNDREDTH, new BigDecimal("-273.15"), Unit.CELSIUS, HexStorage.READ_ONLY, null, null, 0xFFFFL,
                charger, DOC));
        all.add(read(0x2027, "networkTotalDcInputPower", "VE.Smart network total DC input power", HexType.U32,
                HUNDREDTH, Unit.WATT, 0xFFFFFFFFL, charger, DOC + " (0xFFFFFFFF = not networked)"));

        // Solar charger settings.
        all.add(setting(BATTERY_MAXIMUM_CURRENT, "batteryMaximumCurrent", "Battery maximum charge current",
                HexType.U16, TENTH, Unit.AMPERE, HexStorage.FLASH, "0", "100", charger,
                DOC + " (non-volatile: don't write it in a loop)"));
        all.add(setting(FLOAT_VOLTAGE, "floatVoltage", "Float voltage", HexType.U16, HUNDREDTH, Unit.VOLT,
                HexStorage.FLASH, "8", "68", charger, DOC + " (non-volatile)"));
        all.add(setting(ABSORPTION_VOLTAGE, "absorptionVoltage", "Absorption voltage", HexType.U16, HUNDREDTH,
                Unit.VOLT, HexStorage.FLASH, "8", "68", charger, DOC + " (non-volatile)"));
        all.add(setting(CHARGE_CURRENT_LIMIT, "chargeCurrentLimit", "Charge current limit, for frequent changes",
                HexType.U16, TENTH, Unit.AMPERE, HexStorage.VOLATILE, "0", "100", charger,
                DOC + " gives 0.1 A; volatile per issue 14; un16 assumed"));
        // The codes: Victron's "BlueSolar HEX protocol MPPT" document lists un8 0 off, 1 automatic (the default
        // algorithm), 2 alternative 1, 3 alternative 2, 4 on, 5 user defined 1, 6 user defined 2, 7 automatic energy
        // selector. Thiemo van Engelen (Victron) confirmed 0 = off and 4 = on with the frames :8ABED0000B5 and
        // :8ABED0004B1, and warned that the value is written to storage at each change
        // (community.victronenergy.com/t/is-there-any-way-to-turn-load-on-off-via-serial-line/49788): kept in flash.
        TreeMap<Long, String> loadModes = new TreeMap<>();
        String[] modes = {"off", "automatic", "alternative 1", "alternative 2", "on", "user defined 1",
                "user defined 2", "automatic energy selector"};
        for (int code = 0; code < modes.length; code++) {
            loadModes.put((long) code, modes[code]);
        }
        all.add(new HexRegister(LOAD_OUTPUT_CONTROL, "loadOutputControl", "Load output control mode", HexType.U8,
                ONE, BigDecimal.ZERO, Unit.NONE, HexStorage.FLASH, BigDecimal.ZERO, BigDecimal.valueOf(modes.length - 1),
                null, charger, "Victron \"BlueSolar HEX protocol MPPT\" (codes, un8); Victron community thread 49788 "
                + "(0 off, 4 on, written to storage at each change)", loadModes));

        // Inverter.
        all.add(read(0x2200, "acOutVoltage", "AC output voltage", HexType.S16, HUNDREDTH, Unit.VOLT, null, inverter,
                DOC));
        all.add(read(0x2201, "acOutCurrent", "AC output current", HexType.S16, TENTH, Unit.AMPERE, null, inverter,
                DOC));
        all.add(read(0x2205, "acOutApparentPower", "AC output apparent power", HexType.S32, ONE, Unit.VOLT_AMPERE,
                null, inverter, DOC));

        // History.
        all.add(read(HISTORY_TOTAL, "historyTotal", "History totals record (HexHistory.Total)", HexType.RECORD, ONE,
                Unit.NONE, null, charger, "doc 7.4 lists it; layout from velib VE_REG_HISTORY_TOTAL"));
        for (int day = 0; day <= HISTORY_DAY_LAST - HISTORY_DAY_0; day++) {
            all.add(read(HISTORY_DAY_0 + day, "historyDay" + day,
                    day == 0 ? "History record of today (HexHistory.Day)" : "History record of " + day
                            + (day == 1 ? " day ago" : " days ago"), HexType.RECORD, ONE, Unit.NONE, null, charger,
                    "doc 7.4 lists them; layout from velib VE_REG_HISTORY_DAY00"));
        }

        Map<Integer, HexRegister> byId = new LinkedHashMap<>();
        Map<String, HexRegister> byName = new LinkedHashMap<>();
        all.sort((a, b) -> Integer.compare(a.id(), b.id()));
        for (HexRegister register : all) {
            if (byId.put(register.id(), register) != null) {
                throw new ExceptionInInitializerError("register id twice: " + register.hexId());
            }
            if (byName.put(register.name().toLowerCase(Locale.ROOT), register) != null) {
                throw new ExceptionInInitializerError("register name twice: " + register.name());
            }
        }
        BY_ID = Collections.unmodifiableMap(byId);
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private HexRegisters() {
    }

    private static HexRegister read(int id, String name, String description, HexType type, BigDecimal scale,
                                    Unit unit, Long notAvailable, Set<DeviceFamily> families, String source) {
        return new HexRegister(id, name, description, type, scale, BigDecimal.ZERO, unit, HexStorage.READ_ONLY,
                null, null, notAvailable, families, source);
    }

    private static HexRegister setting(int id, String name, String description, HexType type, BigDecimal scale,
                                       Unit unit, HexStorage storage, String minimum, String maximum,
                                       Set<DeviceFamily> families, String source) {
        return new HexRegister(id, name, description, type, scale, BigDecimal.ZERO, unit, storage,
                new BigDecimal(minimum), new BigDecimal(maximum), null, families, source);
    }

    /** Every register, by id. */
    public static List<HexRegister> all() {
        return List.copyOf(BY_ID.values());
    }

    public static Optional<HexRegister> byId(int id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** By catalogue name, case not significant. */
    public static Optional<HexRegister> byName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The register a user named: {@code 0xEDF0} (or {@code EDF0}) or a catalogue name. */
    public static Optional<HexRegister> find(String idOrName) {
        if (idOrName == null) {
            return Optional.empty();
        }
        String text = idOrName.trim();
        String digits = text.regionMatches(true, 0, "0x", 0, 2) ? text.substring(2) : text;
        if (digits.matches("[0-9A-Fa-f]{1,4}")) {
            Optional<HexRegister> byId = byId(Integer.parseInt(digits, 16));
            if (byId.isPresent() || !text.equals(digits)) {
                return byId;
            }
        }
        return byName(text);
    }

    /** The registers a family of products has. */
    public static List<HexRegister> of(DeviceFamily family) {
        return BY_ID.values().stream().filter(register -> register.families().contains(family)).toList();
    }

    /** The product id in a 0x0100 record (un8 instance, un16 product id, ...); -1 if it is too short. */
    public static int productIdOf(byte[] record) {
        return record.length < 3 ? -1 : (record[1] & 0xFF) | (record[2] & 0xFF) << 8;
    }
}
