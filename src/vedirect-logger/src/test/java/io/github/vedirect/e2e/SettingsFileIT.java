package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The way the Pi installer configures the logger: an application.properties next to the jar holding only
 * the keys the user changes, each over the built-in default (README, "Configuration"). The fault tests give
 * their settings on the command line; this one checks that the file is honoured too.
 */
class SettingsFileIT extends LoggerRun {

    @Test
    void theWorkingDirectorysApplicationPropertiesOverridesTheDefaults() throws Exception {
        Path dir = LoggerProcess.newWorkDir("settings-file");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("vedirect.port", "simulator:mppt?blockInterval=200");
        settings.put("vedirect.interval", "0.5");
        settings.put("csv.file", "mine.csv");
        logger = LoggerProcess.start(dir, settings, LoggerProcess.SettingsIn.FILE);
        // Each setting is checked by what it changes, so a failure names the one that was ignored.
        String receiving = logger.awaitLogLine("saying which device is read", Duration.ofSeconds(30),
                line -> line.contains("Receiving valid blocks from"));
        assertTrue(receiving.contains("simulator:mppt"), "vedirect.port from application.properties ignored: " + receiving
                + "\n" + Files.readString(dir.resolve("application.properties")) + logger.tail());
        logger.awaitHealthy(Duration.ofSeconds(20));
        JsonNode status = logger.status();
        assertTrue(status.get("devices").has("simulator:mppt"), "devices: " + status.get("devices"));
        E2e.await("lines in mine.csv", Duration.ofSeconds(10), () -> E2e.csvLines(dir.resolve("mine.csv")).size() >= 4);
        assertTrue(Files.notExists(dir.resolve(E2e.CSV_FILE)), "the default CSV file was written too");
        assertTrue(Files.notExists(dir.resolve("vedirect.log")), "log.file= (console only) ignored: vedirect.log written");
    }
}
