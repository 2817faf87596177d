package io.github.vedirect.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The jar as the Debian package installs it: its defaults file beside it (installed-defaults.properties) is read
 * below the user's application.properties, and a routes folder holding only a user's own file (routes.d) runs
 * that file beside the shipped routes, which come from the jar.
 */
class InstalledDefaultsIT extends LoggerRun {

    @Test
    void thePackagesDefaultsApplyUnderTheUsersSettingsAndUserRoutesRunBesideTheShippedOnes() throws Exception {
        Path dir = LoggerProcess.newWorkDir("installed-defaults");
        Path share = Files.createDirectories(dir.resolve("usr-share"));
        Path jar = Files.copy(LoggerProcess.jar(), share.resolve("vedirect-logger.jar"));
        Files.writeString(share.resolve("installed-defaults.properties"), String.join("\n",
                "vedirect.port=simulator:mppt",
                "vedirect.interval=1",
                "csv.file=from-defaults.csv",
                "routes.folder=routes.d", ""));
        Path settings = Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(settings.resolve("routes.d"));
        Files.writeString(settings.resolve("routes.d/mine.yaml"), String.join("\n",
                "- route:",
                "    id: mine",
                "    from:",
                "      uri: timer:mine?repeatCount=1",
                "      steps:",
                "        - log: \"routes.d/mine.yaml runs\"", ""));

        logger = LoggerProcess.startJar(settings, Map.of("csv.file", "from-settings.csv"), jar);
        Path csv = settings.resolve("from-settings.csv");
        // A line a second (vedirect.interval from the defaults) from the shipped vedirect.yaml, which routes.d lacks.
        List<String> lines = E2e.await("two CSV lines in the file the user's settings name", Duration.ofSeconds(60),
                () -> E2e.csvLines(csv).size() >= 3 ? E2e.csvLines(csv) : null);
        // vedirect.port from the defaults: a solar charger's columns, not the built-in BMV-702's.
        assertEquals("Time,Volts,Amps,PanelVolts,PanelWatts,State,YieldTodayKWh", lines.get(0));
        logger.awaitLogLine("the user's own route", Duration.ofSeconds(30), line -> line.contains("routes.d/mine.yaml runs"));
        assertFalse(Files.exists(settings.resolve("from-defaults.csv")), "the user's csv.file wins over the package's");
    }
}
