package io.github.vedirect.simulator;

/**
 * A 12 V lead-acid (AGM) battery bank: the state of charge integrates the current, and the terminal
 * voltage follows from the state of charge and the current.
 *
 * <p>Resistances are given for a 200 Ah bank and scale inversely with capacity, so a bigger bank at
 * a proportionally bigger current shows the same voltages.
 */
final class BatteryBank {

    /** Part of the charge that ends up stored; the rest heats the battery and splits water. */
    static final double CHARGE_EFFICIENCY = 0.95;
    /** How fast the polarisation follows the current: why the voltage keeps creeping after a load step. */
    private static final double POLARISATION_SECONDS = 300;

    private final double capacityAh;
    private final double scale;
    /** True state of charge, 0 to 1. */
    private double soc;
    /** Volts above (charging) or below (discharging) the resting voltage that lag the current. */
    private double polarisation;

    BatteryBank(double capacityAh, double soc) {
        this.capacityAh = capacityAh;
        this.scale = 200 / capacityAh;
        this.soc = soc;
    }

    double capacityAh() {
        return capacityAh;
    }

    double soc() {
        return soc;
    }

    /** Resting voltage: close to linear in the state of charge for lead-acid, 11.90 V empty to 12.85 V full. */
    double openCircuitVoltage() {
        return 11.90 + 0.95 * soc;
    }

    /** Terminal voltage while {@code amps} flow, positive into the battery. */
    double voltage(double amps) {
        return openCircuitVoltage() + polarisation + amps * (amps >= 0 ? chargeResistance() : dischargeResistance());
    }

    /** The current the battery takes when a charger holds its terminals at {@code volts}: the inverse of {@link #voltage}. */
    double currentAt(double volts) {
        double over = volts - openCircuitVoltage() - polarisation;
        return over / (over >= 0 ? chargeResistance() : dischargeResistance());
    }

    /**
     * Internal resistance plus the overvoltage that climbs steeply as the plates fill: this is what
     * makes the current taper off during absorption and stay small in float.
     */
    private double chargeResistance() {
        return scale * (0.012 + 2.4 * Math.pow(soc, 60));
    }

    /** An emptier battery sags more under load. */
    private double dischargeResistance() {
        double empty = 1 - soc;
        return scale * 0.010 * (1 + 1.5 * empty * empty);
    }

    void step(double amps, double seconds) {
        double stored = amps > 0 ? amps * CHARGE_EFFICIENCY : amps;
        soc = Math.max(0, Math.min(1, soc + stored * seconds / 3600 / capacityAh));
        double target = scale * 0.005 * amps;
        polarisation += (target - polarisation) * (1 - Math.exp(-seconds / POLARISATION_SECONDS));
    }
}
