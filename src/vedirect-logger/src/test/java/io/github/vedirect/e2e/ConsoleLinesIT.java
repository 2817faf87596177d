package io.github.vedirect.e2e;

import io.github.vedirect.domoticz.FakeDomoticz;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the console says at start (one line each) and at a SIGTERM (one line with what was done). */
class ConsoleLinesIT extends LoggerRun {

    @Test
    void startSaysWhatRunsWhereAndStopSaysWhatWasDone() throws Exception {
        try (FakeDomoticz domoticz = FakeDomoticz.start(Path.of("lua")).requireBasicAuth("pi", "Dz-pass-55")) {
            Path dir = LoggerProcess.newWorkDir("console");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("vedirect.port", "simulator:mppt?blockInterval=200");
            settings.put("vedirect.interval", "0.5");
            settings.put("domoticz.url", domoticz.baseUri().toString());
            settings.put("domoticz.username", "pi");
            settings.put("domoticz.password", "Dz-pass-55");
            settings.put("history.file", "days.csv");
            logger = LoggerProcess.start(dir, settings);
            logger.awaitHealthy(Duration.ofSeconds(40));
            E2e.await("uploads", Duration.ofSeconds(20), () -> domoticz.requests().size() >= 3);
            List<String> log = logger.log();
            String text = String.join("\n", log);
            assertTrue(text.matches("(?s).*vedirect-logger \\S+ \\(Java .*\\), one record per device every 0.5 s.*"), text);
            assertTrue(text.contains("Device default: simulator:mppt?blockInterval=200"), text);
            assertTrue(text.contains("CSV: " + dir.resolve(E2e.CSV_FILE)), text);
            assertTrue(text.contains("Domoticz: " + domoticz.baseUri().toString().replaceAll("/$", "") + " through the Lua parser vedirect.lua, as user pi"), text);
            assertTrue(text.contains("Daily history: " + dir.resolve("days.csv") + ", each solar charger's day when it ends"), text);
            assertTrue(text.contains("Destinations on: CSV, daily history, Domoticz"), text);
            assertTrue(text.contains("Status on http://127.0.0.1:"), text);
            assertFalse(text.contains("Dz-pass-55"), "no password on the console");

            assertNotNull(logger.stop(Duration.ofSeconds(15)), "no exit after SIGTERM");
            String stopped = logger.log(line -> line.contains("Stopped after")).stream().findFirst().orElse("");
            Matcher counts = Pattern.compile("Stopped after \\d+ (s|min \\d+ s): (\\d+) blocks read \\(0 with checksum errors\\), "
                    + "(\\d+) records passed, (\\d+) CSV lines written, (\\d+) uploads done \\(0 failed, 0 outages\\)").matcher(stopped);
            assertTrue(counts.find(), "the stop line: " + stopped + "\n" + logger.tail());
            assertTrue(Long.parseLong(counts.group(2)) >= Long.parseLong(counts.group(3)), stopped);
            assertEquals(counts.group(3), counts.group(4), "each record passed is a CSV line: " + stopped);
            assertTrue(Long.parseLong(counts.group(5)) >= 3, stopped);
        }
    }
}
