package io.github.vedirect.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.component.PseudoTerminal;
import io.github.vedirect.e2e.SequencedDevice;
import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Latency from the last byte of a record on the serial line to the Domoticz request it causes, through
 * the real jar in a JVM of its own (the flags the Pi uses), a pseudo-terminal behind a by-id style link,
 * and {@link FakeDomoticz} running the shipped Lua parser. Run by {@code bench/logger.sh}; a main, not a
 * test, because it prints a figure rather than judging one.
 *
 * <p>One single-block MPPT record a second, written at the link's 1920 bytes/s, its H19 field carrying a
 * sequence number so that each request is matched to the record it carries. With the interval at 0.5 s
 * every record opens a new interval, so the gate never holds one back: what is measured is the path
 * (read, decode, join, gate, queue, HTTP), not the interval. The first records teach the aggregation the
 * device's cycle and warm the JIT; they are reported apart and not counted.
 *
 * <p>Settings (system properties): {@code bench.jar}, {@code bench.jvmFlags} (space-separated),
 * {@code bench.lua} (folder holding vedirect.lua), {@code bench.routes}, {@code bench.work} (a fresh
 * folder), {@code bench.blocks} (120), {@code bench.warmup} (10), {@code bench.interval} (0.5).
 * The last line printed is {@code RESULT {json}} for the script.
 */
