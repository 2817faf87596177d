package io.github.vedirect.logger;

import io.github.vedirect.settings.LoggerSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The logger's real Camel Main, with the shipped application.properties and the repository's YAML
 * routes, started in-process with a few settings overridden as {@code -D} would.
 */
public final class RunningLogger implements AutoCloseable {

    private final Main main = new Main();
    public final Path csv;

    public RunningLogger(Path csv, Map<String, String> settings) throws Exception {
        this.csv = csv;
        main.setPropertyPlaceholderLocations(LoggerSettings.PROPERTY_LOCATIONS);
        main.addOverrideProperty("csv.file", csv.toString());
        main.addOverrideProperty("routes.folder", Path.of("routes").toAbsolutePath().toString());
        main.addOverrideProperty("log.file", "");
        settings.forEach(main::addOverrideProperty);
        main.start();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    /** The CSV's lines, heading included; empty while the file does not exist. */
    public List<String> csvLines() throws Exception {
        return Files.exists(csv) ? Files.readAllLines(csv) : List.of();
    }

    @Override
    public void close() {
        main.stop();
    }
}
