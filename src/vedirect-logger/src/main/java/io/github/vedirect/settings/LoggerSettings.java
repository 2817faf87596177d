package io.github.vedirect.settings;

import io.github.vedirect.domoticz.DomoticzSettings;
import io.github.vedirect.domoticz.DomoticzTrust;
import io.github.vedirect.protocol.FieldCatalogue;

import java.math.BigDecimal;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.github.vedirect.settings.Setting.*;

/**
 * The logger's configuration, read and checked in one place: the launcher checks it before Camel starts
 * (so that a bad value is one line and exit code 2), and the beans are built from the same object.
 * Values come from {@code application.properties} in the working directory over the built-in defaults
 * (each key's in {@link Setting}, the catalogue), and {@code -Dkey=value} over both.
 */
public final class LoggerSettings {

    /**
     * Where Camel Main reads properties. Camel takes a key from the first location that has it, so the
     * working directory's file comes before the jar's (which holds Camel's keys only; a setting of the logger's
     * that neither has takes its default from {@link Setting}); {@code -D} beats both.
     */
    public static final String PROPERTY_LOCATIONS = "file:application.properties;optional=true,classpath:application.properties";

    /** The simulated device the logger reads when no port is configured. */
    public static final String DEFAULT_SOURCE = "simulator:bmv702";


    /** A device's name goes into file names, route ids, JSON and Lua table keys: nothing that needs quoting. */
    static final Pattern DEVICE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** The name of the device given by the plain {@code vedirect.port} (or the built-in simulator). */
    public static final String DEFAULT_NAME = "default";

    /** {@code vedirect.port=auto}: every Victron USB cable in {@code vedirect.auto-folder}. */
    public static final String AUTO = "auto";

    private static final String PORT_PREFIX = VEDIRECT_PORT_NAMED.prefix();
    private static final String NAME_PREFIX = VEDIRECT_NAME.prefix();
    private static final String CSV_COLUMNS_PREFIX = CSV_COLUMNS_NAMED.prefix();

    private final String source;
    private final List<DeviceSettings> devices;
    private final boolean auto;
    private final String autoFolder;
    private final String autoOptions;
    private final Map<String, String> friendlyNames;
    private final Map<String, List<CsvColumn>> csvColumnsByDevice;
    private final Duration interval;
    private final DomoticzSettings domoticz;
    private final Duration domoticzTimeout;
    private final DomoticzTrust domoticzTrust;
    private final String csvFile;
    private final String csvTimeHeading;
    private final String historyFile;
    private final String storeFolder;
    private final int storeDays;
    private final long storeMaxMb;
    private final Duration storeCommitDelay;
    private final List<CsvColumn> csvColumns;
    private final Duration statusInterval;
    private final String routesFolder;
    private final String statusHost;
    private final int statusPort;
    private final io.github.vedirect.mqtt.MqttSettings mqtt;
    private final io.github.vedirect.destinations.InfluxSettings influx;

    private LoggerSettings(Function<String, String> properties, Collection<String> keys) {
        // Sorted: devices, errors and files come in the same order on every start.
        TreeSet<String> sortedKeys = new TreeSet<>(keys);
        String port = VEDIRECT_PORT.in(properties);
        String portBase = port.contains("?") ? port.substring(0, port.indexOf('?')) : port;
        auto = portBase.equalsIgnoreCase(AUTO);
        autoOptions = auto && port.contains("?") ? port.substring(port.indexOf('?') + 1) : "";
        autoFolder = VEDIRECT_AUTO_FOLDER.orDefaultIn(properties);
        friendlyNames = friendlyNames(properties, sortedKeys);
        devices = devices(properties, sortedKeys, port);
        source = devices.isEmpty() ? "" : devices.get(0).source();
        interval = seconds(properties, VEDIRECT_INTERVAL);
        List<String> names = new ArrayList<>(devices.stream().map(DeviceSettings::name).toList());
        names.addAll(friendlyNames.values());
        domoticz = DomoticzSettingsReader.domoticz(properties, sortedKeys, names);
        domoticzTimeout = Duration.ofSeconds(wholeNumber(properties, DOMOTICZ_TIMEOUT, 1, 120));
        domoticzTrust = DomoticzSettingsReader.trust(properties, domoticz.url());
        csvFile = CSV_FILE.in(properties);
        csvTimeHeading = CSV_TIME_COLUMN.in(properties);
        historyFile = HISTORY_FILE.in(properties);
        storeFolder = STORE_FOLDER.in(properties);
        storeDays = (int) wholeNumber(properties, STORE_DAYS, 1, 3650);
        storeMaxMb = wholeNumber(properties, STORE_MAX_MB, 1, 1_000_000);
        storeCommitDelay = Duration.ofSeconds(wholeNumber(properties, STORE_COMMIT_SECONDS, 1, 3600));
        String plainColumns = CSV_COLUMNS.in(properties);
        // Empty: each device gets the columns of its family (CsvLines.familyColumns), learnt from its first record.
        csvColumns = plainColumns.isEmpty() ? List.of() : columns(CSV_COLUMNS.key(), plainColumns);
        Map<String, List<CsvColumn>> byDevice = new LinkedHashMap<>();
        for (String key : sortedKeys) {
            if (key.startsWith(CSV_COLUMNS_PREFIX)) {
                String name = key.substring(CSV_COLUMNS_PREFIX.length());
                requireKnownDevice(key, text(properties, key), name, names);
                byDevice.put(name, columns(key, text(properties, key)));
            }
        }
        csvColumnsByDevice = Collections.unmodifiableMap(byDevice);
        statusInterval = Duration.ofMinutes(wholeNumber(properties, STATUS_INTERVAL, 1, 1440));
        routesFolder = ROUTES_FOLDER.orDefaultIn(properties);
        statusHost = STATUS_HOST.orDefaultIn(properties);
        statusPort = STATUS_PORT.in(properties).isEmpty() ? -1 : (int) wholeNumber(properties, STATUS_PORT, 0, 65535);
        mqtt = DestinationSettings.mqtt(properties);
        influx = DestinationSettings.influx(properties);
    }

