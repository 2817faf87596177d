package io.github.vedirect.destinations;

/**
 * A destination the logger's routes send records to (MQTT, InfluxDB), as /health, /status, /metrics and the
 * status line see it: how many uploads went through or failed, and what is wrong now, if anything.
 */
public interface Destination {

    /** Its name in counters and health: {@code mqtt}, {@code influxdb}. */
    String name();

    /** Its deliveries: what went through, what failed, and the outage now, if any. */
    Deliveries deliveries();

    default long succeeded() {
        return deliveries().succeeded();
    }

    default long failed() {
        return deliveries().failed();
    }

    /** Why it cannot deliver now (broker down, server refusing), or null while it delivers. */
    default String problem() {
        return deliveries().problem();
    }
}
