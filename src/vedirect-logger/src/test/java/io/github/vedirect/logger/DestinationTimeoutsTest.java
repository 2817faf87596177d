package io.github.vedirect.logger;

import com.sun.net.httpserver.HttpServer;
import io.github.vedirect.Await;
import io.github.vedirect.destinations.Destination;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each destination waits as long as its own endpoint says: domoticz.timeout is Domoticz's alone. */
class DestinationTimeoutsTest {

    /** How long the InfluxDB here takes to answer: longer than domoticz.timeout, well within InfluxDB's own 10 s. */
    private static final Duration SLOW = Duration.ofMillis(2500);

    @TempDir
    Path dir;

    @Test
    void aSlowInfluxDbIsNotCutOffAfterDomoticzsTimeout() throws Exception {
        AtomicInteger written = new AtomicInteger();
        HttpServer influx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        // An InfluxDB 1.x write endpoint that takes its time, as one on a busy Pi does: 204 once the points are read.
        influx.createContext("/write", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                Thread.sleep(SLOW.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A point per line: with the record store on, a write holds the records that came meanwhile.
            written.addAndGet((int) body.lines().filter(line -> line.startsWith("vedirect,")).count());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        influx.setExecutor(Executors.newFixedThreadPool(2));
        influx.start();
        try (RunningLogger logger = new RunningLogger(dir.resolve("d.csv"), Map.of(
                "vedirect.port", "simulator:mppt?blockInterval=100", "vedirect.interval", "0.5",
                "domoticz.timeout", "1",
                "influx.url", "http://127.0.0.1:" + influx.getAddress().getPort(), "influx.database", "solar"))) {
            Destination destination = logger.bean("influxdb", Destination.class);
            Await.until("an answer from the slow InfluxDB", Duration.ofSeconds(30),
                    () -> destination.succeeded() + destination.failed() >= 2);
            assertEquals(0, destination.failed(), "no write given up after domoticz.timeout (1 s): " + destination.problem());
            assertTrue(written.get() >= 2, "points written: " + written.get());
        } finally {
            influx.stop(0);
            ((java.util.concurrent.ExecutorService) influx.getExecutor()).shutdownNow();
        }
    }
}