    /**
     * The devices named in the settings: the plain {@code vedirect.port} is the device {@code default}, each
     * {@code vedirect.port.NAME} a device called NAME; none at all is the built-in simulator. With
     * {@code vedirect.port=auto} the plain key names no device: cables are found while the logger runs.
     */
    private List<DeviceSettings> devices(Function<String, String> properties, Collection<String> keys, String port) {
        List<DeviceSettings> found = new ArrayList<>();
        Map<String, String> portKeys = new LinkedHashMap<>();
        for (String key : keys) {
            if (!key.startsWith(PORT_PREFIX)) {
                continue;
            }
            String name = key.substring(PORT_PREFIX.length());
            String value = text(properties, key);
            requireName(key, value, name);
            if (value.isEmpty()) {
                throw new SettingsException(key, value, "must name the device's port, like /dev/serial/by-id/usb-VictronEnergy_BV_VE_Direct_cable_VE1SSGQF-if00-port0");
            }
            if (name.equals(DEFAULT_NAME) || name.equalsIgnoreCase(AUTO)) {
                throw new SettingsException(key, value, "the name " + name + " is reserved: pick another");
            }
            found.add(new DeviceSettings(name, value));
        }
        if (!port.isEmpty() && !auto) {
            found.add(0, new DeviceSettings(DEFAULT_NAME, port));
        } else if (port.isEmpty() && found.isEmpty() && !auto) {
            found.add(new DeviceSettings(DEFAULT_NAME, DEFAULT_SOURCE));
        }
        for (DeviceSettings device : found) {
            String key = device.key();
            // A simulator is no hardware: two are the same only with the same seed, which a named one gets
            // from its name unless its options pin one (two pinned alike would be one Camel endpoint).
            String portKey = device.source().startsWith("simulator:")
                    ? DeviceSettings.seeded(device.name(), device.source()) : samePortKey(device.source());
            String other = portKeys.putIfAbsent(portKey, key);
            if (other != null) {
                throw new SettingsException(key, device.source(), "is the same port as " + other + ": one device per port");
            }
        }
        return Collections.unmodifiableList(found);
    }

    /**
     * What makes two ports the same device: the path of a serial port (through its by-id link, without the
     * component's options) or a TCP address. Replays are not hardware: two with different options are two
     * devices. (Simulators are compared by their seeded source, see {@link DeviceSettings#seeded}.)
     */
    public static String samePortKey(String source) {
        String base = source.contains("?") ? source.substring(0, source.indexOf('?')) : source;
        if (base.startsWith("replay:")) {
            return source;
        }
        if (base.startsWith("tcp:")) {
            return base.toLowerCase(Locale.ROOT);
        }
        try {
            Path path = Path.of(base);
            return Files.exists(path) ? path.toRealPath().toString() : path.normalize().toString();
        } catch (Exception e) {
            return base;
        }
    }

