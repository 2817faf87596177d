package io.github.vedirect.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.protocol.FieldValue;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the real captures to a real InfluxDB-compatible server (Debian's VictoriaMetrics in CI) as the logger
 * would, half through the 1.x and half through the 2.x request, reads them back through its Prometheus-style
 * export API and compares every numeric value with the catalogue's value of the same record.
 * VictoriaMetrics keeps numbers only (a field {@code f} of measurement {@code m} becomes the series {@code m_f};
 * it reads numeric-looking strings as numbers and other strings as 0), so the strings are checked by
 * {@link LineProtocolTest} and here only the numeric fields are.
 */
class LineProtocolServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void pointsOfRealCapturesReadBackAsTheirCatalogueValues() throws Exception {
        String server = Servers.influx();
        // A run id in the device tag keeps this run's series apart from earlier runs on the same server.
        String run = "run" + System.currentTimeMillis();
        // Recent enough for the server's retention, in the past so nothing is refused as from the future.
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

        Map<String, Double> expected = new HashMap<>();
        List<Device> devices = CaptureDevices.all();
        for (int d = 0; d < devices.size(); d++) {
            Device device = devices.get(d);
            String name = run + "_" + device.name();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < device.blocks().size(); i++) {
                VeDirectRecord record = device.blocks().get(i);
                Instant at = base.plusMillis(1000L * i + 250);
                lines.add(LineProtocol.line(name, device.product(), device.serial(), record, at));
                for (String label : record.keySet()) {
                    Double value = numeric(record.typed(label));
                    if (value != null) {
                        expected.put(key("vedirect_" + label, name, device.product(), device.serial(), at.toEpochMilli()), value);
                    }
                }
            }
            InfluxTarget target = d % 2 == 0
                    ? InfluxTarget.v1(server, "vedirect", null, null, null)
                    : InfluxTarget.v2(server, "home", "vedirect", "test-token");
            HttpRequest.Builder request = HttpRequest.newBuilder(target.writeUri())
                    .POST(HttpRequest.BodyPublishers.ofString(InfluxTarget.body(lines)));
            target.headers().forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, response.statusCode(), target + ": " + response.body());
        }
        assertTrue(expected.size() > 10_000, "the captures give many values: " + expected.size());

        Map<String, Double> actual = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            // Freshly written samples become searchable after the server's in-memory buffer is flushed.
            http.send(HttpRequest.newBuilder(URI.create(server + "/internal/force_flush")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            actual = export(server, run);
            if (actual.keySet().containsAll(expected.keySet())) {
                break;
            }
            Thread.sleep(500);
        }
        int compared = 0;
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
            compared++;
        }
        System.out.println("InfluxDB line protocol: " + compared + " values of " + devices.size()
                + " captures read back equal from " + server);
    }

    /** What VictoriaMetrics stores for a field: numbers as they are, codes as numbers, booleans as 1/0. */
    private static Double numeric(FieldValue value) {
        if (value instanceof FieldValue.Measurement m) {
            return m.value();
        }
        if (value instanceof FieldValue.Enumerated e) {
            return (double) e.code();
        }
        if (value instanceof FieldValue.Flags f) {
            return (double) f.mask();
        }
        if (value instanceof FieldValue.OnOff o) {
            return o.on() ? 1.0 : 0.0;
        }
        return null;
    }

    private static String key(String metric, String device, String product, String serial, long millis) {
        return metric + "{device=" + device + ",product=" + product + ",serial=" + serial + "}@" + millis;
    }

    private Map<String, Double> export(String server, String run) throws Exception {
        String match = URLEncoder.encode("{__name__=~\"vedirect_.*\",device=~\"" + run + "_.*\"}", StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(server + "/api/v1/export?match[]=" + match)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Double> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode series = JSON.readTree(line);
            JsonNode metric = series.get("metric");
            for (int i = 0; i < series.get("values").size(); i++) {
                values.put(key(metric.get("__name__").asText(), metric.get("device").asText(),
                        metric.path("product").asText(), metric.path("serial").asText(),
                        series.get("timestamps").get(i).asLong()), series.get("values").get(i).asDouble());
            }
        }
        return values;
    }
}
