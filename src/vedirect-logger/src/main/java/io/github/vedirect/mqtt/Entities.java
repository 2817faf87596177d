package io.github.vedirect.mqtt;

import static io.github.vedirect.mqtt.Entity.BINARY_SENSOR;
import static io.github.vedirect.mqtt.Entity.SENSOR;

import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldDefinition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The Home Assistant entity of every VE.Direct label HA can show, following {@code home-assistant-mqtt.md}
 * section 3. Units and display precision come from the field catalogue, so a value and its unit cannot drift
 * apart; device and state classes are chosen here. Identity fields ({@code PID}, {@code FW}, {@code FWE},
 * {@code SER#}, {@code BMV}, {@code HC#}) are not entities: they go into the device block.
 */
public final class Entities {

    private static final String MEASUREMENT = "measurement";
    private static final String TOTAL = "total";
    private static final String TOTAL_INCREASING = "total_increasing";

    /** Labels that describe the device rather than measure anything. */
    public static final Set<String> DEVICE_LABELS = Set.of("PID", "FW", "FWE", "SER#", "BMV", "HC#");

    private static final Map<String, Entity> BY_LABEL = build();

    private Entities() {
    }

    /** The entity for a label, empty for identity fields and labels the catalogue does not know. */
    public static Optional<Entity> forLabel(String label) {
        return Optional.ofNullable(BY_LABEL.get(label));
    }

    /** Every entity, in the catalogue's field order. */
    public static Collection<Entity> all() {
        return BY_LABEL.values();
    }

    private static Map<String, Entity> build() {
        List<Entity> entities = new ArrayList<>();
        // Live readings.
        entities.add(number("V", "Battery voltage", "voltage", MEASUREMENT, false));
        entities.add(number("V2", "Battery 2 voltage", "voltage", MEASUREMENT, false));
        entities.add(number("V3", "Battery 3 voltage", "voltage", MEASUREMENT, false));
        entities.add(number("VS", "Starter voltage", "voltage", MEASUREMENT, false));
        entities.add(number("VM", "Mid-point voltage", "voltage", MEASUREMENT, false));
        // HA's "battery" class means state of charge; a deviation in % has no class (OpenDTU's misuse avoided).
        entities.add(number("DM", "Mid-point deviation", null, MEASUREMENT, false));
        entities.add(number("VPV", "Panel voltage", "voltage", MEASUREMENT, false));
        entities.add(number("PPV", "Panel power", "power", MEASUREMENT, false));
        entities.add(number("I", "Battery current", "current", MEASUREMENT, false));
        entities.add(number("I2", "Battery 2 current", "current", MEASUREMENT, false));
        entities.add(number("I3", "Battery 3 current", "current", MEASUREMENT, false));
        entities.add(number("IL", "Load current", "current", MEASUREMENT, false));
        entities.add(number("T", "Battery temperature", "temperature", MEASUREMENT, false));
        entities.add(number("P", "Power", "power", MEASUREMENT, false));
        // HA has no device class for charge (Ah): unit only.
        entities.add(number("CE", "Consumed Ah", null, MEASUREMENT, false));
        entities.add(number("SOC", "State of charge", "battery", MEASUREMENT, false));
        entities.add(number("TTG", "Time to go", "duration", MEASUREMENT, false));
        entities.add(number("AC_OUT_V", "AC output voltage", "voltage", MEASUREMENT, false));
        entities.add(number("AC_OUT_I", "AC output current", "current", MEASUREMENT, false));
        entities.add(number("AC_OUT_S", "AC output apparent power", "apparent_power", MEASUREMENT, false));
        entities.add(number("DC_IN_V", "DC input voltage", "voltage", MEASUREMENT, false));
        entities.add(number("DC_IN_I", "DC input current", "current", MEASUREMENT, false));
        entities.add(number("DC_IN_P", "DC input power", "power", MEASUREMENT, false));
        // Energy counters: total_increasing, so a daily reset (H20) or a user reset (H19) starts a new cycle
        // instead of booking negative energy, which "total" without last_reset would do.
        entities.add(number("H17", "Discharged energy", "energy", TOTAL_INCREASING, false));
        entities.add(number("H18", "Charged energy", "energy", TOTAL_INCREASING, false));
        entities.add(number("H19", "Yield total", "energy", TOTAL_INCREASING, false));
        entities.add(number("H20", "Yield today", "energy", TOTAL_INCREASING, false));
        entities.add(number("H21", "Maximum power today", "power", MEASUREMENT, false));
        // Yesterday's figures change once a day and are not running totals: no state class, no statistics.
        entities.add(number("H22", "Yield yesterday", "energy", null, false));
        entities.add(number("H23", "Maximum power yesterday", "power", null, false));
        // BMV history: diagnostic.
        entities.add(number("H1", "Deepest discharge", null, MEASUREMENT, true));
        entities.add(number("H2", "Last discharge", null, MEASUREMENT, true));
        entities.add(number("H3", "Average discharge", null, MEASUREMENT, true));
        entities.add(number("H4", "Charge cycles", null, TOTAL_INCREASING, true));
        entities.add(number("H5", "Full discharges", null, TOTAL_INCREASING, true));
        // Cumulative Ah drawn is negative and grows in magnitude: a total that rises and falls.
        entities.add(number("H6", "Cumulative Ah drawn", null, TOTAL, true));
        entities.add(number("H7", "Minimum battery voltage", "voltage", MEASUREMENT, true));
        entities.add(number("H8", "Maximum battery voltage", "voltage", MEASUREMENT, true));
        entities.add(number("H9", "Time since full charge", "duration", MEASUREMENT, true));
        entities.add(number("H10", "Automatic synchronisations", null, TOTAL_INCREASING, true));
        entities.add(number("H11", "Low voltage alarms", null, TOTAL_INCREASING, true));
        entities.add(number("H12", "High voltage alarms", null, TOTAL_INCREASING, true));
        entities.add(number("H13", "Low starter voltage alarms", null, TOTAL_INCREASING, true));
        entities.add(number("H14", "High starter voltage alarms", null, TOTAL_INCREASING, true));
        entities.add(number("H15", "Minimum starter voltage", "voltage", MEASUREMENT, true));
        entities.add(number("H16", "Maximum starter voltage", "voltage", MEASUREMENT, true));
        entities.add(number("HSDS", "Day sequence number", null, null, true));
        // Enumerations: options are every name the catalogue gives the field's codes.
        entities.add(enumeration("CS", "Charge state", false, FieldCatalogue::chargerState, 0, 255));
        entities.add(enumeration("ERR", "Error", false, FieldCatalogue::chargerError, 0, 255));
        entities.add(enumeration("MPPT", "Tracker mode", false, FieldCatalogue::trackerMode, 0, 255));
        entities.add(enumeration("MODE", "Device mode", false, FieldCatalogue::deviceMode, 0, 255));
        entities.add(enumeration("MON", "Monitor mode", true, FieldCatalogue::monitorMode, -128, 127));
        // Bitmasks: text of the set bits' names; no class, unit or state class.
        entities.add(new Entity("AR", SENSOR, "Alarm reason", null, null, null, null, true, List.of()));
        entities.add(new Entity("OR", SENSOR, "Off reason", null, null, null, null, true, List.of()));
        entities.add(new Entity("WARN", SENSOR, "Warning reason", null, null, null, null, true, List.of()));
        // ON/OFF fields.
        entities.add(new Entity("Relay", BINARY_SENSOR, "Relay", null, null, null, null, false, List.of()));
        entities.add(new Entity("Alarm", BINARY_SENSOR, "Alarm", "problem", null, null, null, false, List.of()));
        entities.add(new Entity("LOAD", BINARY_SENSOR, "Load output", "power", null, null, null, false, List.of()));

        Map<String, Entity> byLabel = new LinkedHashMap<>();
        for (String label : FieldCatalogue.labels()) {
            entities.stream().filter(e -> e.label().equals(label)).findFirst().ifPresent(e -> byLabel.put(label, e));
        }
        if (byLabel.size() != entities.size()) {
            throw new IllegalStateException("an entity names a label the field catalogue does not know");
        }
        return byLabel;
    }

    private static Entity number(String label, String name, String deviceClass, String stateClass, boolean diagnostic) {
        FieldDefinition definition = FieldCatalogue.definition(label).orElseThrow();
        String unit = definition.unit().symbol();
        return new Entity(label, SENSOR, name, deviceClass, unit.isEmpty() ? null : unit, stateClass,
                definition.decimalShift(), diagnostic, List.of());
    }

    /**
     * An enum sensor with the names of every code the catalogue knows in [from, to], plus the state's name for any
     * other code; shared names (ERR 44 to 49) appear once, as HA requires.
     */
    private static Entity enumeration(String label, String name, boolean diagnostic, IntFunction<String> names,
                                      int from, int to) {
        Set<String> options = new LinkedHashSet<>();
        for (int code = from; code <= to; code++) {
            options.add(StateJson.enumName(code, names.apply(code)));
        }
        // Last, whether or not the range held an unnamed code: a device may send one the catalogue lacks.
        options.remove(StateJson.UNKNOWN);
        options.add(StateJson.UNKNOWN);
        return new Entity(label, SENSOR, name, "enum", null, null, null, diagnostic, new ArrayList<>(options));
    }
}
