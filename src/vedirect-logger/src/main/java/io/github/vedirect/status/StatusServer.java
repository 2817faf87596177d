package io.github.vedirect.status;

import io.github.vedirect.alarms.ActiveAlarm;
import io.github.vedirect.alarms.AlarmService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.destinations.Destination;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.devices.IntervalGate;
import io.github.vedirect.prometheus.PrometheusText;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.protocol.DecoderStats;
import io.github.vedirect.routes.RouteFiles;
import io.github.vedirect.settings.LoggerSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.service.ServiceSupport;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

/**
 * An optional read-only HTTP endpoint for monitoring ({@code status.port}; off by default, on
 * 127.0.0.1 unless {@code status.host} says otherwise): {@code /health} answers 200 when every health
 * check is UP and 503 with the reasons otherwise; {@code /status} gives the counters, in-flight exchanges,
 * heap, threads and open files as JSON ({@code ?gc=true} collects garbage first, for leak checks).
 * The JDK's own small HTTP server: nothing to add to a Pi's memory.
 *
 * <p>In {@code /status}: {@code uploads} has each destination that is on, by name, with its {@code ok} and
 * {@code failed} counts; {@code queuedRecords} the records waiting in each queue a running route reads, and
 * {@code queuesOff} the queues of destinations that are off. The flat {@code uploadsOk} and {@code uploadsFailed}
 * (Domoticz's alone, as they always were) and {@code NAMEOk}/{@code NAMEFailed} stay for monitors written
 * against earlier releases. {@code store} (with the store on) has its file, size and drops, and per destination that
 * takes stored records its backlog ({@link StoreStatus}). In {@code /health}, {@code routeFiles} gives each route file UP, DOWN with its reason,
 * or OFF when none of its routes runs (its destination is not configured).
 */
