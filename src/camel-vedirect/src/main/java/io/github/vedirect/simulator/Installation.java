package io.github.vedirect.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Random;
import java.util.function.DoubleConsumer;
import java.util.function.IntSupplier;

/**
 * The physical system a simulated device looks at: a 12 V battery bank, the loads on it, and solar
 * panels with an MPPT charger, advanced in steps of at most a second. A battery monitor shows its
 * battery side, a solar charger its charger side; every simulated device owns one.
 */
final class Installation {

    /** The loads and the charger change state on a scale of seconds. */
    private static final double MAX_STEP_SECONDS = 1.0;
    /** A long pause between ticks is integrated in coarser steps, so that a jump in time stays cheap. */
    private static final int MAX_STEPS_PER_TICK = 3600;
    /** The load output's low-voltage disconnect, as a user might set it: off below 11.1 V, on again above 13.1 V. */
    private static final double LOAD_OFF_VOLTS = 11.1;
    private static final double LOAD_ON_VOLTS = 13.1;
    private static final int LOAD_MODE_OFF = 0;
    private static final int LOAD_MODE_ON = 4;

    private final ZoneId zone;
    private final Random random;
    final BatteryBank battery;
    final HouseLoad load;
    final Sun sun;
    final SolarArray array;
    final SolarCharger charger;
    /** True when the loads hang on the charger's load output (SmartSolar 100/20), false when on the battery. */
    private final boolean loadsOnChargerOutput;

    private Instant time;
    private Instant firstTime;
    private LocalDate day;
    private boolean loadOutputOn = true;
    private double loadOutputAmps;
    private double batteryAmps;
    private double volts;
    /** The charger's load output control, 0xEDAB: 0 off, 4 on, any other code its low-voltage algorithm. */
    private IntSupplier loadMode = () -> 1;
    /** The charger's day (HSDS) in seconds of device time; null: local days, turning over at midnight. */
    private Duration dayLength;
    private long daysRun;

    Installation(Random random, ZoneId zone, double capacityAh, SolarArray array, double chargerAmps,
                 double loadScale, boolean loadsOnChargerOutput) {
        this.random = random;
        this.zone = Objects.requireNonNull(zone, "zone");
        this.battery = new BatteryBank(capacityAh, 0.6 + 0.3 * random.nextDouble());
        this.load = new HouseLoad(loadScale, random);
        this.sun = new Sun(random);
        this.array = array;
        this.charger = new SolarCharger(chargerAmps, capacityAh, random);
        this.loadsOnChargerOutput = loadsOnChargerOutput;
        this.volts = battery.voltage(0);
    }

    /**
     * Moves the system on to {@code now}, calling {@code afterStep} with the length in seconds of
     * every integration step (a battery monitor counts on each). The first call only settles the
     * system at {@code now}, with a step of 0 s; a call with a time that is not later does nothing.
     */
    void advanceTo(Instant now, DoubleConsumer afterStep) {
        Objects.requireNonNull(now, "now");
        if (time == null) {
            time = now;
            firstTime = now;
            day = now.atZone(zone).toLocalDate();
            step(now, 0);
            afterStep.accept(0);
            return;
        }
        Duration gap = Duration.between(time, now);
        if (gap.isZero() || gap.isNegative()) {
            return;
        }
        double gapSeconds = gap.getSeconds() + gap.getNano() / 1e9;
        int steps = (int) Math.min(MAX_STEPS_PER_TICK, Math.ceil(gapSeconds / MAX_STEP_SECONDS));
        double seconds = gapSeconds / steps;
        for (int i = 1; i <= steps; i++) {
            Instant at = i == steps ? now : time.plus(gap.multipliedBy(i).dividedBy(steps));
            step(at, seconds);
            afterStep.accept(seconds);
        }
        time = now;
    }

    private void step(Instant at, double seconds) {
        ZonedDateTime localTime = at.atZone(zone);
        LocalDate date = localTime.toLocalDate();
        if (dayLength != null) {
            // A short day for tests: the charger's day turns over every dayLength of device time, the sun keeps
            // to the clock.
            long days = Duration.between(firstTime, at).dividedBy(dayLength);
            if (days > daysRun) {
                charger.newDay(days - daysRun);
                daysRun = days;
            }
        } else if (date.isAfter(day)) {
            // The charger's day (HSDS, H20..H23) turns over at local midnight; so does the weather.
            charger.newDay(ChronoUnit.DAYS.between(day, date));
            sun.newDay(random);
            day = date;
        }
        // Switched off or on by its control register from this step on; any other code is the voltage algorithm below.
        int mode = loadMode.getAsInt();
        boolean forced = mode == LOAD_MODE_OFF || mode == LOAD_MODE_ON;
        if (forced) {
            loadOutputOn = mode == LOAD_MODE_ON;
        }
        double irradiance = sun.step(localTime, seconds, random);
        load.step(seconds, localTime.toLocalTime(), random);

        double small = loadsOnChargerOutput && !loadOutputOn ? 0 : load.smallLoads();
        loadOutputAmps = loadsOnChargerOutput ? small : 0;
        double loads = small + load.inverterLoad();

        charger.regulate(irradiance, array, battery, loads, volts);
        batteryAmps = charger.outputCurrent() - loads - charger.selfConsumption();
        volts = battery.voltage(batteryAmps);
        charger.settle(seconds, irradiance, array, volts, charger.outputCurrent() - loadOutputAmps,
                localTime.toLocalTime());
        battery.step(batteryAmps, seconds);

        if (forced) {
            return;
        }
        if (loadOutputOn && volts < LOAD_OFF_VOLTS) {
            loadOutputOn = false;
        } else if (!loadOutputOn && volts > LOAD_ON_VOLTS) {
            loadOutputOn = true;
        }
    }

    /** Where the load output control (0xEDAB) is read: the charger's HEX setting. */
    void loadMode(IntSupplier mode) {
        this.loadMode = mode;
    }

    /** Makes the charger's day {@code length} of device time long (null: local days); from the next step on. */
    void dayLength(Duration length) {
        this.dayLength = length;
        this.daysRun = 0;
        if (firstTime != null && length != null) {
            daysRun = Duration.between(firstTime, time).dividedBy(length);
        }
    }

    /** Battery terminal voltage, V. */
    double voltage() {
        return volts;
    }

    /** Current into the battery, A (negative while discharging). */
    double batteryCurrent() {
        return batteryAmps;
    }

    /** State of the charger's (possibly virtual) load output. */
    boolean loadOutputOn() {
        return loadOutputOn;
    }

    /** Current out of the charger's load output, A; 0 when the loads are on the battery. */
    double loadOutputCurrent() {
        return loadOutputAmps;
    }

    /** Seconds since the first tick. */
    double secondsRunning() {
        Duration running = Duration.between(firstTime, time);
        return running.getSeconds() + running.getNano() / 1e9;
    }
}
