package io.github.vedirect.web;

import io.github.vedirect.store.RecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history the page's charts draw: a real store's records averaged into buckets, min and max kept, gaps null. */
class HistoryApiTest {

    /** A round hour near the real time (the store drops records older than store.days by the real clock). */
    private static final Instant HOUR = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    private static final Instant NOW = HOUR.plusSeconds(150);

    @TempDir
    Path folder;

    @Test
    void aDayIsFiveMinuteBucketsWithMinAverageAndMaxInTheCataloguesUnits() throws Exception {
        try (RecordStore store = RecordStore.open(folder, 31, 100_000_000, Duration.ofMillis(10))) {
            // A battery monitor: two records in the bucket 10 minutes before the hour, one in the newest, one older than a day.
            add(store, "-9", 12_500, 950);
            add(store, "-7", 12_700, 940);
            add(store, "1", 12_600, 930);
            add(store, "-1500", 13_000, 1000);
            assertTrue(store.flush(Duration.ofSeconds(10)));
            HistoryApi api = new HistoryApi(null, () -> store, Clock.fixed(NOW, ZoneOffset.UTC));
            Map<String, Object> history = api.history(store.reader(), "house", HistoryApi.Range.DAY);

            assertEquals("BATTERY_MONITOR", history.get("family"));
            long[] time = (long[]) history.get("time");
            assertEquals(289, time.length, "24 h of 5 min buckets, the last one holding now");
            assertEquals(HOUR.getEpochSecond(), time[288]);
            assertEquals(HOUR.minus(Duration.ofDays(1)).getEpochSecond(), time[0]);
            int[] records = (int[]) history.get("records");
            assertEquals(2, records[286]);
            assertEquals(1, records[288]);
            assertEquals(3, java.util.Arrays.stream(records).sum(), "the record older than a day is left out");
            assertEquals(HOUR.minusSeconds(9 * 60).toEpochMilli(), history.get("firstRecord"));

            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> series = (Map<String, Map<String, Object>>) history.get("series");
            assertEquals(java.util.List.of("V", "SOC"), java.util.List.copyOf(series.keySet()), "I absent from the records: no chart");
            Map<String, Object> volts = series.get("V");
            assertEquals("V", volts.get("unit"));
            assertEquals(12.5, ((Double[]) volts.get("min"))[286]);
            assertEquals(12.6, ((Double[]) volts.get("avg"))[286]);
            assertEquals(12.7, ((Double[]) volts.get("max"))[286]);
            assertEquals(12.6, ((Double[]) volts.get("avg"))[288]);
            assertNull(((Double[]) volts.get("avg"))[287], "a bucket without records is a gap");
            assertArrayEquals(new Double[] {95.0, 93.0}, new Double[] {((Double[]) series.get("SOC").get("max"))[286],
                    ((Double[]) series.get("SOC").get("avg"))[288]}, "SOC in %, from its tenths");
        }
    }

    @Test
    void thirtyOneDaysStayAFewHundredPoints() {
        for (HistoryApi.Range range : HistoryApi.Range.values()) {
            assertTrue(range.buckets() >= 280 && range.buckets() <= 400, range + ": " + range.buckets());
        }
    }

    /** A record {@code minutes} after the round hour. */
    private static void add(RecordStore store, String minutes, long millivolts, long socTenths) {
        store.add("house", "BMV-702", "HQ1", HOUR.plus(Duration.ofMinutes(Long.parseLong(minutes))),
                Map.of("V", millivolts, "SOC", socTenths, "PID", "0x203"));
    }
}
