package io.github.vedirect.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The logging the launcher sets up, through SLF4J as Camel and the logger use it. */
class LogSetupTest {

    private static final String LINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ";

    @TempDir
    Path dir;

    private final PrintStream savedOut = System.out;
    private final String savedLevels = System.getProperty("java.util.logging.config.file");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        LogSetup.close();
        System.setOut(savedOut);
        if (savedLevels == null) {
            System.clearProperty("java.util.logging.config.file");
        } else {
            System.setProperty("java.util.logging.config.file", savedLevels);
        }
    }

    private void captureConsole() {
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void linesOnTheConsoleAndInTheFileKeepTheirFormat() throws Exception {
        Path file = dir.resolve("logs/vedirect.log");
        captureConsole();
        LogSetup.configure("INFO", file);
        assertFalse(Files.exists(file), "no file before the first line");
        Logger log = LoggerFactory.getLogger("io.github.vedirect.some.Thing");
        log.info("hello {} °C", 21);
        log.warn("careful");
        log.debug("not at INFO");
        log.error("failed", new IllegalStateException("boom"));
        LogSetup.close();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).matches(LINE + "INFO  Thing - hello 21 °C"), lines.get(0));
        assertTrue(lines.get(1).matches(LINE + "WARN  Thing - careful"), lines.get(1));
        assertTrue(lines.get(2).matches(LINE + "ERROR Thing - failed"), lines.get(2));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(3), "the stack trace follows its line");
        assertTrue(lines.get(4).startsWith("\tat "), lines.get(4));
        assertFalse(lines.stream().anyMatch(l -> l.contains("not at INFO")), lines.toString());
        // The same bytes on standard output, UTF-8 whatever the locale.
        assertEquals(String.join("\n", lines) + "\n", console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void loggersThatPrintSecretsStayAtInfoWhateverTheLevelsSay() throws Exception {
        Path levels = dir.resolve("levels.properties");
        // A user's attempt to see everything, on the capped loggers' children too.
        Files.writeString(levels, "org.apache.camel.component.properties.PropertiesComponent.level=FINEST\n"
                + "org.apache.hc.client5.http.wire.level=ALL\n" + "io.github.vedirect.level=FINEST\n");
        System.setProperty("java.util.logging.config.file", levels.toString());
        captureConsole();
        LogSetup.configure("TRACE", null);
        LoggerFactory.getLogger("org.apache.camel.component.properties.PropertiesComponent").debug("domoticz.password=secret1");
        LoggerFactory.getLogger("org.apache.camel.component.properties").trace("secret2");
        LoggerFactory.getLogger("org.apache.hc.client5.http.wire").debug("Authorization: Basic secret3");
        LoggerFactory.getLogger("org.apache.hc.client5.http.headers").debug("Authorization: Token secret4");
        LoggerFactory.getLogger("org.apache.camel.component.properties").info("an INFO line still shows");
        LoggerFactory.getLogger("io.github.vedirect.Other").trace("TRACE reaches the others");
        LoggerFactory.getLogger("org.apache.camel.component.propertiesX").debug("a mere prefix is not capped");
        String out = console.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("secret"), out);
        assertTrue(out.contains("INFO  properties - an INFO line still shows"), out);
        assertTrue(out.contains("TRACE Other - TRACE reaches the others"), out);
        assertTrue(out.contains("DEBUG propertiesX - a mere prefix is not capped"), out);
        // And whatever a logger's level, the handlers drop such a line: no way round through a level.
        assertFalse(LogSetup.allowed(record(Level.FINE, "org.apache.hc.client5.http.headers.Child")));
        assertTrue(LogSetup.allowed(record(Level.INFO, "org.apache.hc.client5.http.headers.Child")));
    }

    @Test
    void camelsStartUpChatterIsQuietUnlessALevelsFileSaysOtherwise() throws Exception {
        captureConsole();
        System.clearProperty("java.util.logging.config.file");
        LogSetup.configure("DEBUG", null);
        LoggerFactory.getLogger("org.apache.camel.impl.engine.AbstractCamelContext").info("started in 1s");
        assertFalse(console.toString(StandardCharsets.UTF_8).contains("started in"));
        LogSetup.close();

        Path levels = dir.resolve("levels.properties");
        Files.writeString(levels, "org.apache.camel.impl.engine.AbstractCamelContext.level=INFO\n");
        System.setProperty("java.util.logging.config.file", levels.toString());
        LogSetup.configure("INFO", null);
        LoggerFactory.getLogger("org.apache.camel.impl.engine.AbstractCamelContext").info("started in 2s");
        LoggerFactory.getLogger("org.apache.camel.impl.engine.Other").info("still quiet");
        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("INFO  AbstractCamelContext - started in 2s"), out);
        assertFalse(out.contains("still quiet"), out);
    }

    @Test
    void theFileIsRolledAtItsLimitKeepingFiveOlderOnes() throws Exception {
        Path file = dir.resolve("vedirect.log");
        LogSetup.RollingFileHandler handler = new LogSetup.RollingFileHandler(file, 1_000, 5);
        for (int i = 0; i < 200; i++) {
            handler.publish(record(Level.INFO, "x", String.format("line %03d", i)));
        }
        handler.close();
        for (int i = 1; i <= 5; i++) {
            Path older = dir.resolve("vedirect.log." + i);
            assertTrue(Files.exists(older), older.toString());
            assertTrue(Files.size(older) <= 1_000, older + ": " + Files.size(older));
        }
        assertFalse(Files.exists(dir.resolve("vedirect.log.6")));
        List<String> current = Files.readAllLines(file);
        assertTrue(current.get(current.size() - 1).endsWith("line 199"), current.toString());
        // .1 is the newest of the older files: its last line comes right before the current file's first.
        List<String> previous = Files.readAllLines(dir.resolve("vedirect.log.1"));
        int last = Integer.parseInt(previous.get(previous.size() - 1).replaceAll(".*line ", ""));
        int first = Integer.parseInt(current.get(0).replaceAll(".*line ", ""));
        assertEquals(last + 1, first);

        // A restart appends to the file it finds, and rolls it when full.
        LogSetup.RollingFileHandler again = new LogSetup.RollingFileHandler(file, 1_000, 5);
        again.publish(record(Level.INFO, "x", "after a restart"));
        again.close();
        List<String> now = Files.readAllLines(file);
        assertTrue(now.get(now.size() - 1).endsWith("after a restart"), now.toString());
    }

    private static LogRecord record(Level level, String logger) {
        return record(level, logger, "message");
    }

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        return record;
    }
}
