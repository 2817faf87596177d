package io.github.vedirect.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.destinations.Destination;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.routes.RouteFiles;
import io.github.vedirect.store.RecordStore;
import org.apache.camel.CamelContext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/logger}: the logger itself for the page: its version and uptime, each destination on or off with OK or
 * its problem now, the record store, and the route files' health. Always 200 (unlike {@code /health}'s 503, which a
 * browser would log as an error): the state is in the body. The counters (and any backlog figure) the page takes
 * from {@code /status} as they are.
 */
final class LoggerApi implements HttpHandler {

    /** Every destination the logger has, in the order the page lists them. */
    private static final List<String> DESTINATIONS = List.of("csv", "domoticz", "mqtt", "influxdb");

    private final CamelContext context;
    private final RouteFiles routeFiles;
    private final DomoticzResponses domoticz;
    private final boolean domoticzOn;
    private final CsvLines csv;
    private final boolean csvOn;
    private final Supplier<RecordStore> store;

    LoggerApi(CamelContext context, RouteFiles routeFiles, DomoticzResponses domoticz, boolean domoticzOn, CsvLines csv,
              boolean csvOn, Supplier<RecordStore> store) {
        this.context = context;
        this.routeFiles = routeFiles;
        this.domoticz = domoticz;
        this.domoticzOn = domoticzOn;
        this.csv = csv;
        this.csvOn = csvOn;
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        String version = LoggerApi.class.getPackage().getImplementationVersion();
        body.put("version", version == null ? "development build" : version);
        body.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        List<Map<String, Object>> destinations = new ArrayList<>();
        Map<String, Destination> on = new LinkedHashMap<>();
        context.getRegistry().findByType(Destination.class).forEach(d -> on.put(d.name(), d));
        for (String name : DESTINATIONS) {
            Map<String, Object> destination = new LinkedHashMap<>();
            destination.put("name", name);
            if (name.equals("csv")) {
                destination.put("on", csvOn);
                destination.put("problem", null);
                destination.put("count", csv.lines());
            } else if (name.equals("domoticz")) {
                destination.put("on", domoticzOn);
                destination.put("problem", domoticzOn ? domoticz.lastProblem() : null);
            } else {
                Destination real = on.get(name);
                destination.put("on", real != null);
                destination.put("problem", real == null ? null : real.problem());
            }
            destinations.add(destination);
        }
        body.put("destinations", destinations);
        RecordStore records = store.get();
        Map<String, Object> storeState = new LinkedHashMap<>();
        storeState.put("on", records != null);
        if (records != null) {
            storeState.put("file", records.file().toString());
            storeState.put("stored", records.stored());
            storeState.put("problem", records.problem());
        }
        body.put("store", storeState);
        body.put("routeFiles", routeFiles.states());
        Replies.json(exchange, body);
    }
}
