package io.github.vedirect.logger;

import io.github.vedirect.component.VeDirectRecordAggregationStrategy;
import io.github.vedirect.domoticz.DomoticzRequests;
import io.github.vedirect.domoticz.DomoticzResponses;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The beans the YAML routes refer to ({@code #vedirectRecords}, {@code intervalGate}, ...), built from
 * the checked settings. Listed in application.properties as a Camel Main configuration class, so the
 * runnable jar and {@code @CamelMainTest} tests get exactly the same.
 */
public class LoggerBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        LoggerSettings settings = LoggerSettings.from(key -> properties.resolveProperty(key).orElse(null));
        Path csvFile = Path.of(settings.csvFile().isEmpty() ? "unused.csv" : settings.csvFile()).toAbsolutePath();
        // Initial properties rank lowest: a value set explicitly (-D, a test) wins over a derived one.
        settings.routeProperties().forEach(properties::addInitialProperty);
        properties.addInitialProperty("csv.directory", csvFile.getParent().toString());
        properties.addInitialProperty("csv.name", csvFile.getFileName().toString());

        IntervalGate gate = new IntervalGate(settings.interval());
        CsvLines csv = new CsvLines(csvFile, settings.csvTimeHeading(), settings.csvColumns(), ZoneId.systemDefault());
        DomoticzResponses domoticz = new DomoticzResponses(settings.statusInterval(), settings.domoticz());
        var registry = context.getRegistry();
        registry.bind("settings", settings);
        registry.bind("vedirectRecords", new VeDirectRecordAggregationStrategy());
        registry.bind("intervalGate", gate);
        registry.bind("newestOnly", new NewestOnlyQueue<>());
        registry.bind("csvLines", csv);
        registry.bind("domoticzRequests", new DomoticzRequests(settings.domoticz()));
        registry.bind("domoticzResponses", domoticz);
        registry.bind("statusReport", new StatusReport(gate, csv, domoticz, settings.domoticz().url() != null, !settings.csvFile().isEmpty()));
        if (settings.statusPort() >= 0) {
            StatusServer status = new StatusServer(context, settings.statusHost(), settings.statusPort(), gate, csv, domoticz);
            registry.bind("statusServer", status);
            context.addService(status);
        }
        RoutesFolder.load(context, Path.of(settings.routesFolder()));
    }
}
