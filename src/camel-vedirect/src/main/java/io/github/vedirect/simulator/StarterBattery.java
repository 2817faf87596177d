package io.github.vedirect.simulator;

import java.util.Map;
import java.util.Random;

/**
 * The starter battery a battery monitor's auxiliary input watches (text field {@code VS}, history
 * {@code H15}/{@code H16}): resting, slowly losing charge to its own leakage.
 */
final class StarterBattery {

    private double volts;
    private int millivolts;
    private int minMillivolts;
    private int maxMillivolts;

    StarterBattery(double volts, int minMillivolts, int maxMillivolts) {
        this.volts = volts;
        this.minMillivolts = minMillivolts;
        this.maxMillivolts = maxMillivolts;
    }

    void advance(double seconds, Random noise) {
        volts = Math.max(12.2, volts - 0.001 * seconds / 3600);
        millivolts = (int) Math.round(1000 * volts + 3 * noise.nextGaussian());
        minMillivolts = Math.min(minMillivolts, millivolts);
        maxMillivolts = Math.max(maxMillivolts, millivolts);
    }

    int millivolts() {
        return millivolts;
    }

    /** H15 and H16: the lowest and highest starter voltage seen, in mV. */
    void putHistory(Map<String, String> fields) {
        fields.put("H15", Integer.toString(minMillivolts));
        fields.put("H16", Integer.toString(maxMillivolts));
    }
}
