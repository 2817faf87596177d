package io.github.vedirect.destinations;

import io.github.vedirect.influxdb.InfluxTarget;

/** The {@code influx.*} settings, checked, as the target they write to; its toString() holds no credentials. */
public record InfluxSettings(InfluxTarget target) {

    @Override
    public String toString() {
        return target.toString();
    }
}
