package io.github.vedirect.dist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd unit the Debian package installs: systemd itself finds it valid, it runs with the least it needs,
 * and the package's defaults point the CSV and the log into the only folders it may write.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("dist", "vedirect-logger.service");
    private static final Path INSTALLED_DEFAULTS = Path.of("dist", "deb", "installed-defaults.properties");
    private static final Path CONFFILE = Path.of("dist", "deb", "application.properties");

    @Test
    void systemdAnalyzeVerifyFindsNothingWrong() throws Exception {
        Path systemdAnalyze = Path.of("/usr/bin/systemd-analyze");
        assertTrue(Files.isExecutable(systemdAnalyze), "systemd-analyze is missing: install Debian's systemd package");
        Process verify = new ProcessBuilder(systemdAnalyze.toString(), "verify", UNIT.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, verify.exitValue(), output);
        // verify exits 0 on warnings too; any line about this unit is a mistake in it.
        List<String> complaints = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.contains("vedirect-logger.service")) {
                complaints.add(line);
            }
        }
        assertEquals(List.of(), complaints);
    }

    @Test
    void runsWithTheLeastItNeeds() throws IOException {
        Map<String, List<String>> unit = directives();
        assertEquals(List.of("vedirect"), unit.get("User"), "a user of its own");
        assertEquals(List.of("dialout"), unit.get("SupplementaryGroups"), "dialout opens the serial ports");
        assertEquals(List.of("strict"), unit.get("ProtectSystem"));
        assertEquals(List.of("true"), unit.get("NoNewPrivileges"));
        assertEquals(List.of("true"), unit.get("PrivateTmp"));
        assertEquals(List.of("true"), unit.get("ProtectHome"));
        assertEquals(List.of(""), unit.get("CapabilityBoundingSet"), "no capabilities at all");
        assertEquals(List.of("/var/lib/vedirect-logger /var/log/vedirect-logger"), unit.get("ReadWritePaths"),
                "writable: the CSV's folder and the log's folder, nothing else");
        assertTrue(unit.get("Documentation").get(0).contains("README.md"), "Documentation= points to the README");
    }

    @Test
    void thePackagesDefaultsPutTheCsvAndTheLogWhereTheUnitLetsTheLoggerWrite() throws IOException {
        Properties defaults = installedDefaults();
        List<String> writable = List.of(directives().get("ReadWritePaths").get(0).split(" "));
        for (String key : List.of("csv.file", "log.file", "store.folder")) {
            String folder = Path.of(defaults.getProperty(key)).getParent().toString();
            assertTrue(writable.contains(folder), key + "=" + defaults.getProperty(key) + " is outside " + writable);
        }
        assertEquals("auto", defaults.getProperty("vedirect.port"), "a first run finds the plugged-in cable");
        assertEquals(List.of("/etc/vedirect-logger"), directives().get("WorkingDirectory"),
                "the logger reads application.properties in its working directory: where the package puts the conffile");
        assertTrue(defaults.getProperty("routes.folder").startsWith(directives().get("WorkingDirectory").get(0) + "/"),
                "the user's routes beside their settings");
    }

    @Test
    void theConffileIsAllCommentsAndShowsThePackagesDefaults() throws IOException {
        List<String> lines = Files.readAllLines(CONFFILE);
        assertEquals(List.of(), lines.stream().filter(line -> !line.isEmpty() && !line.startsWith("#")).toList(),
                "every line a comment: the package's defaults apply until the user sets a key");
        installedDefaults().forEach((key, value) -> assertTrue(lines.contains("#" + key + "=" + value),
                "the conffile shows the installed default " + key + "=" + value));
    }

    private static Properties installedDefaults() throws IOException {
        Properties defaults = new Properties();
        try (Reader reader = Files.newBufferedReader(INSTALLED_DEFAULTS, StandardCharsets.UTF_8)) {
            defaults.load(reader);
        }
        return defaults;
    }

    private static Map<String, List<String>> directives() throws IOException {
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String line : Files.readAllLines(UNIT)) {
            int equals = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || line.startsWith("[") || equals < 0) {
                continue;
            }
            directives.computeIfAbsent(line.substring(0, equals).trim(), key -> new ArrayList<>()).add(line.substring(equals + 1).trim());
        }
        return directives;
    }
}
