package io.github.vedirect.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldDefinition;
import io.github.vedirect.store.RecordStore;
import io.github.vedirect.store.StoreReader;
import io.github.vedirect.store.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/history?device=NAME&range=24h|7d|31d}: a device's history from the record store, downsampled here
 * (by SQLite, {@link StoreReader#buckets}) rather than in the browser, so that 31 days of one device are
 * {@link Range#buckets} numbers per label whatever the interval: for each bucket of time, the records in it, and each
 * charted label's min, average and max (null where the bucket has no record: a gap the chart shows). An unknown
 * device or range is a 400 with one line.
 */
final class HistoryApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryApi.class);

    /** The ranges the page offers: how far back, and how wide a bucket (about 300 to 400 buckets each). */
    enum Range {
        DAY("24h", Duration.ofHours(24), Duration.ofMinutes(5)),
        WEEK("7d", Duration.ofDays(7), Duration.ofMinutes(30)),
        MONTH("31d", Duration.ofDays(31), Duration.ofHours(2));

        final String key;
        final Duration length;
        final Duration bucket;

        Range(String key, Duration length, Duration bucket) {
            this.key = key;
            this.length = length;
            this.bucket = bucket;
        }

        int buckets() {
            return (int) (length.toMillis() / bucket.toMillis()) + 1;
        }

        static Range of(String key) {
            return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst().orElse(null);
        }
    }

    private final Devices devices;
    private final Supplier<RecordStore> store;
    private final Clock clock;

    HistoryApi(Devices devices, Supplier<RecordStore> store, Clock clock) {
        this.devices = devices;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query;
        try {
            query = query(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            Replies.line(exchange, 400, "a query that cannot be read: " + e.getMessage());
            return;
        }
        String device = query.get("device");
        Range range = Range.of(String.valueOf(query.get("range")));
        if (range == null) {
            Replies.line(exchange, 400, "unknown range: " + query.get("range") + " (24h, 7d or 31d)");
            return;
        }
        RecordStore open = store.get();
        StoreReader reader = open == null ? null : open.reader();
        if (reader == null) {
            Replies.line(exchange, 404, "no history: the record store is off (store.folder) or cannot be read");
            return;
        }
        try {
            if (device == null || !(devices.contains(device) || reader.devices().contains(device))) {
                Replies.line(exchange, 400, "unknown device: " + device);
                return;
            }
            Replies.json(exchange, history(reader, device, range));
        } catch (SQLException e) {
            LOG.warn("History of {} could not be read from the store: {}", device, e.getMessage());
            Replies.line(exchange, 503, "the store could not be read: " + e.getMessage());
        }
    }

    Map<String, Object> history(StoreReader reader, String device, Range range) throws SQLException {
        long width = range.bucket.toMillis();
        int count = range.buckets();
        long now = clock.millis();
        // Buckets on round times (the same ones from one request to the next), the last one holding now.
        long from = (now / width - count + 1) * width;
        int[] records = new int[count];
        double[][][] figures = new double[count][][];
        long[] first = {Long.MAX_VALUE};
        // Only the family's labels: each is a JSON parse per record, the cost of a long range.
        Family family = familyOf(reader, device);
        List<String> labels = family.chartedLabels();
        reader.buckets(device, Instant.ofEpochMilli(from), Instant.ofEpochMilli(now + 1), range.bucket, labels, bucket -> {
            records[bucket.index()] = bucket.records();
            figures[bucket.index()] = bucket.values();
            first[0] = Math.min(first[0], bucket.oldest().toEpochMilli());
        });
        // A label none of the records has (a BMV-700 sends no SOC... or a device of no family no I) gets no chart.
        List<String> present = new java.util.ArrayList<>();
        for (double[][] bucket : figures) {
            for (int i = 0; bucket != null && i < labels.size(); i++) {
                if (bucket[i] != null && !present.contains(labels.get(i))) {
                    present.add(labels.get(i));
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device", device);
        body.put("range", range.key);
        body.put("family", family.name());
        body.put("bucketSeconds", width / 1000);
        body.put("from", from / 1000);
        body.put("firstRecord", first[0] == Long.MAX_VALUE ? null : first[0]);
        body.put("records", records);
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = (from + i * width) / 1000;
        }
        body.put("time", times);
        Map<String, Object> series = new LinkedHashMap<>();
        for (String label : labels) {
            if (present.contains(label)) {
                series.put(label, series(label, labels.indexOf(label), figures));
            }
        }
        body.put("series", series);
        return body;
    }

    /** The device's family: as its newest record says while it runs, else as its first stored record says. */
    private Family familyOf(StoreReader reader, String device) throws SQLException {
        if (devices != null) {
            for (Devices.Device known : devices.all()) {
                if (known.name().equals(device) && known.lastRecord() != null) {
                    return Family.of(known.lastRecord());
                }
            }
        }
        List<StoredRecord> first = reader.after(device, 0, 1);
        return first.isEmpty() ? Family.OTHER : Family.of(first.get(0).fields());
    }

    /** One label's chart: its name and unit, and min, average and max per bucket in the catalogue's unit. */
    private static Map<String, Object> series(String label, int column, double[][][] figures) {
        Optional<FieldDefinition> definition = FieldCatalogue.definition(label);
        int shift = definition.map(FieldDefinition::decimalShift).orElse(0);
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("name", definition.map(FieldDefinition::description).orElse(label));
        one.put("unit", definition.map(d -> d.unit().symbol()).orElse(""));
        Double[] min = new Double[figures.length];
        Double[] avg = new Double[figures.length];
        Double[] max = new Double[figures.length];
        for (int i = 0; i < figures.length; i++) {
            double[] minAvgMax = figures[i] == null ? null : figures[i][column];
            if (minAvgMax != null) {
                min[i] = scaled(minAvgMax[0], shift);
                avg[i] = scaled(minAvgMax[1], shift);
                max[i] = scaled(minAvgMax[2], shift);
            }
        }
        one.put("min", min);
        one.put("avg", avg);
        one.put("max", max);
        return one;
    }

    /** A wire number in its catalogue unit (12800 mV: 12.8 V), to three decimals past the unit's own at most. */
    private static double scaled(double wire, int decimalShift) {
        return BigDecimal.valueOf(wire).movePointLeft(decimalShift).setScale(decimalShift + 3, RoundingMode.HALF_EVEN)
                .stripTrailingZeros().doubleValue();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }
}
