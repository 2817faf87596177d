package io.github.vedirect.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldDefinition;
import io.github.vedirect.store.RecordStore;
import io.github.vedirect.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/history?device=NAME&range=24h|7d|31d}: a device's history from the record store, downsampled here
 * rather than in the browser, so that 31 days of one device are {@link Range#buckets} numbers per label whatever
 * the interval: for each bucket of time, the records in it, and each charted label's min, average and max (null where
 * the bucket has no record: a gap the chart shows). An unknown device or range is a 400 with one line.
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
        Map<String, double[][]> sums = new LinkedHashMap<>();
        long[] first = {Long.MAX_VALUE};
        // Every family's charted labels are summed; the family the records say picks those drawn. Its first
        // record may be of no family (a BMV's history block on its own), so each record has its say.
        List<String> summed = Arrays.stream(Family.values()).flatMap(f -> f.chartedLabels().stream()).distinct().toList();
        EnumSet<Family> seen = EnumSet.noneOf(Family.class);
        reader.between(device, Instant.ofEpochMilli(from), Instant.ofEpochMilli(now + 1), stored -> {
            int bucket = (int) ((stored.time().toEpochMilli() - from) / width);
            records[bucket]++;
            first[0] = Math.min(first[0], stored.time().toEpochMilli());
            seen.add(Family.of(stored.fields()));
            for (String label : summed) {
                Double value = stored.fields().scaled(label);
                if (value != null) {
                    // [min, sum, max, n] per bucket
                    double[][] acc = sums.computeIfAbsent(label, l -> newAccumulators(count));
                    acc[0][bucket] = acc[3][bucket] == 0 ? value : Math.min(acc[0][bucket], value);
                    acc[2][bucket] = acc[3][bucket] == 0 ? value : Math.max(acc[2][bucket], value);
                    acc[1][bucket] += value;
                    acc[3][bucket]++;
                }
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device", device);
        body.put("range", range.key);
        body.put("bucketSeconds", width / 1000);
        body.put("from", from / 1000);
        body.put("firstRecord", first[0] == Long.MAX_VALUE ? null : first[0]);
        body.put("records", records);
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = (from + i * width) / 1000;
        }
        body.put("time", times);
        Family family = seen.stream().filter(f -> f != Family.OTHER).findFirst().orElse(Family.OTHER);
        body.put("family", family.name());
        Map<String, Object> series = new LinkedHashMap<>();
        for (String label : family.chartedLabels()) {
            double[][] acc = sums.get(label);
            if (acc == null) {
                continue;
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", FieldCatalogue.definition(label).map(FieldDefinition::description).orElse(label));
            one.put("unit", FieldCatalogue.definition(label).map(d -> d.unit().symbol()).orElse(""));
            Double[] min = new Double[count];
            Double[] avg = new Double[count];
            Double[] max = new Double[count];
            for (int i = 0; i < count; i++) {
                if (acc[3][i] > 0) {
                    min[i] = acc[0][i];
                    avg[i] = Math.round(acc[1][i] / acc[3][i] * 1000) / 1000.0;
                    max[i] = acc[2][i];
                }
            }
            one.put("min", min);
            one.put("avg", avg);
            one.put("max", max);
            series.put(label, one);
        }
        body.put("series", series);
        return body;
    }

    private static double[][] newAccumulators(int count) {
        return new double[][] {new double[count], new double[count], new double[count], new double[count]};
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
