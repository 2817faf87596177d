package io.github.vedirect.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.status.StatusServer;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alarms raised now on /status, and each alarm's state on /metrics. */
class AlarmStatusTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String ACTIVE = "vedirect_alarm_active{device=\"house\",alarm=\"low-soc\"} ";

    @TempDir
    Path dir;

    @Test
    void statusListsTheRaisedAlarmsAndMetricsTheirStates() throws Exception {
        try (TcpDevice house = new TcpDevice(AlarmsTest.monitor());
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), Map.of("vedirect.port.house", house.source(),
                     "store.folder", "", "status.port", "0", "alarm.rule.low-soc", "SOC < 50"))) {
            int port = run.logger.bean("statusServer", StatusServer.class).port();
            run.judged("house", "SOC", "800");
            assertEquals(0, status(port).get("alarms").size());
            assertTrue(!get(port, "/metrics").contains("vedirect_alarm_active"), "no alarm yet");
            house.set("SOC", "450");
            run.awaitMessage("house low-soc raised", LIMIT);
            JsonNode alarm = status(port).get("alarms").get(0);
            assertEquals("house", alarm.get("device").asText());
            assertEquals("low-soc", alarm.get("alarm").asText());
            assertEquals(run.messages.get(0).since(), alarm.get("since").asText());
            assertEquals("SOC 45 %", alarm.get("value").asText());
            String metrics = get(port, "/metrics");
            assertTrue(metrics.contains("# TYPE vedirect_alarm_active gauge\n") && metrics.contains(ACTIVE + "1\n"), metrics);
            house.set("SOC", "600");
            run.awaitMessage("house low-soc cleared", LIMIT);
            assertEquals(0, status(port).get("alarms").size());
            assertTrue(get(port, "/metrics").contains(ACTIVE + "0\n"));
        }
    }

    private static JsonNode status(int port) throws Exception {
        return new ObjectMapper().readTree(get(port, "/status"));
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
