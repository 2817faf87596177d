package io.github.vedirect.status;

import io.github.vedirect.Await;
import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.logger.RunningLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusServerTest {

    @TempDir
    Path dir;

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthFollowsTheDeviceAndStatusCountsWhatHappened() throws Exception {
        try (RunningLogger logger = new RunningLogger(dir.resolve("d.csv"), Map.of("status.port", "0",
                "vedirect.port", "simulator:mppt?blockInterval=100", "vedirect.interval", "0.5"))) {
            int port = logger.bean("statusServer", StatusServer.class).port();
            Await.until("health UP", Duration.ofSeconds(10), () -> {
                try {
                    return get(port, "/health").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            Await.until("CSV lines", Duration.ofSeconds(10), () -> logger.bean("csvLines", CsvLines.class).lines() >= 2);
            JsonNode status = new ObjectMapper().readTree(get(port, "/status?gc=true").body());
            JsonNode device = status.get("devices").get("simulator:mppt");
            assertTrue(device.get("up").asBoolean());
            assertTrue(device.get("blocks").asLong() > 0);
            assertTrue(status.get("csvLines").asLong() >= 2);
            assertTrue(status.get("threads").asInt() > 0 && status.get("openFiles").asInt() > 0);
            assertTrue(status.get("inflightExchanges").asInt() >= 0);
            // No domoticz.url: Domoticz's queue is listed as off, not as a number; the CSV's queue is a number.
            assertFalse(status.get("queuedRecords").has("seda://domoticz"), status.toString());
            assertTrue(status.get("queuesOff").toString().contains("\"seda://domoticz\""), status.toString());
            assertTrue(status.get("queuedRecords").get("seda://csv").isInt(), status.toString());
            // The device goes away: the health check says so, with the reason.
            logger.context().getRouteController().stopRoute("device");
            HttpResponse<String> health = get(port, "/health");
            assertEquals(503, health.statusCode(), health.body());
        }
    }

    /** The server's thread is Camel's (named by its ExecutorServiceManager), and goes with the logger. */
    @Test
    void itsThreadComesFromCamelAndEndsWithIt() throws Exception {
        try (RunningLogger logger = new RunningLogger(dir.resolve("t.csv"), Map.of("status.port", "0",
                "vedirect.port", "simulator:mppt?blockInterval=100"))) {
            int port = logger.bean("statusServer", StatusServer.class).port();
            assertEquals(200, get(port, "/status").statusCode());
            assertTrue(statusThreads().stream().anyMatch(name -> name.matches("Camel \\(.+\\) thread #\\d+ - VeDirect status")),
                    "threads: " + statusThreads());
        }
        Await.until("the status thread ended", Duration.ofSeconds(10), () -> statusThreads().isEmpty());
    }

    private static java.util.List<String> statusThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains("VeDirect status") || name.contains("vedirect-status")).toList();
    }
}
