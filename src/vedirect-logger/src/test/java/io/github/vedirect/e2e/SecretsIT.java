package io.github.vedirect.e2e;

import io.github.vedirect.domoticz.FakeDomoticz;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets never reach a log, at any level: the logger runs at TRACE with every secret set, uploads to a
 * Domoticz that demands Basic auth, and every byte it wrote (console, log file, /status, /health) is searched
 * for the secrets in each form they could leak in.
 */
class SecretsIT extends LoggerRun {

    private static final String USER = "pi-logger";
    private static final String DOMOTICZ_PASSWORD = "Dz-s3cret!pa55";
    private static final String MQTT_PASSWORD = "Mq-s3cret-77";
    private static final String INFLUX_TOKEN = "Ifx-t0ken-AbCdEf123";

    @Test
    void noSecretInAnythingTheLoggerWritesAtTrace() throws Exception {
        try (FakeDomoticz domoticz = FakeDomoticz.start(Path.of("lua")).requireBasicAuth(USER, DOMOTICZ_PASSWORD)) {
            Path dir = LoggerProcess.newWorkDir("secrets");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("vedirect.port", "simulator:mppt?blockInterval=200");
            settings.put("vedirect.interval", "0.5");
            settings.put("log.level", "TRACE");
            settings.put("log.file", "trace.log");
            settings.put("domoticz.url", domoticz.baseUri().toString());
            settings.put("domoticz.username", USER);
            settings.put("domoticz.password", DOMOTICZ_PASSWORD);
            // The real MQTT and InfluxDB clients run, logging in with the secrets (Mosquitto of .ci/services.sh takes
            // any login; VictoriaMetrics ignores the token).
            settings.put("mqtt.broker", io.github.vedirect.destinations.Servers.mqtt());
            // Per run: the logger's MQTT client id is made from the topic, and a parallel run on the shared broker
            // with the same id would throw this one off.
            settings.put("mqtt.topic", "vedirect/secrets-it-" + ProcessHandle.current().pid());
            settings.put("mqtt.username", USER);
            settings.put("mqtt.password", MQTT_PASSWORD);
            settings.put("influx.url", io.github.vedirect.destinations.Servers.influx());
            settings.put("influx.org", "secrets-it");
            settings.put("influx.bucket", "secrets-it");
            settings.put("influx.token", INFLUX_TOKEN);
            logger = LoggerProcess.start(dir, settings, LoggerProcess.SettingsIn.FILE);
            logger.awaitHealthy(Duration.ofSeconds(60));
            E2e.await("authenticated uploads", Duration.ofSeconds(30), () -> domoticz.requests().size() >= 3);
            E2e.await("MQTT and InfluxDB uploads", Duration.ofSeconds(30), () -> logger.status().path("mqttOk").asLong() >= 3
                    && logger.status().path("influxdbOk").asLong() >= 3);
            String status = logger.status().toString();
            String health = logger.health().body;
            logger.stop(Duration.ofSeconds(15));

            List<String> written = new ArrayList<>();
            written.add(status);
            written.add(health);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("application.properties"))
                        .collect(Collectors.toList())) {
                    written.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
            String everything = String.join("\n", written);
            assertTrue(everything.contains("TRACE"), "the logger did log at TRACE: " + everything.length() + " bytes");
            assertTrue(everything.length() > 100_000, "TRACE logs a lot: " + everything.length() + " bytes");
            Map<String, String> forms = new LinkedHashMap<>();
            for (String secret : List.of(DOMOTICZ_PASSWORD, MQTT_PASSWORD, INFLUX_TOKEN)) {
                forms.put(secret, secret);
                forms.put(secret + " (URL-encoded)", URLEncoder.encode(secret, StandardCharsets.UTF_8));
            }
            String basic = Base64.getEncoder().encodeToString((USER + ":" + DOMOTICZ_PASSWORD).getBytes(StandardCharsets.UTF_8));
            forms.put("Basic user:password", basic);
            forms.put("Token header", "Token " + INFLUX_TOKEN);
            List<String> leaks = new ArrayList<>();
            forms.forEach((name, form) -> {
                int at = everything.indexOf(form);
                if (at >= 0) {
                    leaks.add(name + " near: " + everything.substring(Math.max(0, at - 200), Math.min(everything.length(), at + 50)));
                }
            });
            assertEquals(List.of(), leaks, "secrets in what the logger wrote (" + dir + ")");
        }
    }
}
