package io.github.vedirect.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VeDirectLoggerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VeDirectLogger.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandSaysSoListsTheCommandsAndExitsTwo() {
        assertEquals(2, run("stauts"));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.contains("unknown command 'stauts'"), said);
        for (String command : VeDirectLogger.COMMANDS.keySet()) {
            assertTrue(said.contains(command), "lists " + command + ": " + said);
        }
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCamelMainOptionIsNoLongerTakenForAnInstruction() {
        // Camel Main used to print "Unknown option" and exit 0 for these.
        assertEquals(2, run("-duration", "5"));
        assertEquals(2, run("--properties=x"));
    }

    @Test
    void helpPrintsTheLoggersCommandsAndSettingsNotCamels() {
        for (String help : new String[] {"help", "--help", "-h"}) {
            out.reset();
            assertEquals(0, run(help));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("decode"), text);
            assertTrue(text.contains("vedirect.port="), text);
            assertTrue(text.contains("vedirect.interval=30"), "a setting with its default: " + text);
            assertTrue(text.contains("csv.file=vedirect_data.csv"), text);
            assertTrue(text.contains("Seconds between uploads and CSV lines"), "a setting with its comment: " + text);
            assertFalse(text.contains("camel."), "no Camel options: " + text);
        }
    }
}
