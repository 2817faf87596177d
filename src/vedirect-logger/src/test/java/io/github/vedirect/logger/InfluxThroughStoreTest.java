package io.github.vedirect.logger;

import com.sun.net.httpserver.HttpServer;
import io.github.vedirect.Await;
import io.github.vedirect.destinations.Destination;
import io.github.vedirect.e2e.RunRecords;
import io.github.vedirect.status.StatusReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * InfluxDB through the record store, in process, against a real HTTP server standing in for InfluxDB 1.x: it refuses
 * (HTTP 500) for a while, then takes. The refused body is sent again as it was, the records stored meanwhile follow
 * in batches, and every stored record is written once with its stored time.
 */
class InfluxThroughStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aRefusedBatchIsPostedAgainAsItWasAndEveryStoredRecordArrivesWithItsTime() throws Exception {
        List<String> refused = new CopyOnWriteArrayList<>();
        List<String> taken = new CopyOnWriteArrayList<>();
        HttpServer influx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        influx.createContext("/write", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean refuse = refused.size() < 3;
            (refuse ? refused : taken).add(body);
            byte[] answer = refuse ? "{\"error\":\"engine: cache full\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(refuse ? 500 : 204, refuse ? answer.length : -1);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        influx.start();
        Path store = dir.resolve("store");
        try (RunningLogger logger = new RunningLogger(dir.resolve("d.csv"), Map.of(
                "vedirect.port", "simulator:bmv702?blockInterval=100", "vedirect.interval", "0.3", "store.folder", store.toString(),
                "influx.url", "http://127.0.0.1:" + influx.getAddress().getPort(), "influx.database", "solar"))) {
            Destination destination = logger.bean("influxdb", Destination.class);
            StatusReport status = logger.bean("statusReport", StatusReport.class);
            // While it refuses, the status line shows the backlog.
            Await.until("the backlog in the status line", WAIT, () -> status.line(logger.context()).contains(", influxdb backlog "));
            Await.until("three refusals, then writes", WAIT, () -> taken.size() >= 2);
            assertTrue(refused.stream().allMatch(refused.get(0)::equals), "the same batch each time: " + refused);
            assertEquals(refused.get(0), taken.get(0), "then taken as it was");
            assertTrue(destination.failed() >= 3, "the refusals counted");
            Await.until("the stored records written", WAIT, () -> lines(taken).size() >= 10);
        } finally {
            influx.stop(0);
        }
        // Every stored record up to the last write, once, with the stored time in ms: the lines' timestamps are the
        // store's times, in order, and more than one went in a request.
        List<Long> written = lines(taken).stream().map(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).toList();
        List<Long> stored = RunRecords.storedTimes(store.resolve("records.db"));
        assertEquals(stored.subList(0, written.size()), written);
        assertTrue(taken.stream().anyMatch(body -> body.lines().count() > 1), "batches: " + taken);
    }

    private static List<String> lines(List<String> bodies) {
        List<String> lines = new ArrayList<>();
        bodies.forEach(body -> body.lines().filter(l -> l.startsWith("vedirect,")).forEach(lines::add));
        return lines;
    }
}
