package io.github.vedirect.e2e;

import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new owner sees the logger work at once: the first CSV line and upload come within seconds of the first
 * record whatever the interval (here 20 s, the default is 30 s), and the lines after it are aligned to the
 * clock (:00, :20, :40...), so a year of CSV stays evenly spaced.
 */
class FirstLineIT extends LoggerRun {

    private static final int INTERVAL = 20;
    /**
     * The first line's limit after the first block: three times what the logger needs (a SmartShunt's record is two
     * blocks a second apart, and the first cycle is only learned, so about 3 s), and well under the interval.
     */
    private static final Duration AT_ONCE = Duration.ofSeconds(9);

    @Test
    void theFirstLineComesAtOnceAndTheNextOnTheClock() throws Exception {
        try (FakeDomoticz domoticz = FakeDomoticz.start(Path.of("lua"))) {
            Path dir = LoggerProcess.newWorkDir("first-line");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("vedirect.port", "simulator:smartshunt");
            settings.put("vedirect.interval", Integer.toString(INTERVAL));
            settings.put("domoticz.url", domoticz.baseUri().toString());
            logger = LoggerProcess.start(dir, settings);
            String receiving = logger.awaitLogLine("the first valid block", Duration.ofSeconds(40),
                    line -> line.contains("Receiving valid blocks"));
            Instant firstBlock = Instant.now();
            // csvLines counts the heading too.
            E2e.await("the first CSV line", Duration.ofSeconds(INTERVAL), () -> E2e.csvLines(dir.resolve(E2e.CSV_FILE)).size() >= 2);
            E2e.await("the first upload", AT_ONCE, () -> !domoticz.requests().isEmpty());
            Duration toFirstLine = Duration.between(firstBlock, Instant.now());
            assertTrue(toFirstLine.compareTo(AT_ONCE) < 0, "first line " + toFirstLine.toMillis() + " ms after the first block ("
                    + receiving + "), with a " + INTERVAL + " s interval");
            RecordedRequest first = domoticz.requests().get(0);
            assertTrue(Duration.between(firstBlock, first.at()).compareTo(AT_ONCE) < 0, "first upload at " + first.at());

            E2e.await("the second and third CSV lines", Duration.ofSeconds(3L * INTERVAL),
                    () -> E2e.csvLines(dir.resolve(E2e.CSV_FILE)).size() >= 4);
            List<String> lines = E2e.csvLines(dir.resolve(E2e.CSV_FILE));
            for (String line : lines.subList(2, 4)) {
                int second = LocalTime.parse(line.substring(11, 19)).getSecond();
                // A SmartShunt's record ends about a second after the slot begins: within 2 s of :00, :20 or :40.
                assertTrue(second % INTERVAL <= 2, "aligned to the clock: " + line + " in " + lines);
            }
        }
    }
}
