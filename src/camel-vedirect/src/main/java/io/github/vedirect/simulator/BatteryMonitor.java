package io.github.vedirect.simulator;

import io.github.vedirect.protocol.VeDirectBlock;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * What a BMV or SmartShunt does with its shunt and voltage readings: counts amp-hours into the
 * consumed Ah and the state of charge, synchronises to 100 % when the battery is charged, works out
 * time-to-go, raises the low-voltage alarm, and keeps the history. It sends a main block and a
 * history block in turn, one per tick, as the real devices do.
 *
 * <p>Settings, as for a 12 V lead-acid bank: charge efficiency 95 %, charged voltage 13.2 V, tail
 * current 4 %, charged detection time 3 min, discharge floor 50 %, time-to-go from the current
 * averaged over 3 min (no Peukert correction);
 * low-voltage alarm at 11.5 V, cleared at 11.8 V; high-voltage alarm at 15.0 V, cleared at 14.8 V.
 */
abstract class BatteryMonitor implements SimulatedDevice {

    private static final double CHARGE_EFFICIENCY_FACTOR = 0.95;
    private static final double CHARGED_VOLTS = 13.2;
    private static final double TAIL_FRACTION = 0.04;
    private static final double CHARGED_SECONDS = 180;
    private static final double REARM_FRACTION = 0.01;
    private static final double DISCHARGE_FLOOR = 0.5;
    private static final double TTG_AVERAGING_SECONDS = 180;
    /** Below this averaged discharge the battery is "not discharging" and time-to-go is -1. */
    private static final double TTG_MIN_DISCHARGE = 0.1;
    private static final int LOW_ALARM_MV = 11500;
    private static final int LOW_CLEAR_MV = 11800;
    private static final int HIGH_ALARM_MV = 15000;
    private static final int HIGH_CLEAR_MV = 14800;

    private final String model;
    private final String productId;
    protected final Installation site;
    protected final Random noise;
    private final double capacityAh;
    private long blocks;

    // The latest sample, as measured.
    private int voltageMv;
    private int currentMa;
    private boolean sampled;

    private double consumedAh;
    private double averageAmps;
    private double chargedSeconds;
    private boolean synchronised;
    private boolean lowAlarm;
    private boolean highAlarm;
    private boolean relay;
    private boolean belowCycleThreshold;
    private boolean empty;

    // History (H1..H18).
    private double deepestAh;
    private double lastDischargeAh;
    private double averageDischargeAh;
    private int discharges;
    private int cycles;
    private int fullDischarges;
    private double drawnAh;
    private int minVoltageMv;
    private int maxVoltageMv;
    private double secondsSinceFull;
    private int synchronisations;
    private int lowAlarms;
    private int highAlarms;
    private double dischargedWh;
    private double chargedWh;

    BatteryMonitor(String model, String productId, Installation site, Random random) {
        this.model = model;
        this.productId = productId;
        this.site = site;
        this.noise = random;
        this.capacityAh = site.battery.capacityAh();
        // The monitor starts in step with the battery, with a history of months of service.
        consumedAh = (site.battery.soc() - 1) * capacityAh;
        cycles = 5 + random.nextInt(60);
        synchronisations = 3 * cycles + random.nextInt(20);
        discharges = synchronisations;
        averageDischargeAh = -capacityAh * (0.15 + 0.15 * random.nextDouble());
        lastDischargeAh = Math.min(consumedAh, -capacityAh * (0.05 + 0.3 * random.nextDouble()));
        deepestAh = Math.min(lastDischargeAh, -capacityAh * (0.5 + 0.25 * random.nextDouble()));
        drawnAh = -capacityAh * (0.4 * synchronisations + random.nextDouble() * 10);
        minVoltageMv = 11000 + random.nextInt(800);
        maxVoltageMv = 14500 + random.nextInt(400);
        secondsSinceFull = 3600 + random.nextInt(2 * 86400);
        lowAlarms = random.nextInt(5);
        dischargedWh = -drawnAh * 12.3;
        chargedWh = dischargedWh * (1.1 + 0.05 * random.nextDouble());
    }

    /** Null unless the subclass answers HEX. */
    HexResponder hex;

    @Override
    public final byte[] nextTick(Instant now) {
        site.advanceTo(now, this::sample);
        Map<String, String> fields = blocks++ % 2 == 0 ? mainBlock() : historyBlock();
        byte[] block = VeDirectBlock.of(fields).toBytes();
        // The counting and the A/B alternation run on through a pause; only the sending stops.
        return hex != null && hex.textPaused(now) ? new byte[0] : block;
    }

    @Override
    public final HexResponder hex() {
        return hex;
    }

