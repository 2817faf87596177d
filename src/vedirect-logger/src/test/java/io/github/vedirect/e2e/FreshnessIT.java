package io.github.vedirect.e2e;

import io.github.vedirect.domoticz.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lag the original tool had: Domoticz falling further and further behind the device. With the gate open
 * wider than the device's cycle (every record passes), every upload must carry the record the device has
 * just finished, however long the run, and the CSV must hold every record once.
 */
class FreshnessIT extends SequencedDeviceRun {

    private static final Duration PERIOD = Duration.ofSeconds(1);
    /** The allowed age of an upload: one device cycle (a record can only be as new as the last block) + 0.5 s. */
    private static final Duration MAX_AGE = PERIOD.plusMillis(500);

    @Test
    void everyUploadCarriesTheNewestCompleteRecord() throws Exception {
        int seconds = E2e.intProperty("e2e.freshness.seconds", 60);
        startDomoticzAndDevice("freshness", link -> SequencedDevice.start(link, PERIOD, E2e.random("FreshnessIT")));
        // Half the device's cycle: the gate lets every record through, so every record is a chance to lag.
        startLogger(settings("0.5", "2"), 2);

        Instant from = Instant.now();
        long firstSequence = device.newestCompleted() + 1;
        Thread.sleep(seconds * 1000L);
        Instant until = Instant.now();
        long lastSequence = device.newestCompletedAt(until.minusMillis(1500));

        // Once answered: the window's last request may still be in the Lua parser as the window closes.
        List<RecordedRequest> requests = domoticz.answeredBetween(from, until);
        List<Double> ages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long previous = 0;
        for (RecordedRequest request : requests) {
            long sequence = E2e.sequenceOf(request);
            Instant lastByte = device.lastByteOf(sequence);
            if (lastByte == null) {
                problems.add("request " + request.sequence() + " carries " + sequence + ", which the device never sent whole");
                continue;
            }
            Duration age = Duration.between(lastByte, request.at());
            ages.add(E2e.millis(age));
            if (age.compareTo(MAX_AGE) > 0) {
                problems.add("request " + request.sequence() + " carries " + sequence + ", " + age.toMillis() + " ms old");
            }
            // Newest: no record that had been complete for over 0.5 s when the request arrived was newer.
            long newest = device.newestCompletedAt(request.at().minusMillis(500));
            if (sequence < newest) {
                problems.add("request " + request.sequence() + " carries " + sequence + " while " + newest + " was complete");
            }
            if (sequence <= previous) {
                problems.add("request " + request.sequence() + " repeats or goes back: " + sequence + " after " + previous);
            }
            previous = sequence;
            if (request.status() != 200) {
                problems.add("request " + request.sequence() + " was answered " + request.status());
            }
        }
        double median = E2e.median(ages);
        double max = E2e.max(ages);
        System.out.printf("FreshnessIT: %d uploads in %d s, age median %.1f ms, max %.1f ms%n", requests.size(), seconds, median, max);
        E2e.figure("freshness.uploads", requests.size());
        E2e.figure("freshness.age.median.ms", median);
        E2e.figure("freshness.age.max.ms", max);

        assertTrue(problems.isEmpty(), problems.size() + " stale or repeated uploads:\n" + String.join("\n", problems) + logger.tail());
        // One record per second: an upload for each, give or take the edges of the window.
        assertTrue(requests.size() >= seconds - 2, "only " + requests.size() + " uploads in " + seconds + " s" + logger.tail());

        // The CSV has every record of the window once, in order.
        List<Long> csv = E2e.csvSequences(dir.resolve(E2e.CSV_FILE));
        Set<Long> unique = new HashSet<>(csv);
        assertEquals(csv.size(), unique.size(), "a record written twice: " + csv);
        List<Long> missing = new ArrayList<>();
        for (long s = firstSequence; s <= lastSequence; s++) {
            if (!unique.contains(s)) {
                missing.add(s);
            }
        }
        assertTrue(missing.isEmpty(), "records missing from the CSV: " + missing);
        List<Long> sorted = new ArrayList<>(csv);
        sorted.sort(null);
        assertEquals(sorted, csv, "CSV lines out of order");
    }
}
