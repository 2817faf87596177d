package io.github.vedirect.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar as a systemd unit runs it: a mistyped command fails (exit 2, the restart loop stops), it is not a success. */
class CommandLineIT {

    @Test
    void aMistypedCommandExitsTwoWithOneLine() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LoggerProcess.PI_FLAGS);
        command.add("-jar");
        command.add(LoggerProcess.jar().toString());
        command.add("stauts");
        Process process = new ProcessBuilder(command).directory(LoggerProcess.newWorkDir("command-line").toFile())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the jar did not exit");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("vedirect-logger: unknown command 'stauts'"), output);
    }
}
