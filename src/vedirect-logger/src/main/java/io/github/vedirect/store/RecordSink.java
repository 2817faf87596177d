package io.github.vedirect.store;

import java.util.List;

/**
 * A destination that takes stored records, each with its own time, in batches: what a backlog after an outage or a
 * restart and the live records that follow it are handed to, in time order per device. Destinations that carry no
 * time (Domoticz, the MQTT state topic) stay newest-only and are not sinks.
 */
public interface RecordSink {

    /** The destination's name, the key of its delivery positions in the store: {@code influxdb}, {@code mqtt-records}. */
    String name();

    /**
     * Sends one device's records, in the order given, as one batch. Returns only when the destination has taken all
     * of them; throws, with a one-line reason in the message, when it has not (the same batch is tried again later).
     */
    void send(String device, List<StoredRecord> batch) throws Exception;
}
