package io.github.vedirect.logger;

import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.csv.DailyHistory;
import io.github.vedirect.destinations.InfluxDestination;
import io.github.vedirect.destinations.InfluxRecords;
import io.github.vedirect.mqtt.MqttDestination;
import io.github.vedirect.destinations.Off;
import io.github.vedirect.devices.AutoDevices;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.devices.IntervalGate;
import io.github.vedirect.devices.NewestPerDeviceQueue;
import io.github.vedirect.domoticz.DomoticzRequests;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.domoticz.DomoticzTrust;
import io.github.vedirect.identity.DeviceHeaders;
import io.github.vedirect.routes.RouteFiles;
import io.github.vedirect.settings.DeviceSettings;
import io.github.vedirect.settings.LoggerSettings;
import io.github.vedirect.settings.SettingsException;
import io.github.vedirect.status.StatusReport;
import io.github.vedirect.status.StatusServer;
import io.github.vedirect.store.RecordSink;
import io.github.vedirect.store.StoreForwarders;
import io.github.vedirect.store.StoreStep;
import io.github.vedirect.web.WebPage;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The beans the YAML routes refer to ({@code #vedirectRecords}, {@code intervalGate}, ...), built from
 * the checked settings. Listed in application.properties as a Camel Main configuration class, so the
 * runnable jar and {@code @CamelMainTest} tests get exactly the same.
 *
 * <p>{@link #configure} runs its steps in order; each step binds what the next ones and the routes use.
 */
public class LoggerBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LoggerBeans.class);

    /** The {@code mqtt-records} sink's bean, bound with {@code mqtt.records=true}. */
    public static final String MQTT_RECORDS_BEAN = "mqttRecords";

    private CamelContext context;
    private Registry registry;
    private LoggerSettings settings;
    private Path csvFile;
    private IntervalGate gate;
    private CsvLines csv;
    private Devices devices;
    private DomoticzResponses domoticz;
    private RouteFiles routeFiles;
    private StoreForwarders forwarders;

    @Override
    public void configure(CamelContext context) throws Exception {
        this.context = context;
        this.registry = context.getRegistry();
        readSettings();
        bindRecordSteps();
        bindDomoticz();
        bindDestinations();
        bindStatus();
        loadRoutesAndDevices();
    }

    /** The checked settings, and the properties the routes read that are derived from them. */
    private void readSettings() {
        PropertiesComponent properties = context.getPropertiesComponent();
        settings = LoggerSettings.from(key -> properties.resolveProperty(key).orElse(null), keys(properties));
        csvFile = Path.of(settings.csvFile().isEmpty() ? "unused.csv" : settings.csvFile()).toAbsolutePath();
        // Initial properties rank lowest: a value set explicitly (-D, a test) wins over a derived one.
        settings.routeProperties().forEach(properties::addInitialProperty);
        properties.addInitialProperty("csv.directory", csvFile.getParent().toString());
        properties.addInitialProperty("csv.name", csvFile.getFileName().toString());
        registry.bind("settings", settings);
    }

    /** What each device's record goes through in routes/vedirect.yaml: joining, the gate, the queues, CSV, history. */
    private void bindRecordSteps() throws Exception {
        gate = new IntervalGate(settings.interval());
        csv = new CsvLines(csvFile, settings.severalDevices(), settings.csvTimeHeading(), settings.csvColumns(),
                settings.csvColumnsByDevice(), ZoneId.systemDefault());
        devices = new Devices(context);
        registry.bind("intervalGate", gate);
        // One place per device and destination: a device's newer record replaces only its own older one.
        registry.bind("newestOnly", newestPerDevice());
        registry.bind("newestMqtt", newestPerDevice());
        registry.bind("newestInflux", newestPerDevice());
        registry.bind("devices", devices);
        registry.bind("csvLines", csv);
        DailyHistory history = new DailyHistory(context, settings.historyFile().isEmpty() ? null
                : Path.of(settings.historyFile()).toAbsolutePath(), settings.severalDevices(), devices);
        registry.bind("dailyHistory", history);
        context.addService(history);
    }

    private static NewestPerDeviceQueue<Exchange> newestPerDevice() {
        return new NewestPerDeviceQueue<>(e -> e.getIn().getHeader(DeviceHeaders.NAME));
    }

    /** Domoticz's requests, answers and trust. */
    private void bindDomoticz() throws Exception {
        DomoticzTrust trust = settings.domoticzTrust() == null ? DomoticzTrust.jvmDefault() : settings.domoticzTrust();
        domoticz = new DomoticzResponses(settings.statusInterval(), settings.domoticz(), trust.file());
        registry.bind("domoticzRequests", new DomoticzRequests(settings.domoticz()));
        registry.bind("domoticzResponses", domoticz);
        // The Domoticz endpoint's sslContextParameters, and only its: other https destinations keep the JVM's trust.
        registry.bind("domoticzTls", trust);
        if (trust.holdsPrivateKey()) {
            LOG.warn("domoticz.trust {} also holds a private key, which the logger does not read: keep only the "
                    + "CERTIFICATE block in it", trust.file());
        }
    }

    /** MQTT and InfluxDB (routes/mqtt.yaml, routes/influxdb.yaml): real beans only when configured; the store, the alarms. */
    private void bindDestinations() throws Exception {
        RecordSink mqttRecords = null;
        MqttDestination mqtt = null;
        if (settings.mqtt() != null) {
            mqtt = new MqttDestination(settings.mqtt(), settings.interval(), devices::problemOf,
                    devices::staleTimeoutOf, devices);
            registry.bind("mqtt", mqtt);
            context.addService(mqtt);
            if (settings.mqtt().records()) {
                // Wired into the store forwarder below: it hands this sink each device's stored records from its
                // delivered position, so the record topic gets the backlog after an outage or a restart too.
                mqttRecords = mqtt.recordSink();
                registry.bind(MQTT_RECORDS_BEAN, mqttRecords);
            }
        } else {
            registry.bind("mqtt", new Off());
        }
        InfluxDestination influx = settings.influx() != null ? new InfluxDestination(settings.influx().target()) : null;
        registry.bind("influxdb", influx != null ? influx : new Off());
        StoreStep store = RecordStoreSetup.bind(context, settings);
        // The destinations that carry time get every stored record through the store (docs/store.md).
        List<RecordSink> sinks = new ArrayList<>();
        if (influx != null && store.store() != null) {
            sinks.add(new InfluxRecords(context, settings.influx().target(), influx.deliveries()));
        }
        if (mqttRecords != null && store.store() != null) {
            sinks.add(mqttRecords);
        }
        AlarmSetup.bind(context, keys(context.getPropertiesComponent()), store, csvFile, devices, mqtt, settings.domoticz());
        forwarders = new StoreForwarders(store.store(), sinks);
        registry.bind(RecordStoreSetup.FORWARDERS, forwarders);
    }

    /** The status line, the start and stop lines, and the optional status endpoint. */
    private void bindStatus() throws Exception {
        registry.bind("statusReport", new StatusReport(gate, csv, domoticz, devices, settings.domoticz().url() != null,
                !settings.csvFile().isEmpty()));
        registry.bind(StartStopLines.BEAN, new StartStopLines(settings, devices, gate, csv, domoticz, csvFile));
        routeFiles = new RouteFiles(Path.of(settings.routesFolder()));
        registry.bind("routeFiles", routeFiles);
        if (settings.statusPort() >= 0) {
            StatusServer status = new StatusServer(context, settings.statusHost(), settings.statusPort(), gate, csv, domoticz,
                    devices, settings.severalDevices(), settings.domoticz().url() != null, routeFiles);
            registry.bind("statusServer", status);
            StoreStep store = registry.lookupByNameAndType(RecordStoreSetup.BEAN, StoreStep.class);
            WebPage page = new WebPage(context, devices, routeFiles, domoticz, settings.domoticz().url() != null, csv,
                    !settings.csvFile().isEmpty(), store == null ? () -> null : store::store);
            page.serveOn(status);
            context.addService(page);
            context.addService(status);
        }
    }

    /**
     * vedirect.yaml now and a route per device from its template; every other route file once Camel runs, each on
     * its own, so that none of them can stop the logger's start.
     */
    private void loadRoutesAndDevices() throws Exception {
        routeFiles.loadMain(context);
        addDevices();
        onceStarted(() -> {
            routeFiles.loadOthers(context);
            // After the routes: a sink may send through one (InfluxDB's influxdb-records).
            try {
                context.addService(forwarders);
            } catch (Exception e) {
                throw new IllegalStateException("the record store's forwarding did not start: " + e.getMessage(), e);
            }
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                routeFiles.stop();
            }
        });
    }

    private void addDevices() throws Exception {
        if (!devices.templateLoaded()) {
            // Only a user's own copy of vedirect.yaml can lack it: the devices' routes are made from it.
            throw new IllegalStateException("routes/vedirect.yaml has no routeTemplate " + Devices.TEMPLATE);
        }
        for (DeviceSettings device : settings.devices()) {
            checkSource(context, device);
            Devices.Device added = devices.add(device.name(), device.source());
            if (settings.severalDevices()) {
                Devices.logAdded(added, "");
            }
        }
        if (settings.auto()) {
            context.addService(new AutoDevices(context, devices, settings));
        }
    }

    /** Runs once Camel has fully started (every route up). */
    private void onceStarted(Runnable action) throws Exception {
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                action.run();
            }
        });
    }

    /**
     * Resolves the device's endpoint before any route exists, so that a source that can never work (an unknown
     * simulator, a TCP address without a port, an option the component lacks or a value it refuses) stops the
     * start with one line naming the setting, and exit code 2, not as a failed route.
     */
    static void checkSource(CamelContext context, DeviceSettings device) {
        List<String> unknown = unknownOptions(context, "vedirect", device.source());
        if (!unknown.isEmpty()) {
            throw new SettingsException(device.key(), device.source(), "the vedirect: component has no option "
                    + String.join(", ", unknown) + " (see its options in docs/embedding.md, \"Endpoint options\")");
        }
        try {
            context.getEndpoint("vedirect:" + device.source());
        } catch (RuntimeException e) {
            throw new SettingsException(device.key(), device.source(), reason(e));
        }
    }

    /**
     * The options in {@code remainder}'s query that the component {@code scheme} does not have, by the option names
     * in its own metadata (the endpoint URI factory its build generates from the {@code @UriParam}s), in the
     * order given. Case does not matter, as for Camel's own binding. Empty when the component has no such
     * metadata: Camel's own check then applies.
     */
    static List<String> unknownOptions(CamelContext context, String scheme, String remainder) {
        int query = remainder.indexOf('?');
        EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory(scheme);
        if (query < 0 || factory == null) {
            return List.of();
        }
        Set<String> known = factory.propertyNames().stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> prefixes = Set.copyOf(factory.multiValuePrefixes().values());
        try {
            return URISupport.parseQuery(remainder.substring(query + 1), true).keySet().stream()
                    .filter(name -> !known.contains(name.toLowerCase(Locale.ROOT)) && prefixes.stream().noneMatch(name::startsWith))
                    .toList();
        } catch (URISyntaxException e) {
            // Camel's own resolution says what is wrong with the query.
            return List.of();
        }
    }

    /** The innermost cause's message, without the component's own prefix. */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        return message.startsWith("vedirect: ") ? message.substring("vedirect: ".length()) : message;
    }

    /**
     * Every key Camel will resolve: the properties files, the overrides ({@code @CamelMainTest} properties,
     * Main.addOverrideProperty) and {@code -D}. Per-device keys can only be found by listing them.
     */
    private static Set<String> keys(PropertiesComponent properties) {
        Set<String> keys = new TreeSet<>(properties.loadProperties().stringPropertyNames());
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent concrete) {
            Properties overrides = concrete.getOverrideProperties();
            if (overrides != null) {
                keys.addAll(overrides.stringPropertyNames());
            }
        }
        keys.addAll(System.getProperties().stringPropertyNames());
        return keys;
    }
}
