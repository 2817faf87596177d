package io.github.vedirect.dist;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd unit the Pi installer puts in place: systemd itself finds it valid, it runs with the least
 * it needs, and the installer points the CSV and the log into the only folders it may write.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("dist", "vedirect-logger.service");
    private static final Path INSTALLER = Path.of("dist", "install-on-pi.sh");

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
    void theInstallerPutsTheCsvAndTheLogWhereTheUnitLetsTheLoggerWrite() throws IOException {
        String installer = Files.readString(INSTALLER);
        List<String> writable = List.of(directives().get("ReadWritePaths").get(0).split(" "));
        Matcher data = Pattern.compile("(?m)^data=(\\S+)$").matcher(installer);
        Matcher logs = Pattern.compile("(?m)^logs=(\\S+)$").matcher(installer);
        assertTrue(data.find() && logs.find(), "the installer names its data and log folders");
        assertTrue(writable.contains(data.group(1)) && writable.contains(logs.group(1)), writable + " vs " + data.group(1) + ", " + logs.group(1));
        assertTrue(installer.contains("csv.file=$data/") && installer.contains("log.file=$logs/"), "csv.file and log.file set by the installer");
        assertTrue(installer.contains("store.folder=$data/"), "store.folder set by the installer");
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