public class StatusServer extends ServiceSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The methods every path answers. */
    static final String ALLOWED = "GET, HEAD";

    private final CamelContext context;
    private final String host;
    private final int port;
    private final IntervalGate gate;
    private final CsvLines csv;
    private final DomoticzResponses domoticz;
    private final Devices devices;
    private final boolean severalDevices;
    private final boolean domoticzOn;
    private final RouteFiles routeFiles;
    private final Map<String, HttpHandler> extraPaths = new LinkedHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    public StatusServer(CamelContext context, String host, int port, IntervalGate gate, CsvLines csv, DomoticzResponses domoticz,
                        Devices devices, boolean severalDevices, boolean domoticzOn, RouteFiles routeFiles) {
        this.domoticzOn = domoticzOn;
        this.routeFiles = routeFiles;
        this.context = context;
        this.host = host;
        this.port = port;
        this.gate = gate;
        this.csv = csv;
        this.domoticz = domoticz;
        this.devices = devices;
        this.severalDevices = severalDevices;
    }

    @Override
    protected void doStart() throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 4);
        executor = context.getExecutorServiceManager().newSingleThreadExecutor(this, "VeDirect status");
        server.setExecutor(executor);
        server.createContext("/health", readOnly(this::health));
        server.createContext("/status", readOnly(this::status));
        server.createContext("/metrics", readOnly(this::metrics));
        extraPaths.forEach((path, handler) -> server.createContext(path, readOnly(handler)));
        server.start();
        org.slf4j.LoggerFactory.getLogger(StatusServer.class).info("Status on http://{}:{}/health and /status, Prometheus metrics on /metrics", host, port());
    }

    /**
     * Every path is read-only: GET (and HEAD, its headers alone) are answered, any other method is 405 with
     * {@code Allow}, as HTTP says, rather than a 200 that would let a client think it changed something.
     */
    private static HttpHandler readOnly(HttpHandler handler) {
        return exchange -> {
            String method = exchange.getRequestMethod();
            if (method.equals("GET") || method.equals("HEAD")) {
                handler.handle(exchange);
                return;
            }
            try (exchange) {
                exchange.getResponseHeaders().put("Allow", List.of(ALLOWED));
                exchange.sendResponseHeaders(405, -1);
            }
        };
    }

    /**
     * Serves {@code path} (and what is below it) with {@code handler} too, read-only as every path here: how the page
     * (package web, above this one) comes on the same port. Called before the start.
     */
    public void serve(String path, HttpHandler handler) {
        extraPaths.put(path, handler);
    }

    /** The port it listens on (the one picked when configured as 0). */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
            context.getExecutorServiceManager().shutdownNow(executor);
            server = null;
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean up = true;
        // "full": every check, also the UP ones beside a DOWN one, so that each device and route is listed.
        for (HealthCheck.Result result : HealthCheckHelper.invoke(context, check -> Map.of(), check -> false, "full")) {
            up &= result.getState() == HealthCheck.State.UP;
            checks.put(result.getCheck().getId(), result.getState() + result.getMessage().map(m -> ": " + m).orElse(""));
        }
        // Each device by name, whatever Camel's health registry lists (it shows the consumers that are DOWN):
        // one silent or unplugged device is DOWN here with its reason, the others UP.
        Map<String, Object> perDevice = new LinkedHashMap<>();
        for (Devices.Device device : devices.all()) {
            VeDirectConsumer consumer = devices.consumerOf(device);
            String problem = consumer == null ? "its route is not running" : consumer.getProblem();
            up &= problem == null;
            perDevice.put(device.name(), problem == null ? "UP" : "DOWN: " + problem);
        }
        // Each route file: a broken one (parse error, unknown component, a destination that does not start) is
        // DOWN with the reason that was logged, while the logger runs on.
        Map<String, String> files = routeFiles.states();
        up &= routeFiles.problems().isEmpty();
        // Each destination that is on: DOWN while it cannot deliver (broker or server away).
        Map<String, Object> perDestination = new LinkedHashMap<>();
        for (Destination destination : destinations()) {
            String problem = destination.problem();
            up &= problem == null;
            perDestination.put(destination.name(), problem == null ? "UP" : "DOWN: " + problem);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        body.put("devices", perDevice);
        body.put("routeFiles", files);
        body.put("destinations", perDestination);
        reply(exchange, up ? 200 : 503, body);
    }

    /** Whether a started route reads this queue. */
    private boolean isConsumed(SedaEndpoint seda) {
        return context.getRoutes().stream().anyMatch(route -> route.getEndpoint() != null
                && route.getEndpoint().getEndpointBaseUri().equals(seda.getEndpointBaseUri())
                && context.getRouteController().getRouteStatus(route.getRouteId()).isStarted());
    }

    private void status(HttpExchange exchange) throws IOException {
        if (String.valueOf(exchange.getRequestURI().getQuery()).contains("gc=true")) {
            System.gc();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("devices", devices());
        body.put("recordsPassed", gate.passed());
        body.put("recordsDropped", gate.dropped());
        body.put("csvLines", csv.lines());
        body.put("uploads", uploads());
        // The flat counters of earlier releases, for monitors that read them: uploadsOk and uploadsFailed were
        // always Domoticz's alone (uploads.domoticz now), mqttOk and the like are uploads.NAME.
        body.put("uploadsOk", domoticz.succeeded());
        body.put("uploadsFailed", domoticz.failed());
        for (Destination destination : destinations()) {
            body.put(destination.name() + "Ok", destination.succeeded());
            body.put(destination.name() + "Failed", destination.failed());
        }
        body.put("alarms", activeAlarms());
        Map<String, Object> store = StoreStatus.json(context);
        if (store != null) {
            body.put("store", store);
        }
        body.put("inflightExchanges", context.getInflightRepository().size());
        // Records waiting for a destination are not in flight: a backlog would show here, a number for each queue a
        // running route reads. A destination that is off (its route not started: no domoticz.url, no csv.file) is
        // listed in queuesOff instead, rather than show records piling up where nothing takes them.
        Map<String, Integer> queues = new TreeMap<>();
        List<String> queuesOff = new ArrayList<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof SedaEndpoint seda) {
                if (isConsumed(seda)) {
                    queues.put(seda.getEndpointBaseUri(), seda.getCurrentQueueSize());
                } else {
                    queuesOff.add(seda.getEndpointBaseUri());
                }
            }
        }
        body.put("queuedRecords", queues);
        body.put("queuesOff", queuesOff.stream().sorted().toList());
        Runtime runtime = Runtime.getRuntime();
        body.put("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory());
        body.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        body.put("openFiles", openFiles());
        reply(exchange, 200, body);
    }

    /**
     * Each device by its name; the one device of a plain {@code vedirect.port} by its port, as before there
     * were several (a monitor reading {@code devices["/dev/ttyUSB0"]} goes on working). Every entry has its
     * name and port.
     */
    private Map<String, Object> devices() {
        Map<String, Object> all = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (Devices.Device known : devices.all()) {
            VeDirectConsumer consumer = devices.consumerOf(known);
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("name", known.name());
            device.put("port", known.source());
            device.put("product", known.product());
            device.put("serial", known.serial());
            String problem = consumer == null ? "its route is not running" : consumer.getProblem();
            device.put("up", problem == null);
            device.put("problem", problem);
            Instant lastRecord = known.lastRecordAt();
            device.put("lastRecord", String.valueOf(lastRecord));
            device.put("lastRecordAgeSeconds", lastRecord == null ? null : Duration.between(lastRecord, now).toMillis() / 1000.0);
            device.put("recordsPassed", gate.passed(known.name()));
            device.put("csvLines", csv.lines(known.name()));
            String key = !severalDevices && known.name().equals(LoggerSettings.DEFAULT_NAME)
                    ? known.source().split("\\?", 2)[0] : known.name();
            if (consumer != null) {
                DecoderStats stats = consumer.getDecoderStats();
                device.put("connected", consumer.isConnected());
                device.put("lastBlock", String.valueOf(consumer.getLastBlockAt()));
                device.put("bytes", stats.bytes());
                device.put("blocks", stats.blocks());
                device.put("checksumErrors", stats.checksumErrors());
                device.put("malformed", stats.malformed());
                device.put("validBlocks", stats.blocks());
                device.put("invalidBlocks", stats.checksumErrors() + stats.malformed());
            }
            all.put(key, device);
        }
        return all;
    }

    /** The alarms bean (docs/alarms.md), or null in a context without one. */
    private AlarmService alarms() {
        return context.getRegistry().lookupByNameAndType("alarms", AlarmService.class);
    }

    /** The alarms raised now: {@code [{"device": "house", "alarm": "low-soc", "since": "...", "value": "SOC 48 %"}]}. */
    private List<Map<String, Object>> activeAlarms() {
        AlarmService alarms = alarms();
        List<Map<String, Object>> active = new ArrayList<>();
        if (alarms != null) {
            for (ActiveAlarm alarm : alarms.active()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("device", alarm.device());
                one.put("alarm", alarm.alarm());
                one.put("since", alarm.since().toString());
                one.put("value", alarm.value());
                active.add(one);
            }
        }
        return active;
    }

    /** Uploads by destination, each that is on: {@code {"domoticz": {"ok": 12, "failed": 0}, "mqtt": ...}}. */
    private Map<String, Object> uploads() {
        Map<String, Object> uploads = new LinkedHashMap<>();
        if (domoticzOn) {
            uploads.put("domoticz", Map.of("ok", domoticz.succeeded(), "failed", domoticz.failed()));
        }
        for (Destination destination : destinations()) {
            uploads.put(destination.name(), Map.of("ok", destination.succeeded(), "failed", destination.failed()));
        }
        return uploads;
    }

    /** The destinations that are on (their beans are real, not the placeholders of a destination that is off). */
    private List<Destination> destinations() {
        return context.getRegistry().findByType(Destination.class).stream()
                .sorted(java.util.Comparator.comparing(Destination::name)).toList();
    }

    /**
     * Prometheus's text format: each device's newest readings, its block counters, and the uploads per destination.
     * The logger's own small server rather than Camel's platform-http and Micrometer: docs/performance.md, "Prometheus endpoint: ours or Camel's", says why.
     */
    private void metrics(HttpExchange exchange) throws IOException {
        PrometheusText text = new PrometheusText();
        for (Devices.Device device : devices.all()) {
            VeDirectRecord record = device.lastRecord();
            if (record != null) {
                text.device(device.name(), device.product(), device.serial(), firmware(record), record, device.lastRecordAt());
            }
            VeDirectConsumer consumer = devices.consumerOf(device);
            if (consumer != null) {
                DecoderStats stats = consumer.getDecoderStats();
                text.blocks(device.name(), stats.blocks(), stats.checksumErrors() + stats.malformed());
            }
        }
        if (domoticz != null && domoticz.succeeded() + domoticz.failed() > 0) {
            text.uploads("domoticz", domoticz.succeeded(), domoticz.failed());
        }
        for (Destination destination : destinations()) {
            text.uploads(destination.name(), destination.succeeded(), destination.failed());
        }
        AlarmService alarms = alarms();
        if (alarms != null) {
            alarms.states().forEach((key, active) -> text.alarm(key.substring(0, key.indexOf('/')),
                    key.substring(key.indexOf('/') + 1), active));
        }
        StoreStatus.metrics(context, text);
        send(exchange, 200, PrometheusText.CONTENT_TYPE, text.render().getBytes(StandardCharsets.UTF_8));
    }

    private static String firmware(VeDirectRecord record) {
        for (String label : List.of("FWE", "FW")) {
            if (record.typed(label) instanceof io.github.vedirect.protocol.FieldValue.Firmware f) {
                return f.version();
            }
        }
        return null;
    }

    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        send(exchange, status, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().put("Content-Type", List.of(contentType));
        sendBody(exchange, status, body);
    }

    /**
     * The answer, its headers already set; to a HEAD request its headers alone, as HTTP says (the JDK's server refuses
     * a body there). For every handler on this server, the page's included.
     */
    public static void sendBody(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
