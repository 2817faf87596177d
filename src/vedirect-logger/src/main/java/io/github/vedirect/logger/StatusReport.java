package io.github.vedirect.logger;

import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.protocol.DecoderStats;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The status line logged every few minutes: is each device delivering, and where did the records go. */
public class StatusReport {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.vedirect.status");

    private final IntervalGate gate;
    private final CsvLines csv;
    private final DomoticzResponses domoticz;
    private final boolean domoticzEnabled;
    private final boolean csvEnabled;

    public StatusReport(IntervalGate gate, CsvLines csv, DomoticzResponses domoticz, boolean domoticzEnabled, boolean csvEnabled) {
        this.gate = gate;
        this.csv = csv;
        this.domoticz = domoticz;
        this.domoticzEnabled = domoticzEnabled;
        this.csvEnabled = csvEnabled;
    }

    public String line(CamelContext context) {
        StringBuilder line = new StringBuilder("status:");
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof VeDirectConsumer consumer) {
                DecoderStats stats = consumer.getDecoderStats();
                String problem = consumer.getProblem();
                line.append(' ').append(consumer.getEndpoint().getSource()).append(problem == null ? " UP" : " DOWN (" + problem + ")")
                        .append(", blocks ").append(stats.blocks())
                        .append(", checksum errors ").append(stats.checksumErrors())
                        .append(", malformed ").append(stats.malformed()).append(';');
            }
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
        return line.toString();
    }

    public void log(CamelContext context) {
        LOG.info(line(context));
    }
}
