package io.github.vedirect.logger;

import io.github.vedirect.alarms.AlarmSettings;
import io.github.vedirect.alarms.NotifySettings;
import io.github.vedirect.logging.LogSetup;
import io.github.vedirect.routes.RouteFiles;
import io.github.vedirect.settings.LoggerSettings;
import io.github.vedirect.settings.Setting;
import io.github.vedirect.settings.SettingsException;
import io.github.vedirect.settings.UnknownSettings;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Runs the logger: checks the settings (a bad value is one line on standard error and exit code 2,
 * before anything starts), points logging at the configured level and file, then runs Camel Main
 * until Ctrl-C or {@code systemctl stop}.
 */
public final class LoggerLauncher {

    /** The file of the package's defaults, beside the installed jar. */
    static final String INSTALLED_DEFAULTS = "installed-defaults.properties";

    private static final Set<String> LEVELS = Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    private LoggerLauncher() {
    }

    public static int run() {
        Properties properties;
        LoggerSettings settings;
        List<String> unknown;
        try {
            properties = effectiveProperties();
            settings = LoggerSettings.from(properties::getProperty, properties.stringPropertyNames());
            AlarmSettings.read(properties::getProperty, properties.stringPropertyNames());
            NotifySettings.read(properties::getProperty);
            unknown = unknownSettings();
            configureLogging(properties);
        } catch (SettingsException e) {
            System.err.println("vedirect-logger: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("vedirect-logger: cannot read application.properties: " + e.getMessage());
            return 2;
        }
        unknown.forEach(warning -> org.slf4j.LoggerFactory.getLogger(LoggerLauncher.class).warn(warning));
        Main main = new Main();
        // Camel takes a key from the first location that has it: the user's file, then the package's defaults.
        main.setPropertyPlaceholderLocations(LoggerSettings.PROPERTY_LOCATIONS
                + installedDefaults().map(file -> ",file:" + file + ";optional=true").orElse(""));
        main.addMainListener(StartStopLines.listener());
        try {
            // No arguments for Camel Main: the logger's settings are its interface, Camel's options are not.
            return main.run(new String[0]);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SettingsException) {
                    // A setting found wrong once Camel could check it (a device's source): as before the start.
                    System.err.println("vedirect-logger: " + cause.getMessage());
                    return 2;
                }
            }
            System.err.println("vedirect-logger: " + RouteFiles.firstLine(e));
            return 1;
        } finally {
            LogSetup.close();
        }
    }

    /** One warning per key of the user's that the logger does not know, with the nearest one it does. */
    private static List<String> unknownSettings() throws IOException {
        java.util.Set<String> given = new java.util.TreeSet<>();
        Path local = Path.of("application.properties");
        if (Files.isRegularFile(local)) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            given.addAll(file.stringPropertyNames());
        }
        System.getProperties().stringPropertyNames().stream().filter(UnknownSettings::looksLikeOurs).forEach(given::add);
        return UnknownSettings.warnings(given);
    }

    /**
     * The catalogue's defaults, then the installed package's defaults, then ./application.properties, then -D
     * system properties: what the settings will be once Camel has read the same files (LoggerSettings takes the
     * catalogue's default for a key it does not find in Camel's properties).
     */
    public static Properties effectiveProperties() throws IOException {
        Properties properties = Setting.defaults();
        Optional<Path> installed = installedDefaults();
        if (installed.isPresent()) {
            try (Reader reader = Files.newBufferedReader(installed.get(), StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        Path local = Path.of("application.properties");
        if (Files.isRegularFile(local)) {
            try (Reader reader = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            properties.setProperty(key, System.getProperty(key));
        }
        return properties;
    }

    /**
     * The Debian package's defaults: {@value #INSTALLED_DEFAULTS} beside the jar (in /usr/share/vedirect-logger,
     * owned by the package: vedirect.port=auto, the CSV in /var/lib/vedirect-logger, the log in
     * /var/log/vedirect-logger, the user's routes in /etc/vedirect-logger/routes.d), below the user's own
     * application.properties. A jar anywhere else (target/, a copy) has none, so the quick start keeps the
     * built-in defaults: the simulator and files in the working directory.
     */
    static Optional<Path> installedDefaults() {
        try {
            Path jar = Path.of(LoggerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path file = jar.resolveSibling(INSTALLED_DEFAULTS);
            return Files.isRegularFile(jar) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void configureLogging(Properties properties) {
        String level = Setting.LOG_LEVEL.in(properties::getProperty).toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new SettingsException(Setting.LOG_LEVEL.key(), properties.getProperty(Setting.LOG_LEVEL.key()),
                    "must be one of ERROR, WARN, INFO, DEBUG, TRACE");
        }
        String file = Setting.LOG_FILE.in(properties::getProperty);
        LogSetup.configure(level, file.isEmpty() ? null : Path.of(file));
    }
}
