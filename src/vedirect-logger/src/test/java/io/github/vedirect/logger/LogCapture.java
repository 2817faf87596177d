package io.github.vedirect.logger;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Everything logged while it is open, at INFO and above, as "LEVEL message" lines. */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture() {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
        start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.addAppender(this);
        LoggerConfig root = configuration.getRootLogger();
        root.addAppender(this, Level.INFO, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        String line = event.getLevel() + " " + event.getMessage().getFormattedMessage();
        if (event.getThrown() != null) {
            line += " | " + event.getThrown();
        }
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    long count(String fragment) {
        return lines.stream().filter(line -> line.contains(fragment)).count();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
