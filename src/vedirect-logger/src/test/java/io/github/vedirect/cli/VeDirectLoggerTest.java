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

    /** The lines under {@code   KEY=...} in help, up to the next setting or topic: that setting's own text. */
    private static String helpOf(String help, String key) {
        StringBuilder said = new StringBuilder();
        boolean in = false;
        for (String line : help.lines().toList()) {
            if (line.startsWith("  " + key + "=") || line.equals("  " + key)) {
                in = true;
            } else if (in && line.startsWith("      ")) {
                said.append(line.trim()).append(' ');
            } else if (in) {
                break;
            }
        }
        assertTrue(in, key + " is not in help: " + help);
        return said.toString().trim();
    }

    @Test
    void helpGivesEachSettingItsOwnDescription() {
        assertEquals(0, run("help"));
        String text = out.toString(StandardCharsets.UTF_8);
        // The comment about several devices once stood above vedirect.auto-folder and was printed as its meaning.
        assertEquals("Where vedirect.port=auto looks for cables, every 2 s.", helpOf(text, "vedirect.auto-folder"));
        assertTrue(helpOf(text, "vedirect.port.NAME").startsWith("Several devices"), text);
        assertTrue(helpOf(text, "domoticz.script").contains("Lua parser"), "domoticz.script says what it is: " + text);
        for (io.github.vedirect.settings.Setting setting : io.github.vedirect.settings.Setting.values()) {
            assertFalse(helpOf(text, setting.key()).isEmpty(), setting.key() + " has no description in help");
        }
        assertTrue(text.contains("  vedirect.auto-folder=/dev/serial/by-id\n"), text);
        assertTrue(text.contains("\nDomoticz\n"), "settings grouped by topic: " + text);
    }

    @Test
    void helpNamesEverySimulator() {
        assertEquals(0, run("help"));
        String port = helpOf(out.toString(StandardCharsets.UTF_8), "vedirect.port");
        for (String model : io.github.vedirect.simulator.Simulators.models()) {
            assertTrue(port.contains("simulator:" + model), model + " missing: " + port);
        }
    }

    @Test
    void versionAndDashDashVersionPrintTheVersionAndExitZero() {
        for (String version : new String[] {"version", "--version"}) {
            out.reset();
            err.reset();
            assertEquals(0, run(version));
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, text.lines().count(), text);
            assertTrue(text.startsWith("vedirect-logger "), text);
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        }
    }
}
