package io.github.vedirect.logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.protocol.DecoderStats;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.Route;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * An optional read-only HTTP endpoint for monitoring ({@code status.port}; off by default, on
 * 127.0.0.1 unless {@code status.host} says otherwise): {@code /health} answers 200 when every health
 * check is UP and 503 with the reasons otherwise; {@code /status} gives the counters, in-flight exchanges,
 * heap, threads and open files as JSON ({@code ?gc=true} collects garbage first, for leak checks).
 * The JDK's own small HTTP server: nothing to add to a Pi's memory.
 */
public class StatusServer extends ServiceSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context;
    private final String host;
    private final int port;
    private final IntervalGate gate;
    private final CsvLines csv;
    private final DomoticzResponses domoticz;
    private HttpServer server;

    public StatusServer(CamelContext context, String host, int port, IntervalGate gate, CsvLines csv, DomoticzResponses domoticz) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.gate = gate;
        this.csv = csv;
        this.domoticz = domoticz;
    }

    @Override
    protected void doStart() throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 4);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "vedirect-status");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/health", this::health);
        server.createContext("/status", this::status);
        server.start();
        org.slf4j.LoggerFactory.getLogger(StatusServer.class).info("Status on http://{}:{}/health and /status", host, port());
    }

    /** The port it listens on (the one picked when configured as 0). */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        reply(exchange, up ? 200 : 503, body);
    }

    private void status(HttpExchange exchange) throws IOException {
        if (String.valueOf(exchange.getRequestURI().getQuery()).contains("gc=true")) {
            System.gc();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> devices = new LinkedHashMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof VeDirectConsumer consumer) {
                DecoderStats stats = consumer.getDecoderStats();
                Map<String, Object> device = new LinkedHashMap<>();
                device.put("up", consumer.getProblem() == null);
                device.put("problem", consumer.getProblem());
                device.put("connected", consumer.isConnected());
                device.put("lastBlock", String.valueOf(consumer.getLastBlockAt()));
                device.put("bytes", stats.bytes());
                device.put("blocks", stats.blocks());
                device.put("checksumErrors", stats.checksumErrors());
                device.put("malformed", stats.malformed());
                devices.put(consumer.getEndpoint().getSource(), device);
            }
        }
        body.put("devices", devices);
        body.put("recordsPassed", gate.passed());
        body.put("recordsDropped", gate.dropped());
        body.put("csvLines", csv.lines());
        body.put("uploadsOk", domoticz.succeeded());
        body.put("uploadsFailed", domoticz.failed());
        body.put("inflightExchanges", context.getInflightRepository().size());
        // Records waiting for a destination are not in flight: a backlog would show here.
        Map<String, Object> queues = new LinkedHashMap<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof SedaEndpoint seda) {
                queues.put(seda.getEndpointBaseUri(), seda.getCurrentQueueSize());
            }
        }
        body.put("queuedRecords", queues);
        Runtime runtime = Runtime.getRuntime();
        body.put("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory());
        body.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        body.put("openFiles", openFiles());
        reply(exchange, 200, body);
    }

    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