    /**
     * The registers every BMV answers, from the same state its blocks show, in the registers'
     * resolution (0.01 V, 0.1 A, 0.01 %, 0.1 Ah). None is writable here: the catalogue has no BMV
     * setting, so a set gets "not supported" as on a read-only register.
     *
     * @param firmware as FW shows it in hex digits, e.g. 0x0403 for "0403"
     */
    HexResponder answerHex(int firmware, Duration textPause) {
        int pid = Integer.parseInt(productId.substring(2), 16);
        HexResponder responder = new HexResponder(0x4000 | firmware, pid, textPause, false);
        responder.reading(0x0100, () -> new byte[] {0, (byte) pid, (byte) (pid >> 8), (byte) 0xFF})
                .reading(0x0102, () -> MpptHex.u((long) firmware << 8 | 0xFF, 3))
                .reading(0x0FFF, () -> MpptHex.u(Math.round(socFraction() * 10000), 2))
                .reading(0x0FFE, () -> MpptHex.u(timeToGo().equals("-1") ? 0xFFFF : Long.parseLong(timeToGo()), 2))
                .reading(0x0FFC, () -> MpptHex.u(Math.round(consumedAh * 10), 4))
                .reading(0xEEFF, () -> MpptHex.u(Math.round(consumedAh * 10), 4))
                .reading(0xED8D, () -> MpptHex.u(Math.round(voltageMv / 10.0), 2))
                .reading(0xED8F, () -> MpptHex.u(Math.round(currentMa / 100.0), 2))
                .reading(0xED8C, () -> MpptHex.u(currentMa, 4))
                .reading(0xED8E, () -> MpptHex.u(Long.parseLong(power()), 2))
                .reading(0x031E, () -> MpptHex.u(Integer.parseInt(alarmReason()), 2))
                .reading(0xEEB8, () -> MpptHex.u(0, 2));
        responder.reading(0x0300, () -> MpptHex.u(Math.round(deepestAh * 10), 4))
                .reading(0x0301, () -> MpptHex.u(Math.round(lastDischargeAh * 10), 4))
                .reading(0x0302, () -> MpptHex.u(Math.round(averageDischargeAh * 10), 4))
                .reading(0x0303, () -> MpptHex.u(cycles, 4))
                .reading(0x0304, () -> MpptHex.u(fullDischarges, 4))
                .reading(0x0305, () -> MpptHex.u(Math.round(drawnAh * 10), 4))
                .reading(0x0306, () -> MpptHex.u(Math.round(minVoltageMv / 10.0), 4))
                .reading(0x0307, () -> MpptHex.u(Math.round(maxVoltageMv / 10.0), 4))
                .reading(0x0308, () -> MpptHex.u((long) secondsSinceFull, 4))
                .reading(0x0309, () -> MpptHex.u(synchronisations, 4))
                .reading(0x030A, () -> MpptHex.u(lowAlarms, 4))
                .reading(0x030B, () -> MpptHex.u(highAlarms, 4))
                .reading(0x0310, () -> MpptHex.u((long) (dischargedWh / 10), 4))
                .reading(0x0311, () -> MpptHex.u((long) (chargedWh / 10), 4));
        return responder;
    }

    @Override
    public final String model() {
        return model;
    }

    @Override
    public final String productId() {
        return productId;
    }

    abstract LinkedHashMap<String, String> mainBlock();

    abstract LinkedHashMap<String, String> historyBlock();

