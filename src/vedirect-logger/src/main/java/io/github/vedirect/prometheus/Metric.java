package io.github.vedirect.prometheus;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The Prometheus metric of one VE.Direct label.
 *
 * @param label  the VE.Direct label
 * @param name   the metric name, base unit and unit suffix included ({@code vedirect_battery_voltage_volts})
 * @param type   {@code gauge} or {@code counter}
 * @param help   the HELP text
 * @param factor what the catalogue's value is multiplied by to reach the metric's unit (kWh to J: 3600000)
 */
public record Metric(String label, String name, String type, String help, BigDecimal factor) {

    public static final String GAUGE = "gauge";
    public static final String COUNTER = "counter";

    public Metric {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(factor, "factor");
        if (!GAUGE.equals(type) && !COUNTER.equals(type)) {
            throw new IllegalArgumentException("type " + type);
        }
        if (COUNTER.equals(type) != name.endsWith("_total")) {
            // The naming convention, enforced: counters and only counters end in _total.
            throw new IllegalArgumentException(name + " is a " + type);
        }
    }
}