public final class LatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LINK_BYTES_PER_SECOND = 1920;
    /** A USB serial adapter hands bytes over in small bursts, not one by one; 10 ms of line is 19 bytes. */
    private static final int SLICE = 19;

    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(required("bench.jar")).toAbsolutePath();
        List<String> jvmFlags = Arrays.asList(required("bench.jvmFlags").trim().split("\\s+"));
        Path lua = Path.of(required("bench.lua")).toAbsolutePath();
        Path routes = Path.of(required("bench.routes")).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(required("bench.work")).toAbsolutePath());
        int blocks = Integer.getInteger("bench.blocks", 120);
        int warmup = Integer.getInteger("bench.warmup", 10);
        String interval = System.getProperty("bench.interval", "0.5");
        if (blocks < 1 || warmup < 2) {
            // Two records are needed before the aggregation knows the cycle; fewer would count its learning.
            throw new IllegalArgumentException("bench.blocks must be >= 1 and bench.warmup >= 2");
        }

        int total = warmup + blocks;
        Instant[] lastByte = new Instant[total];
        Map<Long, Instant> arrivals = new HashMap<>();
        int requests;
        int notOk = 0;
        Path console = work.resolve("console.log");
        try (FakeDomoticz domoticz = FakeDomoticz.start(lua); PseudoTerminal pty = PseudoTerminal.open()) {
            Path link = pty.linkAs(work.resolve("usb-VictronEnergy_BV_VE_Direct_cable_BENCH-if00-port0"));
            int statusPort = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags);
            command.add("-Dvedirect.port=" + link);
            command.add("-Ddomoticz.url=" + domoticz.baseUri());
            command.add("-Dvedirect.interval=" + interval);
            command.add("-Dcsv.file=" + work.resolve("vedirect_data.csv"));
            command.add("-Dlog.file=" + work.resolve("vedirect.log"));
            command.add("-Droutes.folder=" + routes);
            command.add("-Dstatus.port=" + statusPort);
            command.add("-jar");
            command.add(jar.toString());
            Process logger = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(console.toFile()).start();
            // A benchmark stopped by a signal skips its finally blocks; the logger must not outlive it.
            Thread reaper = new Thread(logger::destroy);
            Runtime.getRuntime().addShutdownHook(reaper);
            try {
                awaitConnected(logger, statusPort, console);
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    sleepUntil(start + i * 1_000_000_000L);
                    lastByte[i] = writeAtLinkRate(pty, SequencedDevice.block(i).toBytes());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < deadline && !hasSequence(domoticz.requests(), total - 1)) {
                    Thread.sleep(20);
                }
            } finally {
                stop(logger);
                Runtime.getRuntime().removeShutdownHook(reaper);
            }
            List<RecordedRequest> received = domoticz.requests();
            requests = received.size();
            for (RecordedRequest request : received) {
                Long sequence = sequence(request);
                if (sequence != null) {
                    arrivals.putIfAbsent(sequence, request.at());
                }
                if (request.status() != 200 || request.responseBody() == null || !request.responseBody().contains("\"OK\"")) {
                    notOk++;
                }
            }
        }

        double[] warm = new double[warmup];
        double[] measured = new double[blocks];
        int lost = 0;
        for (int i = 0; i < total; i++) {
            Instant at = arrivals.get((long) i);
            double ms = at == null ? Double.POSITIVE_INFINITY : Duration.between(lastByte[i], at).toNanos() / 1e6;
            if (i < warmup) {
                warm[i] = ms;
            } else {
                measured[i - warmup] = ms;
                lost += at == null ? 1 : 0;
            }
        }
        if (lost == blocks) {
            System.err.println("LatencyBench: no Domoticz request carried any of the " + blocks + " measured records; "
                    + requests + " requests in all. Logger output: " + console);
            System.err.println(tail(console));
            System.exit(1);
        }
        double[] sorted = measured.clone();
        Arrays.sort(sorted);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("blocks", blocks);
        result.put("warmup", warmup);
        result.put("interval", interval);
        result.put("requests", requests);
        result.put("requestsNotOk", notOk);
        result.put("lost", lost);
        result.put("medianMs", finite(percentile(sorted, 50)));
        result.put("p99Ms", finite(percentile(sorted, 99)));
        result.put("maxMs", finite(sorted[sorted.length - 1]));
        result.put("minMs", finite(sorted[0]));
        result.put("warmupMaxMs", finite(warmMaxOfAnswered(warm)));
        long warmLost = Arrays.stream(warm).filter(Double::isInfinite).count();
        result.put("warmupLost", warmLost);

        System.out.printf(Locale.ROOT, "%d records measured (after %d warm-up), interval %s s: median %s ms, p99 %s ms, "
                        + "max %s ms; %d without a request; %d requests in all, %d not answered OK%n",
                blocks, warmup, interval, text(percentile(sorted, 50)), text(percentile(sorted, 99)),
                text(sorted[sorted.length - 1]), lost, requests, notOk);
        System.out.printf(Locale.ROOT, "warm-up: %d records, %d without a request (the first teach the aggregation "
                + "the cycle), slowest of the others %s ms%n", warmup, warmLost, text(warmMaxOfAnswered(warm)));
        System.out.println("RESULT " + JSON.writeValueAsString(result));
    }

    /**
     * Writes at the link's pace in 10 ms slices and returns the instant just before the slice holding the
     * checksum byte was written: the reader cannot have it earlier, so the latency is never understated.
     */
    private static Instant writeAtLinkRate(PseudoTerminal pty, byte[] bytes) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Instant last = null;
        for (int offset = 0; offset < bytes.length; offset += SLICE) {
            int length = Math.min(SLICE, bytes.length - offset);
            if (offset + length == bytes.length) {
                last = Instant.now();
            }
            pty.write(bytes, offset, length);
            sleepUntil(start + (long) (offset + length) * 1_000_000_000L / LINK_BYTES_PER_SECOND);
        }
        return last;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Waits until the logger has the port open, so that no record is written before anyone reads. */
    private static void awaitConnected(Process logger, int statusPort, Path console) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/status"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!logger.isAlive()) {
                throw new IllegalStateException("the logger exited with code " + logger.exitValue() + ":\n" + tail(console));
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    for (Iterator<JsonNode> devices = JSON.readTree(response.body()).path("devices").elements(); devices.hasNext(); ) {
                        if (devices.next().path("connected").asBoolean()) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the logger did not open the port within 30 s:\n" + tail(console));
    }

    private static void stop(Process logger) throws InterruptedException {
        logger.destroy();
        if (!logger.waitFor(20, TimeUnit.SECONDS)) {
            logger.destroyForcibly().waitFor();
        }
    }

    private static boolean hasSequence(List<RecordedRequest> requests, long sequence) {
        return requests.stream().anyMatch(r -> Long.valueOf(sequence).equals(sequence(r)));
    }

    private static Long sequence(RecordedRequest request) {
        String data = request.uri().get("data");
        if (data == null) {
            return null;
        }
        try {
            JsonNode value = JSON.readTree(data).get(SequencedDevice.SEQUENCE_LABEL);
            return value != null && value.canConvertToLong() ? value.asLong() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Nearest rank: the smallest value with at least p % of the samples at or below it. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double warmMaxOfAnswered(double[] warm) {
        return Arrays.stream(warm).filter(Double::isFinite).max().orElse(Double.POSITIVE_INFINITY);
    }

    /** JSON has no infinity: a record that never reached Domoticz is null there. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String text(double ms) {
        return Double.isInfinite(ms) ? "inf (no request)" : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing -D" + key);
        }
        return value;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
