package io.github.vedirect.logging;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The logger's logging: java.util.logging (SLF4J reaches it through slf4j-jdk14), set up here from {@code log.level}
 * and {@code log.file}. Its classes are in the JDK's own class-data archive, so this costs a Pi almost nothing at
 * start-up, where Log4j 2 and its XML configuration loaded about 1,160 classes.
 *
 * <p>Lines look as they always did: {@code 2026-12-01 09:31:47.454 INFO  VeDirectConsumer - message}, on standard
 * output and in the log file, which is created on the first line, rolled at 5 MB into FILE.1 (the newest) to FILE.5.
 *
 * <p>A few loggers print secrets below INFO (Camel's properties component logs every resolved value, the HTTP
 * client's header and wire logs print the Authorization header): they never log below INFO, whatever
 * {@code log.level} or a logging properties file says; the handlers drop such lines too, so no finer level set on a
 * child logger can bring them back.
 */
public final class LogSetup {

    /** Never below INFO: their DEBUG and TRACE lines hold passwords and tokens. */
    static final List<String> SECRET_CAPPED = List.of("org.apache.camel.component.properties",
            "org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire");

    /** Camel's own start-up chatter: warnings only, unless a logging properties file says otherwise. */
    static final List<String> QUIET = List.of("org.apache.camel.impl.engine", "org.apache.camel.main",
            "org.apache.camel.processor.aggregate");

    /**
     * Libraries that log through java.util.logging themselves (the JDK, the Paho MQTT client): INFO as they always
     * were, since log.level only ever reached SLF4J's loggers; their finer lines are theirs to debug (the JDK's HTTP
     * client prints request headers at FINE). A logging properties file may still set them.
     */
    static final List<String> JUL_NATIVE = List.of("java", "javax", "sun", "jdk", "com.sun", "org.eclipse.paho");

    static final long ROLL_BYTES = 5L * 1024 * 1024;
    static final int KEPT = 5;

    private static final Map<String, Level> LEVELS = Map.of("OFF", Level.OFF, "ERROR", Level.SEVERE, "WARN", Level.WARNING,
            "INFO", Level.INFO, "DEBUG", Level.FINE, "TRACE", Level.FINEST);

    private LogSetup() {
    }

    /**
     * Logging at {@code level} (ERROR, WARN, INFO, DEBUG, TRACE or OFF) to the console and, unless {@code file} is
     * null, to that file. The levels of a {@code -Djava.util.logging.config.file} (its {@code NAME.level} lines only)
     * apply on top, for a finer choice than one level for everything; the secret caps win over them.
     */
    public static void configure(String level, Path file) {
        Level root = LEVELS.get(level);
        if (root == null) {
            throw new IllegalArgumentException("unknown level " + level);
        }
        Properties levels = new Properties();
        String extra = System.getProperty("java.util.logging.config.file");
        if (extra != null && !extra.isBlank()) {
            try (InputStream in = Files.newInputStream(Path.of(extra))) {
                Properties given = new Properties();
                given.load(in);
                given.stringPropertyNames().stream().filter(key -> key.endsWith(".level") && !key.equals(".level"))
                        .forEach(key -> levels.setProperty(key, given.getProperty(key)));
            } catch (IOException | RuntimeException e) {
                System.err.println("vedirect-logger: java.util.logging.config.file=" + extra + " cannot be read (" + e + "); ignored");
            }
        }
        levels.setProperty(".level", root.getName());
        for (String name : QUIET) {
            levels.putIfAbsent(name + ".level", stricter(Level.WARNING, root).getName());
        }
        for (String name : JUL_NATIVE) {
            levels.putIfAbsent(name + ".level", stricter(Level.INFO, root).getName());
        }
        for (String name : SECRET_CAPPED) {
            levels.setProperty(name + ".level", stricter(Level.INFO, root).getName());
        }
        // Levels go through the LogManager's configuration, not Logger.setLevel: JUL holds loggers weakly, and a
        // level set on a logger nobody references yet would be lost with it.
        // Written out by hand: Properties.store stamps a date, and its locale data (CLDR) is loaded for nothing else.
        StringBuilder text = new StringBuilder();
        levels.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Logger rootLogger = Logger.getLogger("");
        Filter noSecrets = LogSetup::allowed;
        Handler console = new ConsoleHandler();
        console.setFilter(noSecrets);
        rootLogger.addHandler(console);
        if (file != null) {
            Handler rolling = new RollingFileHandler(file, ROLL_BYTES, KEPT);
            rolling.setFilter(noSecrets);
            rootLogger.addHandler(rolling);
        }
    }

    /** Console only, at {@code level}: the command-line tools. */
    public static void console(String level) {
        configure(level, null);
    }

    /** Writes and closes what is open: the last thing the launcher does, after Camel has said its last line. */
    public static void close() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.close();
        }
    }

    static boolean allowed(LogRecord record) {
        String name = record.getLoggerName();
        if (name == null || record.getLevel().intValue() >= Level.INFO.intValue()) {
            return true;
        }
        for (String capped : SECRET_CAPPED) {
            if (name.equals(capped) || name.startsWith(capped + ".")) {
                return false;
            }
        }
        return true;
    }

    private static Level stricter(Level a, Level b) {
        return a.intValue() >= b.intValue() ? a : b;
    }

    /** SLF4J's level names, padded to 5 like the old pattern's {@code %-5level}. */
    static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (value >= Level.WARNING.intValue()) {
            return "WARN ";
        } else if (value >= Level.INFO.intValue()) {
            return "INFO ";
        } else if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS LEVEL ShortLoggerName - message}, then the stack trace if there is one. */
    static final class LineFormat extends Formatter {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault());

        @Override
        public String format(LogRecord record) {
            String name = record.getLoggerName() == null ? "" : record.getLoggerName();
            StringBuilder line = new StringBuilder(128).append(TIME.format(record.getInstant())).append(' ')
                    .append(levelName(record.getLevel())).append(' ').append(name.substring(name.lastIndexOf('.') + 1))
                    .append(" - ").append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                try (PrintWriter out = new PrintWriter(trace)) {
                    record.getThrown().printStackTrace(out);
                }
                line.append(trace);
            }
            return line.toString();
        }
    }

    /**
     * A handler that writes each record as one {@link LineFormat} line in UTF-8, whatever the locale (a systemd
     * service often has none), whole: lines from several threads never interleave.
     */
    abstract static class LineHandler extends Handler {

        LineHandler() {
            setFormatter(new LineFormat());
        }

        @Override
        public final void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            byte[] line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                write(line);
            }
        }

        /** One line, under this handler's lock. */
        abstract void write(byte[] line);
    }

    /** Standard output, one flush per line. */
    static final class ConsoleHandler extends LineHandler {

        @Override
        void write(byte[] line) {
            System.out.write(line, 0, line.length);
            System.out.flush();
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * The log file, opened on its first line (no empty file for a run that logs nothing), appended to across
     * restarts, and rolled when the next line would take it past {@code limit}: FILE becomes FILE.1, FILE.1 FILE.2,
     * and so on, the oldest beyond {@code kept} deleted. A file that cannot be written is said once on standard
     * error; the console goes on.
     *
     * <p>Not the JDK's {@link java.util.logging.FileHandler}, although it rotates by size too: tried with
     * {@code new FileHandler("logs/vedirect.log", limit, 5, true)} on JDK 17, it writes {@code vedirect.log.0} (the
     * current file is always numbered once there is more than one), {@code .1} to {@code .4} (four kept, not five)
     * and a {@code vedirect.log.0.lck} lock file beside them; it fails with NoSuchFileException when the folder does
     * not exist, creates the file before the first line, and reads {@code %t}, {@code %h} in a path as its own
     * patterns. The names users know ({@code tail -f vedirect.log}, the README) would change.
     */
    static final class RollingFileHandler extends LineHandler {

        private final Path file;
        private final long limit;
        private final int kept;
        private OutputStream out;
        private long size;
        private boolean failed;

        RollingFileHandler(Path file, long limit, int kept) {
            this.file = file;
            this.limit = limit;
            this.kept = kept;
        }

        @Override
        void write(byte[] line) {
            if (failed) {
                return;
            }
            try {
                if (out == null) {
                    open();
                }
                if (size > 0 && size + line.length > limit) {
                    roll();
                }
                out.write(line);
                size += line.length;
            } catch (IOException | RuntimeException e) {
                failed = true;
                closeQuietly();
                System.err.println("vedirect-logger: cannot write the log file " + file + " (" + e + "); logging to the console only");
            }
        }

        private void open() throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = new FileOutputStream(file.toFile(), true);
            size = Files.size(file);
        }

        private void roll() throws IOException {
            closeQuietly();
            Files.deleteIfExists(numbered(kept));
            for (int i = kept - 1; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
            open();
        }

        private Path numbered(int i) {
            return file.resolveSibling(file.getFileName() + "." + i);
        }

        private void closeQuietly() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // Closing after a failed write: the failure was said already.
                }
                out = null;
            }
        }

        @Override
        public synchronized void flush() {
            // Every line is written straight to the file (no buffer): nothing waits here.
        }

        @Override
        public synchronized void close() {
            closeQuietly();
        }
    }

    /**
     * The LogManager the launcher installs ({@code java.util.logging.manager}): the JDK's own resets every logger as
     * soon as the JVM begins to shut down, which would lose Camel's shutdown and the "Stopped after" line that come
     * after it. This one ignores that reset; the launcher closes the handlers itself once Camel has stopped.
     */
    public static final class KeepUntilClosed extends LogManager {

        @Override
        public void reset() {
            if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
                return;
            }
            super.reset();
        }
    }
}
