package io.github.vedirect.status;

import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.devices.IntervalGate;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.protocol.DecoderStats;
import io.github.vedirect.settings.LoggerSettings;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The status line logged every few minutes: is each device delivering, and where did the records go. */
public class StatusReport {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.vedirect.status");

    private final IntervalGate gate;
    private final CsvLines csv;
    private final DomoticzResponses domoticz;
    private final Devices devices;
    private final boolean domoticzEnabled;
    private final boolean csvEnabled;

    public StatusReport(IntervalGate gate, CsvLines csv, DomoticzResponses domoticz, Devices devices, boolean domoticzEnabled, boolean csvEnabled) {
        this.gate = gate;
        this.csv = csv;
        this.domoticz = domoticz;
        this.devices = devices;
        this.domoticzEnabled = domoticzEnabled;
        this.csvEnabled = csvEnabled;
    }

    public String line(CamelContext context) {
        StringBuilder line = new StringBuilder("status:");
        if (devices.all().isEmpty()) {
            line.append(" no device yet;");
        }
        for (Devices.Device device : devices.all()) {
            VeDirectConsumer consumer = devices.consumerOf(device);
            // One unnamed device: the line as it was before there were several.
            boolean named = !device.name().equals(LoggerSettings.DEFAULT_NAME);
            line.append(' ');
            if (named) {
                line.append(device.name()).append(' ');
            }
            if (consumer == null) {
                line.append(device.source()).append(" DOWN (its route is not running);");
                continue;
            }
            DecoderStats stats = consumer.getDecoderStats();
            String problem = consumer.getProblem();
            line.append(consumer.getEndpoint().getSource()).append(problem == null ? " UP" : " DOWN (" + problem + ")")
                    .append(", blocks ").append(stats.blocks())
                    .append(", checksum errors ").append(stats.checksumErrors())
                    .append(", malformed ").append(stats.malformed());
            if (named) {
                line.append(", records ").append(gate.passed(device.name()));
            }
            line.append(';');
        }
        line.append(" records passed ").append(gate.passed());
        if (csvEnabled) {
            line.append(", CSV lines ").append(csv.lines());
        }
        if (domoticzEnabled) {
            line.append(", uploads ").append(domoticz.succeeded()).append(" ok / ").append(domoticz.failed()).append(" failed");
            String problem = domoticz.lastProblem();
            if (problem != null) {
                line.append(" (").append(problem).append(')');
            }
        }
        // A destination's backlog in the record store, while there is one (InfluxDB during an outage).
        line.append(StoreStatus.backlogs(context));
        return line.toString();
    }

    public void log(CamelContext context) {
        LOG.info(line(context));
    }
}
