package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.github.vedirect.e2e.RunRecords.bySecond;
import static io.github.vedirect.e2e.RunRecords.count;
import static io.github.vedirect.e2e.RunRecords.csvLinesKeptUpWith;
import static io.github.vedirect.e2e.RunRecords.csvSeconds;
import static io.github.vedirect.e2e.RunRecords.storedTimes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Store-and-forward to a real VictoriaMetrics that the test starts on a port of its own and stops for a while: the
 * packaged jar is killed with {@code kill -9} during the outage and started again, and once the server is back it
 * holds a point for every CSV line of the whole run, each with the line's time. Skipped where there is no
 * {@code victoria-metrics} on the PATH (CI installs it).
 */
class StoreForwardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A VictoriaMetrics process on 127.0.0.1, its data kept in {@code data} across a stop and a start. */
    private static final class VictoriaMetrics implements AutoCloseable {
        private final Path data;
        private final int port;
        private Process process;

        VictoriaMetrics(Path data, int port) {
            this.data = data;
            this.port = port;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void start() throws Exception {
            process = new ProcessBuilder("victoria-metrics", "-httpListenAddr=127.0.0.1:" + port, "-storageDataPath=" + data,
                    // One sample per series and millisecond: a record sent twice (at least once) is one point.
                    "-dedup.minScrapeInterval=1ms", "-search.latencyOffset=0s", "-retentionPeriod=100y")
                    .redirectErrorStream(true).redirectOutput(data.resolveSibling("victoria-metrics.log").toFile()).start();
            E2e.await("VictoriaMetrics answering", WAIT, () -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        /** Every point of {@code vedirect_V}: its time in milliseconds. */
        List<Long> times() throws Exception {
            // Points just written sit in the server's in-memory buffer until a flush makes them searchable.
            HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/internal/force_flush")).build(), HttpResponse.BodyHandlers.discarding());
            String query = url() + "/api/v1/export?match[]=" + URLEncoder.encode("vedirect_V", StandardCharsets.UTF_8);
            List<Long> times = new ArrayList<>();
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(query)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.lines().filter(l -> !l.isBlank()).toList()) {
                JSON.readTree(line).get("timestamps").forEach(t -> times.add(t.asLong()));
            }
            return times;
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                stop();
            }
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String metrics(LoggerProcess logger) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + logger.statusPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void afterAnOutageWithAKillNineVictoriaMetricsHoldsAPointForEveryCsvLine() throws Exception {
        Assumptions.assumeTrue(onPath("victoria-metrics"), "no victoria-metrics on the PATH");
        Path dir = LoggerProcess.newWorkDir("store-forward");
        Path csv = dir.resolve("vedirect_data.csv");
        Path db = dir.resolve("store").resolve("records.db");
        try (VictoriaMetrics vm = new VictoriaMetrics(Files.createDirectories(dir.resolve("vm-data")), freePort())) {
            vm.start();
            Map<String, String> withVm = Map.of("vedirect.port", "simulator:bmv702?blockInterval=100", "vedirect.interval", "1",
                    "influx.url", vm.url(), "influx.database", "vedirect");
            List<String> firstLog;
            try (LoggerProcess logger = LoggerProcess.start(dir, withVm)) {
                E2e.await("the first points in VictoriaMetrics", WAIT, () -> vm.times().size() >= 3);
                vm.stop();
                logger.awaitLogLine("one warning that InfluxDB does not take records", WAIT,
                        l -> l.contains("influxdb does not take records"));
                long atWarning = count(csvSeconds(csv));
                E2e.await("records during the outage", WAIT, () -> count(csvSeconds(csv)) >= atWarning + 15);
                JsonNode backlog = logger.status().at("/store/destinations/influxdb");
                assertTrue(backlog.get("backlogRecords").asLong() > 0, backlog.toString());
                assertTrue(metrics(logger).contains("vedirect_backlog_records{destination=\"influxdb\"}"), "in /metrics");
                // kill -9 once the store holds every CSV line: what the store loses at a kill is StoreIT's concern.
                E2e.await("the store level with the CSV", WAIT, () -> storedTimes(db).size() == count(csvSeconds(csv)));
                logger.kill9();
                firstLog = logger.log(l -> l.contains("influxdb"));
            }
            long beforeRestart = count(csvSeconds(csv));
            long csvLines;
            try (LoggerProcess logger = LoggerProcess.start(dir, withVm)) {
                E2e.await("records after the restart", WAIT, () -> count(csvSeconds(csv)) >= beforeRestart + 8);
                vm.start();
                logger.awaitLogLine("that the backlog went out", WAIT, l -> l.contains("influxdb takes records again"));
                // Every CSV line so far, the whole run's, has its point: the same number of points in each second.
                TreeMap<String, Integer> expected = csvSeconds(csv);
                E2e.await("a point for every CSV line", WAIT, () -> {
                    TreeMap<String, Integer> points = bySecond(vm.times());
                    return expected.entrySet().stream().allMatch(e -> e.getValue().equals(points.get(e.getKey())));
                });
                assertEquals(1, logger.log(l -> l.contains("influxdb takes records again")).size(), logger.tail());
                // And it keeps up while it runs.
                csvLines = csvLinesKeptUpWith(csv, WAIT, () -> vm.times().size());
            }
            assertEquals(1, firstLog.stream().filter(l -> l.contains("does not take records")).count(), "one warning: " + firstLog);
            // Exactly the stored records' times, to the millisecond: nothing made up, nothing twice.
            List<Long> points = vm.times();
            TreeSet<Long> stored = new TreeSet<>(storedTimes(db));
            assertEquals(points.size(), new TreeSet<>(points).size(), "one point per record");
            assertTrue(stored.containsAll(points), "every point is a stored record's time");
            assertTrue(points.size() >= csvLines - 3, points.size() + " points for " + csvLines + " CSV lines");
        }
    }
}