    /** One measurement after each integration step of the installation. */
    void sample(double seconds) {
        voltageMv = (int) Math.round(1000 * site.voltage() + 2 * noise.nextGaussian());
        currentMa = (int) Math.round(1000 * site.batteryCurrent() + 3 * noise.nextGaussian());
        double volts = voltageMv / 1000.0;
        double amps = currentMa / 1000.0;
        if (!sampled) {
            averageAmps = amps;
            sampled = true;
        }

        double counted = amps > 0 ? amps * CHARGE_EFFICIENCY_FACTOR : amps;
        consumedAh = Math.min(0, consumedAh + counted * seconds / 3600);
        if (amps < 0) {
            drawnAh += amps * seconds / 3600;
            dischargedWh -= amps * volts * seconds / 3600;
        } else {
            chargedWh += amps * volts * seconds / 3600;
        }
        deepestAh = Math.min(deepestAh, consumedAh);
        lastDischargeAh = Math.min(lastDischargeAh, consumedAh);
        averageAmps += (amps - averageAmps) * (1 - Math.exp(-seconds / TTG_AVERAGING_SECONDS));
        minVoltageMv = Math.min(minVoltageMv, voltageMv);
        maxVoltageMv = Math.max(maxVoltageMv, voltageMv);
        secondsSinceFull += seconds;

        // Charged: voltage above the charged voltage and current below the tail current for 3 minutes.
        chargedSeconds = volts > CHARGED_VOLTS && amps < TAIL_FRACTION * capacityAh ? chargedSeconds + seconds : 0;
        if (chargedSeconds >= CHARGED_SECONDS && !synchronised) {
            synchronised = true;
            synchronisations++;
            // The discharge that this charge ended goes into the average depth.
            discharges++;
            averageDischargeAh += (lastDischargeAh - averageDischargeAh) / discharges;
            lastDischargeAh = 0;
            consumedAh = 0;
            secondsSinceFull = 0;
        } else if (synchronised && consumedAh < -REARM_FRACTION * capacityAh) {
            // Only a real discharge since the last synchronisation makes the next one count again;
            // a fridge cycle in the afternoon sun does not.
            synchronised = false;
        }

        // A charge cycle: below 65 %, then above 90 %.
        double soc = socFraction();
        if (soc < 0.65) {
            belowCycleThreshold = true;
        } else if (soc > 0.90 && belowCycleThreshold) {
            belowCycleThreshold = false;
            cycles++;
        }
        if (soc <= 0 && !empty) {
            empty = true;
            fullDischarges++;
        } else if (soc > 0.1) {
            empty = false;
        }
        // The relay is set to follow the state of charge: in below 50 %, out again above 90 %.
        relay = relay ? soc < 0.90 : soc < 0.50;

        if (!lowAlarm && voltageMv < LOW_ALARM_MV) {
            lowAlarm = true;
            lowAlarms++;
        } else if (lowAlarm && voltageMv >= LOW_CLEAR_MV) {
            lowAlarm = false;
        }
        if (!highAlarm && voltageMv > HIGH_ALARM_MV) {
            highAlarm = true;
            highAlarms++;
        } else if (highAlarm && voltageMv <= HIGH_CLEAR_MV) {
            highAlarm = false;
        }
    }

    private double socFraction() {
        return Math.max(0, Math.min(1, 1 + consumedAh / capacityAh));
    }

    // Field values in wire format.

    String voltage() {
        return Integer.toString(voltageMv);
    }

    String current() {
        return Integer.toString(currentMa);
    }

    /** P: W, from the same V and I the block shows. */
    String power() {
        return Long.toString(Math.round(voltageMv * (double) currentMa / 1e6));
    }

    /** CE: mAh, never above 0. */
    String consumed() {
        return Long.toString(Math.round(consumedAh * 1000));
    }

    /** SOC: per mille. */
    String soc() {
        return Long.toString(Math.round(socFraction() * 1000));
    }

    /** TTG: minutes until the discharge floor at the averaged discharge current; -1 when not discharging. */
    String timeToGo() {
        if (averageAmps > -TTG_MIN_DISCHARGE) {
            return "-1";
        }
        double ah = (socFraction() - DISCHARGE_FLOOR) * capacityAh;
        return Long.toString(Math.max(0, Math.round(ah / -averageAmps * 60)));
    }

    String alarm() {
        return lowAlarm || highAlarm ? "ON" : "OFF";
    }

    String relay() {
        return relay ? "ON" : "OFF";
    }

    /** AR: decimal bit mask, 1 low voltage, 2 high voltage. */
    String alarmReason() {
        return Integer.toString((lowAlarm ? 1 : 0) | (highAlarm ? 2 : 0));
    }

    /**
     * H1 to H12, in order. H2 is the deepest consumed Ah since the last synchronisation; H3, which
     * the sources do not define precisely, is taken as the mean depth of the discharges that a
     * synchronisation ended.
     */
    void putHistory(Map<String, String> fields) {
        fields.put("H1", mAh(deepestAh));
        fields.put("H2", mAh(lastDischargeAh));
        fields.put("H3", mAh(averageDischargeAh));
        fields.put("H4", Integer.toString(cycles));
        fields.put("H5", Integer.toString(fullDischarges));
        fields.put("H6", mAh(drawnAh));
        fields.put("H7", Integer.toString(minVoltageMv));
        fields.put("H8", Integer.toString(maxVoltageMv));
        fields.put("H9", Long.toString((long) secondsSinceFull));
        fields.put("H10", Integer.toString(synchronisations));
        fields.put("H11", Integer.toString(lowAlarms));
        fields.put("H12", Integer.toString(highAlarms));
    }

    /** H17 and H18: discharged and charged energy, 0.01 kWh. */
    void putEnergy(Map<String, String> fields) {
        fields.put("H17", Long.toString((long) (dischargedWh / 10)));
        fields.put("H18", Long.toString((long) (chargedWh / 10)));
    }

    private static String mAh(double ah) {
        return Long.toString(Math.round(ah * 1000));
    }
}
