package io.github.vedirect.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.store.RecordStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /api/history} costs on a full store (bench/page.sh; docs/performance.md, "The page"): 31 days of a
 * BMV-702 at the default 30 s interval (89,280 records of its 17 usual fields), then each range read and downsampled
 * {@code bench.repeats} times. A main, not a test: figures are measured, never asserted.
 */
public final class HistoryBench {

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = Integer.getInteger("bench.repeats", 5);
        Path folder = Files.createTempDirectory("history-bench");
        Instant now = Instant.now();
        int records = 31 * 24 * 120 - 120;
        try (RecordStore store = RecordStore.open(folder, 31, 1_000_000_000L, Duration.ofSeconds(1))) {
            for (int i = 0; i < records; i++) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("PID", "0x203");
                fields.put("V", 12_000L + i % 1000);
                fields.put("VS", 13_000L);
                fields.put("I", -5_000L + i % 300);
                fields.put("P", -60L + i % 50);
                fields.put("CE", -28_000L);
                fields.put("SOC", 800L + i % 200);
                fields.put("TTG", 877L);
                fields.put("Alarm", "OFF");
                fields.put("Relay", "OFF");
                fields.put("AR", 0L);
                fields.put("BMV", "702");
                fields.put("FW", "0308");
                fields.put("H1", -115_000L);
                fields.put("H2", -28_000L);
                fields.put("H3", -51_000L);
                fields.put("H4", 12L);
                store.add("house", "BMV-702", "HQ1", now.minusSeconds(30L * (records - i)), fields);
                if (i % 10_000 == 9_999) {
                    store.flush(Duration.ofMinutes(1));
                }
            }
            store.flush(Duration.ofMinutes(1));
            System.out.printf("store: %d records of one BMV-702 over 31 days, %d MB%n", store.reader().count(),
                    Files.size(store.file()) / 1_000_000);
            HistoryApi api = new HistoryApi(null, () -> store, Clock.systemUTC());
            ObjectMapper json = new ObjectMapper();
            for (HistoryApi.Range range : HistoryApi.Range.values()) {
                List<Double> millis = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < repeats; i++) {
                    long start = System.nanoTime();
                    Map<String, Object> history = api.history(store.reader(), "house", range);
                    millis.add((System.nanoTime() - start) / 1e6);
                    bytes = Replies.gzip(json.writeValueAsBytes(history)).length;
                }
                Collections.sort(millis);
                System.out.printf("%s: read and downsampled in %.0f ms (median of %d; min %.0f), %d points, %d bytes gzipped%n",
                        range.key, millis.get(millis.size() / 2), repeats, millis.get(0), range.buckets(), bytes);
            }
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
