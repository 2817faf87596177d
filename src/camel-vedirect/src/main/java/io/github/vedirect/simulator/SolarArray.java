package io.github.vedirect.simulator;

/**
 * Panels of about 36 cells (22.6 V open circuit, 18.6 V at the maximum power point), {@code series}
 * in a string. Power is proportional to the irradiance; voltage grows with its logarithm. A charger
 * that takes less than the maximum power moves the panels towards open-circuit voltage.
 */
final class SolarArray {

    private static final double PANEL_OPEN_CIRCUIT = 22.6;
    private static final double PANEL_MAX_POWER_POINT = 18.6;

    private final int series;
    private final double wattPeak;

    SolarArray(int series, int strings, double panelWattPeak) {
        this.series = series;
        this.wattPeak = series * strings * panelWattPeak;
    }

    double maxPower(double irradiance) {
        return wattPeak * Math.max(0, irradiance);
    }

    double openCircuitVoltage(double irradiance) {
        if (irradiance <= 0) {
            return 0;
        }
        return series * PANEL_OPEN_CIRCUIT * Math.max(0, 1 + 0.05 * Math.log(irradiance));
    }

    /** Panel voltage while the charger draws {@code watts}. */
    double voltageAt(double irradiance, double watts) {
        double openCircuit = openCircuitVoltage(irradiance);
        double maxPower = maxPower(irradiance);
        if (openCircuit == 0 || maxPower == 0) {
            return openCircuit;
        }
        double maxPowerPoint = openCircuit * PANEL_MAX_POWER_POINT / PANEL_OPEN_CIRCUIT;
        double load = Math.max(0, Math.min(1, watts / maxPower));
        return openCircuit - (openCircuit - maxPowerPoint) * Math.sqrt(load);
    }
}
