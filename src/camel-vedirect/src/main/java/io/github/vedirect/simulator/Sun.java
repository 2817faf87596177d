package io.github.vedirect.simulator;

import java.time.ZonedDateTime;
import java.util.Random;

/**
 * Sunlight on the panels as a fraction of 1000 W/m²: a clear-sky curve over the local time of day
 * (zero at night, highest at noon, longer and stronger days in summer, as at about 50° north), dimmed
 * by the day's weather and by passing clouds.
 */
final class Sun {

    /** 0 for a clear day to 0.8 for an overcast one; drawn each day. */
    private double cloudiness;
    private double cloudLeft;
    private double cloudTransmission = 1;
    /** Slow random haze, a few percent either way. */
    private double haze;

    Sun(Random random) {
        newDay(random);
    }

    void newDay(Random random) {
        // Skewed towards clear days.
        cloudiness = 0.8 * Math.pow(random.nextDouble(), 1.5);
    }

    /** Clear-sky irradiance at local time {@code time}, 0 to 1. */
    static double clearSky(ZonedDateTime time) {
        double season = Math.cos(2 * Math.PI * (time.getDayOfYear() - 172) / 365.25);
        double dayHours = 12 + 4 * season;
        double hour = time.toLocalTime().toNanoOfDay() / 3.6e12;
        double x = (hour - (12 - dayHours / 2)) / dayHours;
        if (x <= 0 || x >= 1) {
            return 0;
        }
        double peak = 0.75 + 0.25 * season;
        return peak * Math.pow(Math.sin(Math.PI * x), 1.3);
    }

    double step(ZonedDateTime time, double seconds, Random random) {
        if (cloudLeft > 0) {
            cloudLeft -= seconds;
            if (cloudLeft <= 0) {
                cloudTransmission = 1;
            }
        } else if (random.nextDouble() < 1 - Math.exp(-seconds * cloudiness / 900)) {
            // A cloud passes in front of the sun for half a minute to seven minutes.
            cloudLeft = 30 + random.nextDouble() * 400;
            cloudTransmission = 0.2 + 0.5 * random.nextDouble();
        }
        haze += -haze * (1 - Math.exp(-seconds / 600)) + 0.002 * Math.sqrt(seconds) * random.nextGaussian();
        haze = HouseLoad.clamp(haze, -0.08, 0.05);
        return clearSky(time) * (1 - 0.5 * cloudiness) * cloudTransmission * (1 + haze);
    }
}
