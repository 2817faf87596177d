package io.github.vedirect.logger;

import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.devices.IntervalGate;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.domoticz.DomoticzSettings;
import io.github.vedirect.settings.LoggerSettings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console says when the logger starts, one line each (version, devices, CSV, Domoticz,
 * destinations), and when it stops, one line with what it did: enough to see at a glance that a Pi set up
 * months ago is doing what its owner meant. The status endpoint says where it is in its own line.
 */
public class StartStopLines {

    /** Its name in the registry, where the launcher finds it. */
    public static final String BEAN = "startStopLines";

    private static final Logger LOG = LoggerFactory.getLogger("io.github.vedirect.logger");

    private final LoggerSettings settings;
    private final Devices devices;
    private final IntervalGate gate;
    private final CsvLines csv;
    private final DomoticzResponses domoticz;
    private final Path csvFile;
    private long startedAt;
    private final java.util.concurrent.atomic.AtomicBoolean stopSaid = new java.util.concurrent.atomic.AtomicBoolean();

    public StartStopLines(LoggerSettings settings, Devices devices, IntervalGate gate, CsvLines csv, DomoticzResponses domoticz, Path csvFile) {
        this.settings = settings;
        this.devices = devices;
        this.gate = gate;
        this.csv = csv;
        this.domoticz = domoticz;
        this.csvFile = csvFile;
    }

    /** The version in the jar's manifest; "development" when run from classes. */
    static String version() {
        String version = StartStopLines.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    List<String> startLines() {
        List<String> lines = new ArrayList<>();
        lines.add("vedirect-logger " + version() + " (Java " + Runtime.version() + "), one record per device every "
                + seconds(settings.interval()));
        for (Devices.Device device : devices.all()) {
            lines.add("Device " + device.name() + ": " + device.source());
        }
        if (settings.auto()) {
            lines.add("Devices: every VE.Direct cable in " + settings.autoFolder() + ", looked for every 2 s");
        }
        List<String> on = new ArrayList<>();
        if (settings.csvFile().isEmpty()) {
            lines.add("CSV: off (csv.file is empty)");
        } else {
            on.add("CSV");
            lines.add("CSV: " + (settings.severalDevices()
                    ? csvFile.resolveSibling(CsvLines.fileNameFor(csvFile.getFileName().toString(), "NAME")) + " (a file per device)"
                    : csvFile.toString()));
        }
        if (!settings.historyFile().isEmpty()) {
            on.add("daily history");
            Path history = Path.of(settings.historyFile()).toAbsolutePath();
            lines.add("Daily history: " + (settings.severalDevices()
                    ? history.resolveSibling(CsvLines.fileNameFor(history.getFileName().toString(), "NAME")) + " (a file per device)"
                    : history.toString()) + ", each solar charger's day when it ends");
        }
        DomoticzSettings domoticzSettings = settings.domoticz();
        if (domoticzSettings.url() == null) {
            lines.add("Domoticz: off (domoticz.url is empty)");
        } else {
            on.add("Domoticz");
            // The URL was checked to carry no user info: credentials live in their own settings, never shown.
            lines.add("Domoticz: " + domoticzSettings.url() + (domoticzSettings.mode() == DomoticzSettings.Mode.PARSER
                    ? " through the Lua parser " + domoticzSettings.script() : " device by device")
                    + (domoticzSettings.hasCredentials() ? ", as user " + domoticzSettings.username() : ""));
        }
        if (settings.mqtt() != null) {
            // MqttDestination says where it connects, in its own line.
            on.add("MQTT");
        }
        if (settings.influx() != null) {
            // Its toString() is written to be logged: the URL and the user, never a token or password.
            on.add("InfluxDB");
            lines.add("InfluxDB: " + settings.influx());
        }
        lines.add("Destinations on: " + (on.isEmpty() ? "none" : String.join(", ", on))
                + (settings.statusPort() < 0 ? "; status endpoint off (status.port is empty)" : ""));
        return lines;
    }

    /** Once, however often Camel Main stops. */
    void sayStop() {
        if (stopSaid.compareAndSet(false, true)) {
            LOG.info(stopLine());
        }
    }

    String stopLine() {
        long blocks = 0;
        long checksumErrors = 0;
        for (Devices.Device device : devices.all()) {
            VeDirectConsumer consumer = devices.consumerOf(device);
            if (consumer != null) {
                blocks += consumer.getDecoderStats().blocks();
                checksumErrors += consumer.getDecoderStats().checksumErrors();
            }
        }
        StringBuilder line = new StringBuilder("Stopped after ").append(DomoticzResponses.length(System.nanoTime() - startedAt))
                .append(": ").append(blocks).append(" blocks read (").append(checksumErrors).append(" with checksum errors), ")
                .append(gate.passed()).append(" records passed");
        if (!settings.csvFile().isEmpty()) {
            line.append(", ").append(csv.lines()).append(" CSV lines written");
        }
        if (settings.domoticz().url() != null) {
            line.append(", ").append(domoticz.succeeded()).append(" uploads done (").append(domoticz.failed()).append(" failed, ")
                    .append(domoticz.outages()).append(domoticz.outages() == 1 ? " outage)" : " outages)");
        }
        return line.toString();
    }

    private static String seconds(Duration interval) {
        return interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() / 1000.0 + " s";
    }

    /** Camel Main's listener that says the lines: after the start, and before the stop while the routes' counts are there. */
    public static MainListenerSupport listener() {
        return new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport main) {
                StartStopLines lines = main.getCamelContext().getRegistry().lookupByNameAndType(BEAN, StartStopLines.class);
                if (lines != null) {
                    lines.startedAt = System.nanoTime();
                    lines.startLines().forEach(LOG::info);
                }
            }

            @Override
            public void beforeStop(BaseMainSupport main) {
                StartStopLines lines = main.getCamelContext().getRegistry().lookupByNameAndType(BEAN, StartStopLines.class);
                if (lines != null) {
                    lines.sayStop();
                }
            }
        };
    }
}
