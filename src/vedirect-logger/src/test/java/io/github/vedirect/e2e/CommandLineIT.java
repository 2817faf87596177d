package io.github.vedirect.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar as a systemd unit runs it: a mistyped command or source fails (exit 2, the restart loop stops), it is not a success. */
class CommandLineIT {

    @Test
    void aMistypedCommandExitsTwoWithOneLine() throws Exception {
        String output = run(List.of(), "stauts");
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("vedirect-logger: unknown command 'stauts'"), output);
    }

    /** A source that can never work stops the start: exit 2 and the setting named, as for any other wrong setting. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vedirect.port|simulator:bmv999|unknown simulator 'bmv999'",
            "vedirect.port|tcp:localhost|tcp:HOST:PORT",
            "vedirect.port|/dev/ttyUSB0?foo=1|has no option foo",
            "vedirect.port|/dev/ttyUSB0?staleTimeout=abc|staleTimeout must be a time above 0",
            "vedirect.port|/dev/ttyUSB0?staleTimeout=-5|staleTimeout must be a time above 0",
            "vedirect.port.solar|tcp:localhost:notaport|tcp:HOST:PORT"})
    void aSourceThatCanNeverWorkExitsTwoNamingTheSetting(String key, String source, String reason) throws Exception {
        String output = run(List.of("-D" + key + "=" + source, "-Dlog.file="), null);
        String last = output.lines().reduce((first, second) -> second).orElse("");
        assertEquals("vedirect-logger: " + key + "=" + source + ": ", last.substring(0, Math.min(last.length(),
                ("vedirect-logger: " + key + "=" + source + ": ").length())), output);
        assertTrue(last.contains(reason), output);
        assertTrue(output.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace: " + output);
    }

    /**
     * A domoticz.trust the logger cannot use stops the start the same way, before anything is sent: the one line
     * names the key and the file. The text file has no certificate; the DER file is the certificate in binary,
     * which a user gets from a browser's export.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "missing.pem|no such file",
            "notes.txt|is not a PEM file",
            "server.der|is not a PEM file"})
    void aDomoticzTrustThatCannotBeUsedExitsTwoNamingTheSetting(String file, String reason) throws Exception {
        Path dir = LoggerProcess.newWorkDir("bad-trust");
        Files.writeString(dir.resolve("notes.txt"), "the certificate is on the Pi, in /opt/domoticz\n");
        Files.write(dir.resolve("server.der"), new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, 0x02, 0x01, 0x00});
        Path trust = dir.resolve(file);
        String output = run(List.of("-Ddomoticz.url=https://127.0.0.1:8443", "-Ddomoticz.trust=" + trust, "-Dlog.file="), null);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("vedirect-logger: domoticz.trust=" + trust + ": " + reason), output);
    }

    /** A store folder the logger cannot write stops the start, naming store.folder: exit 2 and one line. */
    @Test
    void aStoreFolderThatCannotBeWrittenExitsTwoNamingTheSetting() throws Exception {
        Path dir = LoggerProcess.newWorkDir("bad-store");
        // Inside a file: no user, root included, can make that folder.
        Path folder = Files.writeString(dir.resolve("a-file"), "not a folder\n").resolve("store");
        String output = run(List.of("-Dstore.folder=" + folder, "-Dlog.file="), null);
        String last = output.lines().reduce((first, second) -> second).orElse("");
        assertTrue(last.startsWith("vedirect-logger: store.folder=" + folder + ": cannot be written"), output);
        assertTrue(output.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace: " + output);
    }

    /** The version a bug report needs, from the jar as installed: the one its manifest holds, and exit 0. */
    @ParameterizedTest
    @CsvSource({"version", "--version"})
    void versionPrintsTheJarsVersion(String commandWord) throws Exception {
        String version;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(LoggerProcess.jar().toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        assertTrue(version != null && version.matches("\\d+\\.\\d+\\.\\d+.*"), "the jar's manifest has a version: " + version);
        assertEquals("vedirect-logger " + version + "\n", run(List.of(), commandWord, 0));
    }

    /** help from the jar: exit 0, the settings of the catalogue, every simulator. */
    @Test
    void helpListsTheSettingsAndExitsZero() throws Exception {
        String output = run(List.of(), "help", 0);
        assertTrue(output.contains("  vedirect.interval=30\n"), output);
        assertTrue(output.contains("simulator:bmv712"), output);
        assertTrue(output.contains("  domoticz.script=vedirect.lua\n      Parser mode"), output);
    }

    /** Runs the jar with these JVM options and command (null: none); the output, after checking exit code 2. */
    private static String run(List<String> options, String commandWord) throws Exception {
        return run(options, commandWord, 2);
    }

    /** Runs the jar with these JVM options and command (null: none); the output, after checking the exit code. */
    private static String run(List<String> options, String commandWord, int exitCode) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LoggerProcess.PI_FLAGS);
        command.addAll(options);
        command.add("-jar");
        command.add(LoggerProcess.jar().toString());
        if (commandWord != null) {
            command.add(commandWord);
        }
        Process process = new ProcessBuilder(command).directory(LoggerProcess.newWorkDir("command-line").toFile())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the jar did not exit");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(exitCode, process.exitValue(), output);
        return output;
    }
}
