package io.github.vedirect.prometheus;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's text exposition format, version 0.0.4, for the newest reading of each device and the logger's own
 * counters. Add what is known, then {@link #render()}; one instance serves one scrape.
 * <ul>
 *   <li>Device readings: the metrics of {@link DeviceMetrics}, labelled {@code device="NAME"}; a field that is
 *       {@code ---} has no sample (an absent series, not a made-up 0); {@code TTG -1} is {@code +Inf}.</li>
 *   <li>{@code vedirect_device_info{device,product,serial,firmware} 1}: who the device is, for joins.</li>
 *   <li>{@code vedirect_last_record_timestamp_seconds{device}}: when the reading was received.</li>
 *   <li>{@code vedirect_blocks_total{device,result="valid"|"invalid"}} and
 *       {@code vedirect_uploads_total{destination,result="ok"|"failed"}}: the logger's counters, given as numbers.</li>
 *   <li>With the record store on: {@code vedirect_store_size_bytes}; per destination that takes stored records
 *       {@code vedirect_backlog_records{destination}}, {@code vedirect_backlog_oldest_timestamp_seconds{destination}}
 *       (only while there is a backlog) and {@code vedirect_backlog_dropped_records_total{destination}}.</li>
 * </ul>
 * Samples carry no timestamp: the scrape's time is the right one for a reading that is current.
 */
public final class PrometheusText {

    /** The Content-Type of a scrape answer in this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    public static final String INFO = "vedirect_device_info";
    public static final String LAST_RECORD = "vedirect_last_record_timestamp_seconds";
    public static final String BLOCKS = "vedirect_blocks_total";
    public static final String UPLOADS = "vedirect_uploads_total";
    public static final String ALARM_ACTIVE = "vedirect_alarm_active";
    public static final String STORE_SIZE = "vedirect_store_size_bytes";
    public static final String BACKLOG = "vedirect_backlog_records";
    public static final String BACKLOG_OLDEST = "vedirect_backlog_oldest_timestamp_seconds";
    public static final String BACKLOG_DROPPED = "vedirect_backlog_dropped_records_total";

    private record Sample(String labels, String value) {
    }

    private record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** Families by name, in the order they are first met; samples grouped under them, as the format demands. */
    private final Map<String, Family> families = new LinkedHashMap<>();

    public PrometheusText() {
        // A fixed family order, so that scrapes compare line by line.
        for (Metric metric : DeviceMetrics.all()) {
            family(metric.name(), metric.type(), metric.help());
        }
        family(INFO, Metric.GAUGE, "The VE.Direct device behind a device label; always 1.");
        family(LAST_RECORD, Metric.GAUGE, "When the device's newest record was received, in Unix seconds.");
        family(BLOCKS, Metric.COUNTER, "Text blocks received, by checksum result.");
        family(UPLOADS, Metric.COUNTER, "Uploads to destinations, by result.");
        family(ALARM_ACTIVE, Metric.GAUGE, "1 while a device's alarm is raised, 0 once it cleared (docs/alarms.md).");
        family(STORE_SIZE, Metric.GAUGE, "The record store's size on disk, its write-ahead log included.");
        family(BACKLOG, Metric.GAUGE, "Stored records a destination has not taken yet.");
        family(BACKLOG_OLDEST, Metric.GAUGE, "The time of the oldest record a destination has not taken yet, in Unix seconds.");
        family(BACKLOG_DROPPED, Metric.COUNTER, "Records the store's bound dropped before the destination had taken them.");
    }

    /**
     * The readings of one device.
     *
     * @param receivedAt when the record was received, or null to leave {@value #LAST_RECORD} out
     */
    public PrometheusText device(String name, String product, String serial, String firmware, VeDirectRecord record,
                                 Instant receivedAt) {
        String device = labels("device", name);
        for (String label : record.keySet()) {
            Metric metric = DeviceMetrics.forLabel(label).orElse(null);
            String value = metric == null ? null : value(record.typed(label), metric.factor());
            if (value != null) {
                families.get(metric.name()).samples().add(new Sample(device, value));
            }
        }
        families.get(INFO).samples().add(new Sample(labels("device", name, "product", orEmpty(product),
                "serial", orEmpty(serial), "firmware", orEmpty(firmware)), "1"));
        if (receivedAt != null) {
            BigDecimal seconds = BigDecimal.valueOf(receivedAt.toEpochMilli()).movePointLeft(3);
            families.get(LAST_RECORD).samples().add(new Sample(device, plain(seconds)));
        }
        return this;
    }

    /** A device's block counters since the logger started. */
    public PrometheusText blocks(String device, long valid, long invalid) {
        families.get(BLOCKS).samples().add(new Sample(labels("device", device, "result", "valid"), Long.toString(valid)));
        families.get(BLOCKS).samples().add(new Sample(labels("device", device, "result", "invalid"), Long.toString(invalid)));
        return this;
    }

    /** A destination's upload counters since the logger started ({@code domoticz}, {@code mqtt}, {@code influxdb}). */
    public PrometheusText uploads(String destination, long ok, long failed) {
        families.get(UPLOADS).samples().add(new Sample(labels("destination", destination, "result", "ok"), Long.toString(ok)));
        families.get(UPLOADS).samples().add(new Sample(labels("destination", destination, "result", "failed"), Long.toString(failed)));
        return this;
    }

    /** One alarm of a device: raised now or not. */
    public PrometheusText alarm(String device, String alarm, boolean active) {
        families.get(ALARM_ACTIVE).samples().add(new Sample(labels("device", device, "alarm", alarm), active ? "1" : "0"));
        return this;
    }

    /** The record store's size in bytes. */
    public PrometheusText storeSize(long bytes) {
        families.get(STORE_SIZE).samples().add(new Sample("", Long.toString(bytes)));
        return this;
    }

    /**
     * A destination's backlog in the record store.
     *
     * @param records how many records wait, or null when unknown (no sample)
     * @param oldest  the oldest waiting record's time, or null when none waits
     * @param dropped records the store's bound dropped before the destination had them, since start
     */
    public PrometheusText backlog(String destination, Long records, Instant oldest, long dropped) {
        String labels = labels("destination", destination);
        if (records != null) {
            families.get(BACKLOG).samples().add(new Sample(labels, Long.toString(records)));
        }
        if (oldest != null) {
            families.get(BACKLOG_OLDEST).samples().add(new Sample(labels, plain(BigDecimal.valueOf(oldest.toEpochMilli()).movePointLeft(3))));
        }
        families.get(BACKLOG_DROPPED).samples().add(new Sample(labels, Long.toString(dropped)));
        return this;
    }

    /** The exposition: for each family with samples, HELP, TYPE and its samples; a newline ends every line. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        for (Family family : families.values()) {
            if (family.samples().isEmpty()) {
                continue;
            }
            out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
            for (Sample sample : family.samples()) {
                out.append(family.name()).append(sample.labels()).append(' ').append(sample.value()).append('\n');
            }
        }
        return out.toString();
    }

    private void family(String name, String type, String help) {
        families.put(name, new Family(name, type, help, new ArrayList<>()));
    }

    /** The sample value of a decoded field, or null when it has none. */
    private static String value(FieldValue value, BigDecimal factor) {
        if (value instanceof FieldValue.Measurement m) {
            return plain(BigDecimal.valueOf(m.value()).multiply(factor));
        }
        if (value instanceof FieldValue.Infinite) {
            return "+Inf";
        }
        if (value instanceof FieldValue.OnOff o) {
            return o.on() ? "1" : "0";
        }
        if (value instanceof FieldValue.Enumerated e) {
            return Integer.toString(e.code());
        }
        if (value instanceof FieldValue.Flags f) {
            return Long.toString(f.mask());
        }
        return null; // not available, or a value that did not decode: no sample rather than a wrong one
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** {@code {k="v",...}} with the values escaped as the format requires. */
    static String labels(String... keysAndValues) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(keysAndValues[i]).append("=\"").append(escapeLabelValue(keysAndValues[i + 1])).append('"');
        }
        return out.append('}').toString();
    }

    /** Label values: backslash, double quote and line feed are escaped as {@code \\}, {@code \"}, {@code \n}. */
    public static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** HELP text: backslash and line feed are escaped (a double quote is not). */
    public static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
