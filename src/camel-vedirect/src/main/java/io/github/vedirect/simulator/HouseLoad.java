package io.github.vedirect.simulator;

import java.time.LocalTime;
import java.util.Random;

/**
 * What a camper van or a small cabin draws from its 12 V battery: a standby base load, a compressor
 * fridge that cycles (more often in the warm afternoon), lights in the evening, a water pump now and
 * then, and rare heavy loads through an inverter (kettle, microwave). Currents are for a 200 Ah
 * system and multiplied by {@code scale} for bigger ones.
 */
final class HouseLoad {

    private final double scale;

    private double base = 0.4;
    private boolean fridgeOn;
    private double fridgeLeft;
    private double fridgeAmps = 4.5;
    private double lights;
    private double lightsLeft;
    private double pumpLeft;
    private double inverter;
    private double inverterLeft;

    HouseLoad(double scale, Random random) {
        this.scale = scale;
        fridgeOn = random.nextBoolean();
        fridgeLeft = random.nextDouble() * 1200;
    }

    void step(double seconds, LocalTime time, Random random) {
        double hour = time.toSecondOfDay() / 3600.0;

        // Standby: router, chargers, the monitors themselves; wanders slowly.
        base = clamp(base + 0.002 * Math.sqrt(seconds) * random.nextGaussian(), 0.25, 0.6);

        fridgeLeft -= seconds;
        if (fridgeLeft <= 0) {
            fridgeOn = !fridgeOn;
            if (fridgeOn) {
                fridgeLeft = 480 + random.nextDouble() * 600;
                fridgeAmps = 4.2 + random.nextDouble() * 0.6;
            } else {
                // The warmer the afternoon, the sooner the compressor starts again.
                double warmth = hour > 8 && hour < 20 ? Math.sin(Math.PI * (hour - 8) / 12) : 0;
                fridgeLeft = (1200 + random.nextDouble() * 900) * (1 - 0.35 * warmth);
            }
        }

        lightsLeft -= seconds;
        if (lightsLeft <= 0) {
            lightsLeft = 120 + random.nextDouble() * 780;
            boolean dark = (hour >= 18.5 && hour < 23.5) || (hour >= 6.5 && hour < 7.5);
            if (dark) {
                double[] levels = {0.3, 0.8, 1.5, 2.5};
                lights = levels[random.nextInt(levels.length)];
            } else {
                lights = random.nextDouble() < 0.1 ? 0.5 : 0;
            }
        }

        boolean awake = hour >= 7 && hour < 22;
        if (pumpLeft > 0) {
            pumpLeft -= seconds;
        } else if (awake && happens(random, seconds, 1.0 / 3600)) {
            pumpLeft = 10 + random.nextDouble() * 30;
        }

        if (inverterLeft > 0) {
            inverterLeft -= seconds;
            if (inverterLeft <= 0) {
                inverter = 0;
            }
        } else if (awake && happens(random, seconds, 1.0 / (6 * 3600))) {
            inverterLeft = 60 + random.nextDouble() * 240;
            inverter = 30 + random.nextDouble() * 40;
        }
    }

    /** Everything but the inverter, in A: what an MPPT's load output can carry. */
    double smallLoads() {
        return scale * (base + (fridgeOn ? fridgeAmps : 0) + lights + (pumpLeft > 0 ? 5 : 0));
    }

    /** The inverter's draw in A, wired straight to the battery. */
    double inverterLoad() {
        return scale * inverter;
    }

    /** A Poisson event with {@code perSecond} rate within {@code seconds}. */
    private static boolean happens(Random random, double seconds, double perSecond) {
        return random.nextDouble() < 1 - Math.exp(-perSecond * seconds);
    }

    static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
