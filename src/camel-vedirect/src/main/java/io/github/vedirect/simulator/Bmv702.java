package io.github.vedirect.simulator;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Random;

/**
 * BMV-702 (firmware 3.08) on a 200 Ah bank in a camper van with 300 Wp of panels, the auxiliary input
 * unused. Field sets and order as in a real BMV-70x recording: main block
 * {@code PID V I P CE SOC TTG Alarm Relay AR BMV FW}, history block {@code H1..H12 H17 H18}.
 */
final class Bmv702 extends BatteryMonitor {

    static final String MODEL = "bmv702";

    private Bmv702(Installation site, Random random) {
        super(MODEL, "0x204", site, random);
    }

    static Bmv702 create(long seed, ZoneId zone) {
        Random root = new Random(seed);
        Installation site = new Installation(new Random(root.nextLong()), zone, 200,
                new SolarArray(2, 1, 150), 20, 1.0, false);
        return new Bmv702(site, new Random(root.nextLong()));
    }

    @Override
    LinkedHashMap<String, String> mainBlock() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", productId());
        fields.put("V", voltage());
        fields.put("I", current());
        fields.put("P", power());
        fields.put("CE", consumed());
        fields.put("SOC", soc());
        fields.put("TTG", timeToGo());
        fields.put("Alarm", alarm());
        fields.put("Relay", relay());
        fields.put("AR", alarmReason());
        fields.put("BMV", "702");
        fields.put("FW", "0308");
        return fields;
    }

    @Override
    LinkedHashMap<String, String> historyBlock() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        putHistory(fields);
        putEnergy(fields);
        return fields;
    }
}
