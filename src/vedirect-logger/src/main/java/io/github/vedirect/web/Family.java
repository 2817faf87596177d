package io.github.vedirect.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the page shows of a device, by its family as its record tells it: the live values on its card (VE.Direct
 * labels as the device sends them, in this order, those it sends) and the labels its history charts draw.
 */
enum Family {
    BATTERY_MONITOR(List.of("V", "I", "P", "SOC", "CE", "TTG", "Alarm", "AR", "VS", "VM", "T"), List.of("V", "I", "SOC")),
    SOLAR_CHARGER(List.of("V", "I", "VPV", "PPV", "CS", "MPPT", "ERR", "H20", "H21", "IL", "LOAD"), List.of("PPV", "H20", "V")),
    INVERTER(List.of("AC_OUT_V", "AC_OUT_I", "AC_OUT_S", "V", "CS", "MODE", "WARN", "AR"), List.of("AC_OUT_S", "V")),
    /** A device of no family above (a Blue Smart charger, an Orion): every field it sends but its identity. */
    OTHER(List.of(), List.of("V", "I"));

    /** Who the device is, shown in the card's heading rather than as a value. */
    private static final Set<String> IDENTITY = Set.of("PID", "SER#", "FW", "FWE", "BMV", "HSDS", "Checksum");

    private final List<String> live;
    private final List<String> charted;

    Family(List<String> live, List<String> charted) {
        this.live = live;
        this.charted = charted;
    }

    /** The family a record's labels say: SOC or TTG a battery monitor, PPV a solar charger, AC_OUT_V an inverter. */
    static Family of(Map<String, ?> record) {
        if (record.containsKey("SOC") || record.containsKey("TTG")) {
            return BATTERY_MONITOR;
        }
        if (record.containsKey("PPV") || record.containsKey("VPV")) {
            return SOLAR_CHARGER;
        }
        if (record.containsKey("AC_OUT_V")) {
            return INVERTER;
        }
        return OTHER;
    }

    /** The labels of {@code record} its card shows, in the family's order. */
    List<String> liveLabels(Map<String, ?> record) {
        if (this == OTHER) {
            return record.keySet().stream().filter(label -> !IDENTITY.contains(label)).toList();
        }
        return live.stream().filter(record::containsKey).toList();
    }

    /** The labels its history charts draw (those the stored records have; the others are left out by the reader). */
    List<String> chartedLabels() {
        return charted;
    }
}
