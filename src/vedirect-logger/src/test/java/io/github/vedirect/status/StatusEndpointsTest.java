package io.github.vedirect.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.Await;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.logger.RunningLogger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What /status and /health say about the destinations, on the real routes: Domoticz (a server running the shipped
 * Lua parser) and InfluxDB (the real server .ci/services.sh starts) on, MQTT off.
 */
class StatusEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static FakeDomoticz domoticz;
    private static RunningLogger logger;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        String influx = Servers.influx();
        domoticz = FakeDomoticz.start(Path.of("lua"));
        logger = new RunningLogger(dir.resolve("d.csv"), Map.of("status.port", "0",
                "vedirect.port", "simulator:mppt?blockInterval=100", "vedirect.interval", "0.5",
                "domoticz.url", domoticz.baseUri().toString(),
                "influx.url", influx, "influx.database", "status_endpoints_test"));
        port = logger.bean("statusServer", StatusServer.class).port();
        // By the flat counters, there in every release: each test below fails on its own without its fix.
        Await.until("an upload to Domoticz and one to InfluxDB", Duration.ofSeconds(30), () -> {
            JsonNode status = status();
            return status.path("uploadsOk").asLong() > 0 && status.path("influxdbOk").asLong() > 0;
        });
    }

    @AfterAll
    static void stop() {
        if (logger != null) {
            logger.close();
        }
        if (domoticz != null) {
            domoticz.close();
        }
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode status() {
        try {
            return new ObjectMapper().readTree(send("GET", "/status").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void uploadsAreCountedByDestinationDomoticzsInItsOwnPlace() {
        JsonNode status = status();
        JsonNode uploads = status.get("uploads");
        assertTrue(uploads.get("domoticz").get("ok").asLong() > 0, status.toString());
        assertTrue(uploads.get("influxdb").get("ok").asLong() > 0, status.toString());
        assertFalse(uploads.has("mqtt"), "MQTT is off: " + status);
        // The flat names of earlier releases stay for the monitors that read them: uploadsOk was always Domoticz's.
        assertTrue(status.get("uploadsOk").asLong() >= uploads.get("domoticz").get("ok").asLong(), status.toString());
        assertTrue(status.get("influxdbOk").asLong() >= uploads.get("influxdb").get("ok").asLong(), status.toString());
    }

    @Test
    void queuedRecordsAreNumbersAndTheQueuesOfDestinationsThatAreOffAreListedApart() {
        JsonNode status = status();
        JsonNode queues = status.get("queuedRecords");
        List<String> names = new ArrayList<>();
        queues.fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(List.of("seda://csv", "seda://domoticz")), status.toString());
        names.forEach(name -> assertTrue(queues.get(name).isInt(), name + " is a number: " + status));
        assertTrue(status.get("queuesOff").isArray(), status.toString());
        // With the record store on, InfluxDB takes its records from the store: its newest-only queue is off.
        assertEquals(List.of("seda://influxdb", "seda://mqtt"), new ObjectMapper().convertValue(status.get("queuesOff"), List.class), status.toString());
        assertFalse(queues.has("seda://mqtt"), status.toString());
        assertFalse(queues.has("seda://influxdb"), status.toString());
    }

    /** The record store's size, and InfluxDB's backlog in it, in /status and /metrics. */
    @Test
    void theStoreAndInfluxDbsBacklogInItAreShown() throws Exception {
        JsonNode store = status().get("store");
        assertTrue(store.get("sizeBytes").asLong() > 0, String.valueOf(store));
        JsonNode influx = store.at("/destinations/influxdb");
        assertTrue(influx.get("backlogRecords").isIntegralNumber(), store.toString());
        assertTrue(influx.get("droppedUndelivered").isIntegralNumber(), store.toString());
        Await.until("records sent through the store", Duration.ofSeconds(30), () -> status().at("/store/destinations/influxdb/sent").asLong() > 0);
        String metrics = send("GET", "/metrics").body();
        assertTrue(metrics.contains("\nvedirect_store_size_bytes "), metrics);
        assertTrue(metrics.contains("\nvedirect_backlog_records{destination=\"influxdb\"} "), metrics);
        assertTrue(metrics.contains("\nvedirect_backlog_dropped_records_total{destination=\"influxdb\"} 0"), metrics);
    }

    /** A route file whose destination is off says OFF, not UP; the logger is UP all the same. */
    @Test
    void aRouteFileWhoseDestinationIsOffIsOffOnHealth() throws Exception {
        HttpResponse<String> answer = send("GET", "/health");
        JsonNode health = new ObjectMapper().readTree(answer.body());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode files = health.get("routeFiles");
        assertTrue(state(files, "mqtt.yaml").startsWith("OFF: "), files.toString());
        assertEquals("UP", state(files, "influxdb.yaml"), files.toString());
        assertEquals("UP", state(files, "vedirect.yaml"), files.toString());
    }

    private static String state(JsonNode files, String name) {
        List<String> found = new ArrayList<>();
        files.fields().forEachRemaining(entry -> {
            if (entry.getKey().endsWith("/" + name)) {
                found.add(entry.getValue().asText());
            }
        });
        assertEquals(1, found.size(), name + " in " + files);
        return found.get(0);
    }

    /** Read-only paths: a method that would change something is 405 with Allow, HEAD is GET's headers alone. */
    @ParameterizedTest
    @CsvSource({"POST,/status", "PUT,/health", "DELETE,/metrics", "POST,/health"})
    void aMethodOtherThanGetIsRefusedWith405AndAllow(String method, String path) throws Exception {
        HttpResponse<String> answer = send(method, path);
        assertEquals(405, answer.statusCode(), method + " " + path + ": " + answer.body());
        assertEquals(Optional.of("GET, HEAD"), answer.headers().firstValue("Allow"));
        HttpResponse<String> head = send("HEAD", path);
        assertEquals(200, head.statusCode(), "HEAD " + path);
        assertEquals("", head.body());
        assertTrue(head.headers().firstValue("Content-Type").isPresent(), "HEAD " + path);
    }
}
