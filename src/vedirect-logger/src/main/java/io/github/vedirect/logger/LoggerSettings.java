package io.github.vedirect.logger;

import io.github.vedirect.domoticz.DomoticzDevice;
import io.github.vedirect.domoticz.DomoticzSettings;
import io.github.vedirect.protocol.FieldCatalogue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The logger's configuration, read and checked in one place: the launcher checks it before Camel starts
 * (so that a bad value is one line and exit code 2), and the beans are built from the same object.
 * Values come from {@code application.properties} in the working directory over the built-in defaults,
 * and {@code -Dkey=value} over both.
 */
public final class LoggerSettings {

    /**
     * Where Camel Main reads properties. Camel takes a key from the first location that has it, so the
     * working directory's file comes before the built-in defaults; {@code -D} beats both.
     */
    public static final String PROPERTY_LOCATIONS = "file:application.properties;optional=true,classpath:application.properties";

    /** The simulated device the logger reads when no port is configured. */
    public static final String DEFAULT_SOURCE = "simulator:bmv702";

    private static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9_.-]+\\.lua");

    private final String source;
    private final Duration interval;
    private final DomoticzSettings domoticz;
    private final Duration domoticzTimeout;
    private final String csvFile;
    private final String csvTimeHeading;
    private final List<CsvColumn> csvColumns;
    private final Duration statusInterval;
    private final String routesFolder;
    private final String statusHost;
    private final int statusPort;

    private LoggerSettings(Function<String, String> properties) {
        String port = text(properties, "vedirect.port");
        source = port.isEmpty() ? DEFAULT_SOURCE : port;
        interval = seconds(properties, "vedirect.interval");
        domoticz = domoticz(properties);
        domoticzTimeout = Duration.ofSeconds(wholeNumber(properties, "domoticz.timeout", 1, 120));
        csvFile = text(properties, "csv.file");
        csvTimeHeading = text(properties, "csv.time-column");
        csvColumns = columns(text(properties, "csv.columns"));
        statusInterval = Duration.ofMinutes(wholeNumber(properties, "status.interval", 1, 1440));
        routesFolder = text(properties, "routes.folder").isEmpty() ? "routes" : text(properties, "routes.folder");
        statusHost = text(properties, "status.host").isEmpty() ? "127.0.0.1" : text(properties, "status.host");
        statusPort = text(properties, "status.port").isEmpty() ? -1 : (int) wholeNumber(properties, "status.port", 0, 65535);
    }

    private static DomoticzSettings domoticz(Function<String, String> properties) {
        URI url = url(properties, "domoticz.url");
        String script = text(properties, "domoticz.script");
        if (!SCRIPT_NAME.matcher(script).matches() || script.contains("..")) {
            throw new SettingsException("domoticz.script", script,
                    "must be the plain file name of a Lua parser in Domoticz's scripts/lua_parsers, like vedirect.lua (no path)");
        }
        String username = text(properties, "domoticz.username");
        String password = text(properties, "domoticz.password");
        if (username.isEmpty() != password.isEmpty()) {
            throw new SettingsException(username.isEmpty() ? "domoticz.username" : "domoticz.password", "",
                    "set both domoticz.username and domoticz.password, or neither");
        }
        DomoticzSettings.Mode mode = mode(properties);
        String devicesValue = text(properties, "domoticz.devices");
        List<DomoticzDevice> devices;
        try {
            devices = DomoticzDevice.parseAll(devicesValue);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("domoticz.devices", devicesValue, e.getMessage());
        }
        if (mode == DomoticzSettings.Mode.DIRECT && url != null && devices.isEmpty()) {
            throw new SettingsException("domoticz.devices", "", "direct mode needs at least one LABEL:IDX:TYPE device");
        }
        return new DomoticzSettings(url, script, mode, username, password, devices);
    }

    /** Reads and checks the settings; throws {@link SettingsException} naming the first bad key. */
    public static LoggerSettings from(Function<String, String> properties) {
        return new LoggerSettings(properties);
    }

    private static String text(Function<String, String> properties, String key) {
        String value = properties.apply(key);
        return value == null ? "" : value.trim();
    }

    private static long wholeNumber(Function<String, String> properties, String key, long min, long max) {
        String value = text(properties, key);
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw new SettingsException(key, value, "must be a whole number from " + min + " to " + max);
    }

    /**
     * A number of seconds, decimals allowed down to a millisecond: a test or a soak replaying days in
     * minutes scales the interval down with it.
     */
    private static Duration seconds(Function<String, String> properties, String key) {
        String value = text(properties, key);
        try {
            BigDecimal millis = new BigDecimal(value).movePointRight(3);
            if (millis.signum() > 0 && millis.stripTrailingZeros().scale() <= 0 && millis.compareTo(BigDecimal.valueOf(86_400_000)) <= 0) {
                return Duration.ofMillis(millis.longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // Reported below with the allowed range.
        }
        throw new SettingsException(key, value, "must be a number of seconds from 0.001 to 86400");
    }

    private static URI url(Function<String, String> properties, String key) {
        String value = text(properties, key);
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw new SettingsException(key, value, "must be the address of Domoticz, like http://rpi3:8080 "
                + "(no query; credentials go in domoticz.username and domoticz.password)");
    }

    private static DomoticzSettings.Mode mode(Function<String, String> properties) {
        String value = text(properties, "domoticz.mode");
        try {
            return DomoticzSettings.Mode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("domoticz.mode", value, "must be parser (the Lua parser) or direct (device by device)");
        }
    }

    private static List<CsvColumn> columns(String value) {
        List<CsvColumn> columns = new ArrayList<>();
        for (String column : value.split(",")) {
            String[] parts = column.trim().split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new SettingsException("csv.columns", value,
                        "each column is HEADING:LABEL or HEADING:LABEL:MULTIPLIER, like Volts:V:0.001 ('" + column.trim() + "' is not)");
            }
            String label = parts[1].trim();
            if (!FieldCatalogue.labels().contains(label)) {
                throw new SettingsException("csv.columns", value, "column " + parts[0].trim() + " names " + label
                        + ", which is not a VE.Direct label (labels are case-sensitive: V, I, CE, SOC, Alarm, ...)");
            }
            BigDecimal multiplier;
            try {
                multiplier = parts.length == 3 ? new BigDecimal(parts[2].trim()) : BigDecimal.ONE;
            } catch (NumberFormatException e) {
                throw new SettingsException("csv.columns", value, "the multiplier of column " + parts[0].trim() + " is not a number");
            }
            columns.add(new CsvColumn(parts[0].trim(), label, multiplier));
        }
        return Collections.unmodifiableList(columns);
    }

    /** The derived properties the routes use, so that YAML needs no conditions of its own. */
    public Map<String, String> routeProperties() {
        Map<String, String> derived = new LinkedHashMap<>();
        derived.put("vedirect.source", source);
        derived.put("domoticz.enabled", Boolean.toString(domoticz.url() != null));
        derived.put("csv.enabled", Boolean.toString(!csvFile.isEmpty()));
        derived.put("status.period", Long.toString(statusInterval.toMillis()));
        derived.put("domoticz.timeout.millis", Long.toString(domoticzTimeout.toMillis()));
        return derived;
    }

    public String source() {
        return source;
    }

    public Duration interval() {
        return interval;
    }

    /** The Domoticz settings; {@code url()} is null when no Domoticz is configured. */
    public DomoticzSettings domoticz() {
        return domoticz;
    }

    public Duration domoticzTimeout() {
        return domoticzTimeout;
    }

    /** Empty when no CSV is written. */
    public String csvFile() {
        return csvFile;
    }

    public String csvTimeHeading() {
        return csvTimeHeading;
    }

    public List<CsvColumn> csvColumns() {
        return csvColumns;
    }

    public String statusHost() {
        return statusHost;
    }

    /** -1 when the status endpoint is off; 0 picks a free port. */
    public int statusPort() {
        return statusPort;
    }

    public String routesFolder() {
        return routesFolder;
    }

    public Duration statusInterval() {
        return statusInterval;
    }
}
