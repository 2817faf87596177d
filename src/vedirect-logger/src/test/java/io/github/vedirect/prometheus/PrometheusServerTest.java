package io.github.vedirect.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.destinations.Servers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus-format reader takes the exposition: VictoriaMetrics (the server of the InfluxDB test) imports
 * it as a scrape body on {@code /api/v1/import/prometheus}, and every sample reads back with its labels unescaped
 * and its value unchanged.
 */
class PrometheusServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aServerImportsTheExpositionSampleForSample() throws Exception {
        String server = Servers.influx();
        String run = "prom" + System.currentTimeMillis();
        PrometheusText text = new PrometheusText();
        for (Device device : CaptureDevices.all()) {
            text.device(run + "_" + device.name(), device.product(), device.serial(), device.firmware(), device.joined(), null)
                    .blocks(run + "_" + device.name(), device.blocks().size(), 0);
        }
        // A label value with each escaped character, as a user's device name may have.
        text.blocks(run + "_\"quoted\"\\back\nline", 1, 2);
        String body = text.render();
        Map<String, Double> expected = new TreeMap<>();
        for (Exposition.Sample s : Exposition.parse(body).samples) {
            if (s.labels().get("device") != null) {
                expected.put(key(s.name(), s.labels()), s.number());
            }
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/import/prometheus"))
                .header("Content-Type", PrometheusText.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, response.statusCode(), response.body());

        Map<String, Double> actual = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            http.send(HttpRequest.newBuilder(URI.create(server + "/internal/force_flush")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            actual = export(server, run);
            if (actual.size() >= expected.size()) {
                break;
            }
            Thread.sleep(500);
        }
        // More than each device's info and two block counters: the readings are in.
        assertTrue(expected.size() > 3 * CaptureDevices.all().size() + 1, "samples: " + expected.size());
        assertEquals(expected, new TreeMap<>(actual));
        System.out.println("Prometheus exposition: " + expected.size() + " samples imported equal by " + server);
    }

    private static String key(String name, Map<String, String> labels) {
        return name + new TreeMap<>(labels);
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
            // VictoriaMetrics writes infinities as bare +Inf/-Inf, which JSON has no token for: quote them.
            JsonNode series = JSON.readTree(line.replaceAll("([\\[,])([+-]Inf)(?=[,\\]])", "$1\"$2\""));
            Map<String, String> labels = new HashMap<>();
            series.get("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            String name = labels.remove("__name__");
            JsonNode value = series.get("values").get(series.get("values").size() - 1);
            values.put(key(name, labels), value.isTextual() ? parse(value.asText()) : value.asDouble());
        }
        return values;
    }

    private static double parse(String text) {
        return switch (text) {
            case "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
