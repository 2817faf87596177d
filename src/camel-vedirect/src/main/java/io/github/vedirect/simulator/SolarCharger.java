package io.github.vedirect.simulator;

import java.time.LocalTime;
import java.util.Random;

/**
 * An MPPT solar charger's control loop and its daily history, as a Victron charger does it for a
 * 12 V lead-acid battery: off at night; bulk (all the power the panels give, up to the current limit)
 * until the battery reaches the absorption voltage; absorption (voltage held) until the current
 * falls to the tail current or the absorption time runs out; float (a lower voltage held) until the
 * sun goes down, or back to bulk when a heavy load pulls the battery below the re-bulk voltage.
 */
final class SolarCharger {

    static final int OFF = 0;
    static final int BULK = 3;
    static final int ABSORPTION = 4;
    static final int FLOAT = 5;

    static final int TRACKER_OFF = 0;
    static final int TRACKER_LIMITED = 1;
    static final int TRACKER_ACTIVE = 2;

    private static final double ABSORPTION_VOLTS = 14.40;
    private static final double FLOAT_VOLTS = 13.80;
    private static final double REBULK_VOLTS = 13.20;
    private static final double MAX_ABSORPTION_SECONDS = 2 * 3600;
    private static final double EFFICIENCY = 0.97;
    /** What the charger draws from the battery when the panels give nothing. */
    private static final double SELF_CONSUMPTION = 0.01;

    private final double maxCurrent;
    private final double tailCurrent;

    private boolean running;
    private boolean regulating;
    private int state = OFF;
    private int trackerMode = TRACKER_OFF;
    private double output;
    private double panelPower;
    private double panelVoltage;
    private double absorptionSeconds;
    private double lowSeconds;
    private double temperature = 22;

    private double totalWh;
    private double todayWh;
    private double maxPowerToday;
    private int yesterdayYield;
    private int yesterdayMaxPower;
    private int daySequence;

    SolarCharger(double maxCurrent, double capacityAh, Random random) {
        this.maxCurrent = maxCurrent;
        // Absorption ends when the current falls to 2 % of the capacity (or after 2 hours).
        this.tailCurrent = 0.02 * capacityAh;
        // A charger that has been in service for a while.
        double wattPeak = maxCurrent * 13;
        totalWh = wattPeak * (100 + random.nextInt(1500));
        yesterdayYield = (int) (wattPeak * (1 + 4 * random.nextDouble()) / 10);
        yesterdayMaxPower = (int) (wattPeak * (0.3 + 0.6 * random.nextDouble()));
        daySequence = random.nextInt(365);
    }

    /**
     * Decides the output current for this step. {@code loadAmps} is everything the battery feeds (the
     * charger holds the battery voltage, so it ends up feeding the loads too); {@code batteryVolts}
     * is the voltage of the step before.
     */
    void regulate(double irradiance, SolarArray array, BatteryBank battery, double loadAmps, double batteryVolts) {
        double openCircuit = array.openCircuitVoltage(irradiance);
        double maxPower = array.maxPower(irradiance);
        // Starts when the panels are 5 V above the battery, stops when they fall to 1 V above it.
        running = running
                ? openCircuit > batteryVolts + 1 && maxPower >= 0.3
                : openCircuit > batteryVolts + 5 && maxPower >= 1;
        if (!running) {
            state = OFF;
            trackerMode = TRACKER_OFF;
            output = 0;
            regulating = false;
            absorptionSeconds = 0;
            lowSeconds = 0;
            return;
        }
        if (state == OFF) {
            state = BULK;
        }
        double target = state == FLOAT ? FLOAT_VOLTS : ABSORPTION_VOLTS;
        double wanted = Math.max(0, battery.currentAt(target) + loadAmps);
        double byPower = maxPower * EFFICIENCY / batteryVolts;
        double limit = Math.min(byPower, maxCurrent);
        regulating = wanted <= limit;
        output = regulating ? wanted : limit;
        trackerMode = regulating || maxCurrent < byPower ? TRACKER_LIMITED : TRACKER_ACTIVE;
    }

    /**
     * Books the step once the battery voltage is known: panel operating point, state changes,
     * yield, temperature. {@code ownBatteryAmps} is the battery current the charger itself sees
     * (its output less its own load output).
     */
    void settle(double seconds, double irradiance, SolarArray array, double batteryVolts, double ownBatteryAmps,
                LocalTime time) {
        panelPower = running ? Math.min(array.maxPower(irradiance), output * batteryVolts / EFFICIENCY) : 0;
        panelVoltage = array.voltageAt(irradiance, panelPower);
        switch (state) {
            case BULK -> {
                if (regulating) {
                    state = ABSORPTION;
                    absorptionSeconds = 0;
                }
            }
            case ABSORPTION -> {
                absorptionSeconds += seconds;
                if ((regulating && ownBatteryAmps < tailCurrent) || absorptionSeconds >= MAX_ABSORPTION_SECONDS) {
                    state = FLOAT;
                    lowSeconds = 0;
                }
            }
            case FLOAT -> {
                lowSeconds = batteryVolts < REBULK_VOLTS ? lowSeconds + seconds : 0;
                if (lowSeconds >= 60) {
                    state = BULK;
                }
            }
            default -> {
            }
        }
        double wh = output * batteryVolts * seconds / 3600;
        todayWh += wh;
        totalWh += wh;
        maxPowerToday = Math.max(maxPowerToday, panelPower);
        // Heat sink: the day's air temperature plus what the conversion losses add.
        double hour = time.toSecondOfDay() / 3600.0;
        double air = 17 + 6 * Math.sin(2 * Math.PI * (hour - 9) / 24);
        double target = air + 25 * output / maxCurrent;
        temperature += (target - temperature) * (1 - Math.exp(-seconds / 600));
    }

    /** The local date changed: today's yield and maximum become yesterday's, the day counter moves on. */
    void newDay(long days) {
        yesterdayYield = days == 1 ? yieldToday() : 0;
        yesterdayMaxPower = days == 1 ? maxPowerToday() : 0;
        todayWh = 0;
        maxPowerToday = 0;
        daySequence = (int) ((daySequence + days) % 365);
    }

    int state() {
        return state;
    }

    int trackerMode() {
        return trackerMode;
    }

    /** OR bit 0 "no input power" while off, nothing while charging. */
    int offReason() {
        return state == OFF ? 0x00000001 : 0;
    }

    double outputCurrent() {
        return output;
    }

    double selfConsumption() {
        return running ? 0 : SELF_CONSUMPTION;
    }

    double panelPower() {
        return panelPower;
    }

    double panelVoltage() {
        return panelVoltage;
    }

    double temperature() {
        return temperature;
    }

    /** H19, 0.01 kWh. */
    int yieldTotal() {
        return (int) (totalWh / 10);
    }

    /** H20, 0.01 kWh. */
    int yieldToday() {
        return (int) (todayWh / 10);
    }

    /** H21, W. */
    int maxPowerToday() {
        return (int) Math.round(maxPowerToday);
    }

    /** H22, 0.01 kWh. */
    int yieldYesterday() {
        return yesterdayYield;
    }

    /** H23, W. */
    int maxPowerYesterday() {
        return yesterdayMaxPower;
    }

    /** HSDS, 0 to 364. */
    int daySequence() {
        return daySequence;
    }
}
