package io.github.vedirect.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Everything logged while it is open, at INFO and above, as "LEVEL message" lines (SLF4J's level names). */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    // The root logger is held by the LogManager itself: the handler stays attached however long the test runs.
    private final Logger root = Logger.getLogger("");

    public LogCapture() {
        setLevel(Level.INFO);
        setFormatter(new SimpleFormatter());
        root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line = LogSetup.levelName(record.getLevel()).trim() + " " + getFormatter().formatMessage(record);
        if (record.getThrown() != null) {
            line += " | " + record.getThrown();
        }
        lines.add(line);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public long count(String fragment) {
        return lines.stream().filter(line -> line.contains(fragment)).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
