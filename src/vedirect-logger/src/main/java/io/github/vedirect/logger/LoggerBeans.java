package io.github.vedirect.logger;

import io.github.vedirect.component.VeDirectRecordAggregationStrategy;
import io.github.vedirect.destinations.InfluxDestination;
import io.github.vedirect.destinations.MqttDestination;
import io.github.vedirect.destinations.Off;
import io.github.vedirect.domoticz.DomoticzRequests;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.domoticz.DomoticzTrust;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The beans the YAML routes refer to ({@code #vedirectRecords}, {@code intervalGate}, ...), built from
 * the checked settings. Listed in application.properties as a Camel Main configuration class, so the
 * runnable jar and {@code @CamelMainTest} tests get exactly the same.
 */
public class LoggerBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        LoggerSettings settings = LoggerSettings.from(key -> properties.resolveProperty(key).orElse(null), keys(properties));
        Path csvFile = Path.of(settings.csvFile().isEmpty() ? "unused.csv" : settings.csvFile()).toAbsolutePath();
        // Initial properties rank lowest: a value set explicitly (-D, a test) wins over a derived one.
        settings.routeProperties().forEach(properties::addInitialProperty);
        properties.addInitialProperty("csv.directory", csvFile.getParent().toString());
        properties.addInitialProperty("csv.name", csvFile.getFileName().toString());

        IntervalGate gate = new IntervalGate(settings.interval());
        CsvLines csv = new CsvLines(csvFile, settings.severalDevices(), settings.csvTimeHeading(), settings.csvColumns(),
                settings.csvColumnsByDevice(), ZoneId.systemDefault());
        DomoticzTrust trust = settings.domoticzTrust() == null ? DomoticzTrust.jvmDefault() : settings.domoticzTrust();
        DomoticzResponses domoticz = new DomoticzResponses(settings.statusInterval(), settings.domoticz(), trust.file());
        var registry = context.getRegistry();
        registry.bind("settings", settings);
        // For an older routes/vedirect.yaml, whose one device route refers to it; each templated device has its own.
        registry.bind("vedirectRecords", new VeDirectRecordAggregationStrategy());
        registry.bind("intervalGate", gate);
        // One place per device: a device's newer record replaces only its own older one.
        registry.bind("newestOnly", new NewestPerDeviceQueue<Exchange>(e -> e.getIn().getHeader(DeviceHeaders.NAME)));
        Devices devices = new Devices(context);
        registry.bind("devices", devices);
        registry.bind("csvLines", csv);
        DailyHistory history = new DailyHistory(settings.historyFile().isEmpty() ? null
                : Path.of(settings.historyFile()).toAbsolutePath(), settings.severalDevices(), devices);
        registry.bind("dailyHistory", history);
        context.addService(history);
        registry.bind("domoticzRequests", new DomoticzRequests(settings.domoticz()));
        registry.bind("domoticzResponses", domoticz);
        // The Domoticz endpoint's sslContextParameters, and only its: other https destinations keep the JVM's trust.
        registry.bind("domoticzTls", trust);
        if (settings.domoticzTrust() != null && settings.domoticz().url() != null) {
            // An older installed routes/vedirect.yaml does not refer to #domoticzTls: the trust would silently
            // not apply and every upload fail as untrusted, so say what to change once the routes are up.
            context.addStartupListener(new org.apache.camel.StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                    if (!trust.used()) {
                        LoggerFactory.getLogger(LoggerBeans.class).warn("domoticz.trust is set, but the Domoticz route does not use "
                                + "it (routes/vedirect.yaml from an older release?): add &sslContextParameters=#domoticzTls to its "
                                + "http://domoticz.invalid address, or copy this release's routes/vedirect.yaml over it");
                    }
                }
            });
        }
        if (trust.holdsPrivateKey()) {
            LoggerFactory.getLogger(LoggerBeans.class).warn("domoticz.trust {} also holds a private key, which the logger does not "
                    + "read: keep only the CERTIFICATE block in it", trust.file());
        }
        registry.bind("statusReport", new StatusReport(gate, csv, domoticz, devices, settings.domoticz().url() != null, !settings.csvFile().isEmpty()));
        registry.bind(StartStopLines.BEAN, new StartStopLines(settings, devices, gate, csv, domoticz, csvFile));
        // MQTT and InfluxDB (routes/mqtt.yaml, routes/influxdb.yaml): their beans, real ones only when configured.
        registry.bind("newestMqtt", new NewestPerDeviceQueue<Exchange>(e -> e.getIn().getHeader(DeviceHeaders.NAME)));
        registry.bind("newestInflux", new NewestPerDeviceQueue<Exchange>(e -> e.getIn().getHeader(DeviceHeaders.NAME)));
        if (settings.mqtt() != null) {
            MqttDestination mqtt = new MqttDestination(settings.mqtt(), settings.interval(), devices::problemOf, devices::staleTimeoutOf, devices);
            registry.bind("mqtt", mqtt);
            context.addService(mqtt);
        } else {
            registry.bind("mqtt", new Off());
        }
        if (settings.influx() != null) {
            registry.bind("influxdb", new InfluxDestination(settings.influx().target()));
        } else {
            registry.bind("influxdb", new Off());
        }
        RecordStoreSetup.bind(context, settings);
        RouteFiles routeFiles = new RouteFiles();
        registry.bind("routeFiles", routeFiles);
        if (settings.statusPort() >= 0) {
            StatusServer status = new StatusServer(context, settings.statusHost(), settings.statusPort(), gate, csv, domoticz, devices,
                    settings.severalDevices(), routeFiles);
            registry.bind("statusServer", status);
            context.addService(status);
        }
        RoutesFolder.load(context, Path.of(settings.routesFolder()), routeFiles);
        addDevices(context, settings, devices);
        if (!settings.historyFile().isEmpty() && !devices.routesCall("dailyHistory")) {
            LoggerFactory.getLogger(LoggerBeans.class).warn("history.file is set, but the devices' route does not call "
                    + "dailyHistory (routes/vedirect.yaml from an older release?): no day will be written; add its "
                    + "'bean: ref: dailyHistory, method: seen' step, or copy this release's routes/vedirect.yaml over it");
        }
        RecordStoreSetup.checkRoutes(settings, devices);
        // The other route files once Camel runs, each on its own: none of them can stop the logger's start.
        context.addStartupListener(new org.apache.camel.ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                routeFiles.loadAll(started);
            }
        });
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                routeFiles.stop();
            }
        });
    }

    private static void addDevices(CamelContext context, LoggerSettings settings, Devices devices) throws Exception {
        if (!devices.templateLoaded()) {
            // An installed routes/vedirect.yaml from before several devices: its own device route still reads one.
            if (settings.severalDevices() || !devices.routeDefined("device")) {
                throw new IllegalStateException("routes/vedirect.yaml has no routeTemplate " + Devices.TEMPLATE
                        + ", which reading several devices needs: copy routes/vedirect.yaml of this release over it");
            }
            LoggerFactory.getLogger(LoggerBeans.class).warn("routes/vedirect.yaml is from an older release (no routeTemplate {}): "
                    + "one device works, several need this release's routes/vedirect.yaml", Devices.TEMPLATE);
            devices.addUntemplated(LoggerSettings.DEFAULT_NAME, settings.source());
            return;
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

    /**
     * Resolves the device's endpoint before any route exists, so that a source that can never work (an unknown
     * simulator, a TCP address without a port, an option the component lacks or a value it refuses) stops the
     * start with one line naming the setting, and exit code 2, not as a failed route.
     */
    private static void checkSource(CamelContext context, DeviceSettings device) {
        try {
            context.getEndpoint("vedirect:" + device.source());
        } catch (RuntimeException e) {
            throw new SettingsException(device.key(), device.source(), reason(e));
        }
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        java.util.regex.Matcher unknown = java.util.regex.Pattern.compile("Unknown parameters=\\[\\{(.*)}]").matcher(
                String.valueOf(failure.getMessage()));
        if (unknown.find()) {
            return "the vedirect: component has no option " + unknown.group(1).replaceAll("=[^,]*", "")
                    + " (see its options in docs/embedding.md, \"Endpoint options\")";
        }
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