    private static Map<String, String> friendlyNames(Function<String, String> properties, Collection<String> keys) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String key : keys) {
            if (key.startsWith(NAME_PREFIX)) {
                String serial = key.substring(NAME_PREFIX.length());
                String name = text(properties, key);
                requireName(key, name, name);
                if (!DEVICE_NAME.matcher(serial).matches()) {
                    throw new SettingsException(key, name, "the part after vedirect.name. must be a cable's serial number, like VE1SSGQF");
                }
                names.put(serial, name);
            }
        }
        return Collections.unmodifiableMap(names);
    }

    private static void requireName(String key, String value, String name) {
        if (!DEVICE_NAME.matcher(name).matches()) {
            throw new SettingsException(key, value, "a device's name may only have letters, digits, _ and - ('" + name + "' has others)");
        }
    }

    static void requireKnownDevice(String key, String value, String name, List<String> names) {
        if (!names.contains(name)) {
            throw new SettingsException(key, value, "there is no device called " + name + " (devices: "
                    + (names.isEmpty() ? "none named; with vedirect.port=auto name a cable with vedirect.name.SERIAL=NAME" : String.join(", ", names)) + ")");
        }
    }

    /** Reads and checks the settings; throws {@link SettingsException} naming the first bad key. */
    public static LoggerSettings from(Function<String, String> properties) {
        return new LoggerSettings(properties, List.of());
    }

    /**
     * As {@link #from(Function)}, with every key there is: per-device keys ({@code vedirect.port.NAME},
     * {@code csv.columns.NAME}...) can only be found by listing them.
     */
    public static LoggerSettings from(Function<String, String> properties, Collection<String> keys) {
        return new LoggerSettings(properties, keys);
    }

    static String text(Function<String, String> properties, String key) {
        String value = properties.apply(key);
        return value == null ? "" : value.trim();
    }

    private static long wholeNumber(Function<String, String> properties, Setting setting, long min, long max) {
        String key = setting.key();
        String value = setting.in(properties);
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
    private static Duration seconds(Function<String, String> properties, Setting setting) {
        String key = setting.key();
        String value = setting.in(properties);
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

    private static List<CsvColumn> columns(String key, String value) {
        List<CsvColumn> columns = new ArrayList<>();
        for (String column : value.split(",")) {
            String[] parts = column.trim().split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new SettingsException(key, value,
                        "each column is HEADING:LABEL or HEADING:LABEL:MULTIPLIER, like Volts:V:0.001 ('" + column.trim() + "' is not)");
            }
            String label = parts[1].trim();
            if (!FieldCatalogue.labels().contains(label)) {
                throw new SettingsException(key, value, "column " + parts[0].trim() + " names " + label
                        + ", which is not a VE.Direct label (labels are case-sensitive: V, I, CE, SOC, Alarm, ...)");
            }
            BigDecimal multiplier;
            try {
                multiplier = parts.length == 3 ? new BigDecimal(parts[2].trim()) : BigDecimal.ONE;
            } catch (NumberFormatException e) {
                throw new SettingsException(key, value, "the multiplier of column " + parts[0].trim() + " is not a number");
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
        derived.put("mqtt.enabled", Boolean.toString(mqtt != null));
        derived.put("influx.enabled", Boolean.toString(influx != null));
        // With the store on, InfluxDB gets every stored record through the store's forwarder; else the newest only.
        derived.put("influx.live", Boolean.toString(influx != null && storeFolder.isEmpty()));
        derived.put("influx.stored", Boolean.toString(influx != null && !storeFolder.isEmpty()));
        return derived;
    }

    /** The first configured device's source (the only one's, for one device); empty with only {@code auto}. */
    public String source() {
        return source;
    }

    /** The devices configured by name (the plain port as {@code default}); auto-found ones come later. */
    public List<DeviceSettings> devices() {
        return devices;
    }

    /** Whether each file name carries its device: several devices, or any number found by {@code auto}. */
    public boolean severalDevices() {
        return auto || devices.size() > 1;
    }

    public boolean auto() {
        return auto;
    }

    public String autoFolder() {
        return autoFolder;
    }

    /** Component options for every auto-found cable ({@code auto?staleTimeout=20000}), or empty. */
    public String autoOptions() {
        return autoOptions;
    }

    /** {@code vedirect.name.SERIAL=NAME}: the name of an auto-found cable, by its serial number. */
    public Map<String, String> friendlyNames() {
        return friendlyNames;
    }

    /** {@code csv.columns.NAME}, by device name. */
    public Map<String, List<CsvColumn>> csvColumnsByDevice() {
        return csvColumnsByDevice;
    }

    public Duration interval() {
        return interval;
    }

    /** The Domoticz settings; {@code url()} is null when no Domoticz is configured. */
    public DomoticzSettings domoticz() {
        return domoticz;
    }

    /** {@code domoticz.trust} read; null when not set, and https uses the JVM's trust store. */
    public DomoticzTrust domoticzTrust() {
        return domoticzTrust;
    }

    /** Empty when no CSV is written. */
    public String csvFile() {
        return csvFile;
    }

    /** {@code history.file}: where each solar charger's ended days are appended; empty when off. */
    public String historyFile() {
        return historyFile;
    }

    /** {@code store.folder}; empty when no store is kept. */
    public String storeFolder() {
        return storeFolder;
    }

    public int storeDays() {
        return storeDays;
    }

    /** {@code store.commit-seconds}: how long the store gathers records before one commit. */
    public Duration storeCommitDelay() {
        return storeCommitDelay;
    }

    /** {@code store.max-mb} in bytes. */
    public long storeMaxBytes() {
        return storeMaxMb * 1_000_000L;
    }

    public String csvTimeHeading() {
        return csvTimeHeading;
    }

    /** The plain {@code csv.columns}; empty when not set (each device gets its family's columns). */
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

    /** MQTT's settings; null when {@code mqtt.broker} is empty. */
    public io.github.vedirect.mqtt.MqttSettings mqtt() {
        return mqtt;
    }

    /** InfluxDB's settings; null when {@code influx.url} is empty. */
    public io.github.vedirect.destinations.InfluxSettings influx() {
        return influx;
    }
}
