package io.github.vedirect.simulator;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Random;

/**
 * SmartShunt 500A/50mV (firmware 4.16, battery-monitor mode) on a 300 Ah house bank with 440 Wp of
 * panels; its auxiliary input watches the starter battery. Field sets as in a real SmartShunt
 * recording, plus {@code MON}, which firmware 4.08 and later send: main block
 * {@code PID V VS I P CE SOC TTG Alarm AR BMV FW MON} (no relay on a SmartShunt), history block
 * {@code H1..H12 H15 H16 H17 H18}.
 */
final class SmartShunt extends BatteryMonitor {

    static final String MODEL = "smartshunt";

    private final StarterBattery starter;

    private SmartShunt(Installation site, Random random) {
        super(MODEL, "0xA389", site, random);
        starter = new StarterBattery(12.55 + 0.2 * random.nextDouble(), 10200 + random.nextInt(1200),
                14200 + random.nextInt(400));
    }

    static SmartShunt create(long seed, ZoneId zone) {
        Random root = new Random(seed);
        Installation site = new Installation(new Random(root.nextLong()), zone, 300,
                new SolarArray(2, 2, 110), 30, 1.5, false);
        return new SmartShunt(site, new Random(root.nextLong()));
    }

    @Override
    void sample(double seconds) {
        super.sample(seconds);
        starter.advance(seconds, noise);
    }

    @Override
    LinkedHashMap<String, String> mainBlock() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", productId());
        fields.put("V", voltage());
        fields.put("VS", Integer.toString(starter.millivolts()));
        fields.put("I", current());
        fields.put("P", power());
        fields.put("CE", consumed());
        fields.put("SOC", soc());
        fields.put("TTG", timeToGo());
        fields.put("Alarm", alarm());
        fields.put("AR", alarmReason());
        fields.put("BMV", "SmartShunt 500A/50mV");
        fields.put("FW", "0416");
        fields.put("MON", "0");
        return fields;
    }

    @Override
    LinkedHashMap<String, String> historyBlock() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        putHistory(fields);
        starter.putHistory(fields);
        putEnergy(fields);
        return fields;
    }
}
