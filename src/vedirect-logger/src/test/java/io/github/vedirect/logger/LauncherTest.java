package io.github.vedirect.logger;

import io.github.vedirect.Await;
import io.github.vedirect.logging.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees when a setting or a route file is wrong. */
class LauncherTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("vedirect.interval");
        System.clearProperty("log.level");
    }

    private static String stderrOf(Runnable run) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badSettingStopsStartUpWithOneLineAndExitCodeTwo() {
        System.setProperty("vedirect.interval", "0");
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = LoggerLauncher.run());
        assertEquals(2, exit[0]);
        assertEquals("vedirect-logger: vedirect.interval=0: must be a number of seconds from 0.001 to 86400\n", err);
    }

    @Test
    void badLogLevelIsOneLineToo() {
        System.setProperty("log.level", "LOUD");
        int[] exit = new int[1];
        String err = stderrOf(() -> exit[0] = LoggerLauncher.run());
        assertEquals(2, exit[0]);
        assertEquals("vedirect-logger: log.level=LOUD: must be one of ERROR, WARN, INFO, DEBUG, TRACE\n", err);
    }

    @Test
    void aBrokenRouteFileIsReportedInOneLineAndTheRestRuns() throws Exception {
        Path routes = Files.createDirectory(dir.resolve("routes"));
        // The main routes broken by an edit: the built-in copy runs instead.
        Files.writeString(routes.resolve("vedirect.yaml"), Files.readString(Path.of("routes/vedirect.yaml")).replace("- filter:", "- filtre:"));
        // An added destination that does not parse: skipped, the rest runs.
        Files.writeString(routes.resolve("mqtt.yaml"), "- route:\n    from:\n      uri: timer:x\n      steps:\n        - log: [unclosed\n");
        try (LogCapture log = new LogCapture();
             RunningLogger logger = new RunningLogger(dir.resolve("data.csv"), Map.of("routes.folder", routes.toString(),
                     "vedirect.port", "simulator:bmv702?blockInterval=100", "vedirect.interval", "1"))) {
            Await.until("CSV lines from the built-in routes", Duration.ofSeconds(15), () -> {
                try {
                    return logger.csvLines().size() >= 3;
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals(1, log.count("vedirect.yaml: "), log.lines().toString());
            assertTrue(log.count("running the built-in vedirect.yaml instead") == 1, log.lines().toString());
            assertEquals(1, log.count("mqtt.yaml: "), log.lines().toString());
            assertEquals(1, log.count("(line 5, column "), "the position of the YAML error: " + log.lines());
            assertTrue(log.lines().stream().filter(l -> l.contains("mqtt.yaml")).allMatch(l -> !l.contains("\n")));
        }
    }
}
