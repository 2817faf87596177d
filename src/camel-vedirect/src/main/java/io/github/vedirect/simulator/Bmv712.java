package io.github.vedirect.simulator;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Random;

/**
 * BMV-712 Smart (firmware 4.03) on a 200 Ah bank with 300 Wp of panels, its auxiliary input on the
 * starter battery, answering HEX. Field sets and order as in the real BMV-712 recording
 * (dbr/vedirect-rs fixture): main block {@code PID V VS I P CE SOC TTG Alarm Relay AR BMV FW},
 * history block {@code H1..H12 H15 H16 H17 H18}.
 *
 * <p>After a HEX exchange it holds back its text blocks for 2 s: the protocol FAQ says products stop
 * their text "for a few seconds"; the exact time is not documented (doc section 8), so tests set
 * their own with {@link HexResponder#textPause(Duration)}.
 */
final class Bmv712 extends BatteryMonitor {

    static final String MODEL = "bmv712";

    private final StarterBattery starter;

    private Bmv712(Installation site, Random random) {
        super(MODEL, "0xA381", site, random);
        starter = new StarterBattery(12.5 + 0.2 * random.nextDouble(), 10500 + random.nextInt(1000),
                14000 + random.nextInt(500));
    }

    static Bmv712 create(long seed, ZoneId zone) {
        Random root = new Random(seed);
        Installation site = new Installation(new Random(root.nextLong()), zone, 200,
                new SolarArray(2, 1, 150), 20, 1.0, false);
        Bmv712 device = new Bmv712(site, new Random(root.nextLong()));
        device.hex = device.answerHex(0x0403, Duration.ofSeconds(2))
                .reading(0xED7D, () -> MpptHex.u(Math.round(device.starter.millivolts() / 10.0), 2));
        return device;
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
        fields.put("Relay", relay());
        fields.put("AR", alarmReason());
        fields.put("BMV", "712 Smart");
        fields.put("FW", "0403");
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
