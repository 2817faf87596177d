package io.github.vedirect.web;

import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.routes.RouteFiles;
import io.github.vedirect.status.StatusServer;
import io.github.vedirect.store.RecordStore;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The page at {@code /} of the status endpoint (docs/web-page.md): the devices' live cards ({@code /events}), their
 * history from the record store ({@code /api/history}) and the logger itself ({@code /api/logger}). Read-only, as
 * every path of the status endpoint; every file from the jar.
 */
public final class WebPage extends ServiceSupport {

    private final StaticFiles files = new StaticFiles();
    private final LiveEvents events;
    private final HistoryApi history;
    private final LoggerApi logger;

    public WebPage(CamelContext context, Devices devices, RouteFiles routeFiles, DomoticzResponses domoticz, boolean domoticzOn,
                   CsvLines csv, boolean csvOn, Supplier<RecordStore> store) {
        events = new LiveEvents(devices);
        history = new HistoryApi(devices, store, Clock.systemUTC());
        logger = new LoggerApi(context, routeFiles, domoticz, domoticzOn, csv, csvOn, store);
    }

    /** Puts the page's paths on {@code status}'s port; before it starts. */
    public void serveOn(StatusServer status) {
        status.serve("/", files);
        status.serve("/events", events);
        status.serve("/api/history", history);
        status.serve("/api/logger", logger);
    }

    @Override
    protected void doStart() {
        events.start();
    }

    @Override
    protected void doStop() {
        events.stop();
    }
}
