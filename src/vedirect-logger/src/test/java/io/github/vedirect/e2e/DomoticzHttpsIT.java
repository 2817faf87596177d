package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;
import io.github.vedirect.domoticz.TestCertificate;
import io.github.vedirect.protocol.VeDirectBlock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged logger against Domoticz over HTTPS with a self-signed certificate of its own, as Domoticz serves
 * it: the fake Domoticz on the JDK's HttpsServer (a real TLS handshake) with certificates keytool makes for each
 * run, {@code domoticz.trust} naming a PEM file, and a username and password, as a user sets them in the
 * settings file. DomoticzTlsTest covers the same in-process; this runs the jar with the Pi's flags.
 */
class DomoticzHttpsIT extends SequencedDeviceRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PERIOD = Duration.ofMillis(500);
    private static final String USER = "pi-https";
    private static final String PASSWORD = "Tls-s3cret!pa55";
    private static final String LOG_FILE = "vedirect.log";

    /** For 127.0.0.1 and localhost, valid now: what Domoticz serves in the good case. */
    private static TestCertificate good;
    /** Also for 127.0.0.1, valid now, but another key: Domoticz made a new certificate, the PEM is the old one. */
    private static TestCertificate renewed;
    /** For 127.0.0.1 and localhost, expired two days ago. */
    private static TestCertificate expired;
    /** Valid now, but for another host. */
    private static TestCertificate otherHost;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Path certificates = LoggerProcess.newWorkDir("https-certificates");
        good = TestCertificate.generate(certificates, "good", "localhost", "dns:localhost,ip:127.0.0.1", null, 2);
        renewed = TestCertificate.generate(certificates, "renewed", "localhost", "dns:localhost,ip:127.0.0.1", null, 2);
        expired = TestCertificate.generate(certificates, "expired", "localhost", "dns:localhost,ip:127.0.0.1", "-3d", 1);
        otherHost = TestCertificate.generate(certificates, "other-host", "domoticz.example", "dns:domoticz.example", null, 2);
    }

    private static TestCertificate certificate(String name) {
        switch (name) {
            case "good": return good;
            case "renewed": return renewed;
            case "expired": return expired;
            case "otherHost": return otherHost;
            default: throw new IllegalArgumentException(name);
        }
    }

    /**
     * The fake Domoticz serving {@code served} and asking for Basic auth, the device, and the logger with
     * {@code domoticz.trust} = {@code trusted}'s PEM, its settings in application.properties (on the command
     * line they would be in the process list) and its log in a file as well as on the console.
     */
    private void start(String name, TestCertificate served, TestCertificate trusted, int uploads) throws Exception {
        startDomoticzAndDevice(name,
                () -> FakeDomoticz.startHttps(Path.of("lua"), served.serverContext()).requireBasicAuth(USER, PASSWORD),
                link -> SequencedDevice.start(link, PERIOD, E2e.random("DomoticzHttpsIT." + name)));
        Map<String, String> settings = settings("0.4", "2");
        settings.put("domoticz.trust", trusted.pem().toString());
        settings.put("domoticz.username", USER);
        settings.put("domoticz.password", PASSWORD);
        settings.put("log.file", LOG_FILE);
        startLogger(settings, LoggerProcess.SettingsIn.FILE, uploads);
    }

    @Test
    void withTheServersCertificateInDomoticzTrustUploadsArriveWithBasicAuthAndNoSecretIsWritten() throws Exception {
        start("https", good, good, 5);
        assertTrue(domoticz.baseUri().toString().startsWith("https://127.0.0.1:"), domoticz.baseUri().toString());
        List<RecordedRequest> requests = domoticz.awaitAnswered(5, FIRST_UPLOADS_TIMEOUT);
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (RecordedRequest request : requests) {
            assertEquals(200, request.status(), request.toString());
            assertEquals(basic, request.authorization(), "the credentials of domoticz.username and domoticz.password");
            checkRecordIsTheDevicesBlock(request);
        }
        assertTrue(!E2e.csvSequences(dir.resolve(E2e.CSV_FILE)).isEmpty(), "the CSV is written too");
        String status = logger.status().toString();
        String health = logger.health().body;
        assertEquals(0, logger.status().get("uploadsFailed").asLong(), status);
        assertEquals(List.of(), logger.log(line -> line.contains(" WARN ") || line.contains(" ERROR ")), "nothing went wrong");
        assertNotNull(logger.stop(Duration.ofSeconds(15)), "no exit within 15 s of SIGTERM" + logger.tail());

        // Everything the logger wrote: the console, its log file, the CSV, and what /status and /health said.
        List<String> written = new ArrayList<>(List.of(status, health));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals("application.properties")).collect(Collectors.toList())) {
                written.add(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(Files.size(dir.resolve(LOG_FILE)) > 0, "the log file was written");
        String everything = String.join("\n", written);
        for (String secret : List.of(PASSWORD, URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8), basic.substring("Basic ".length()))) {
            int at = everything.indexOf(secret);
            assertTrue(at < 0, "a secret in what the logger wrote (" + dir + "): "
                    + (at < 0 ? "" : everything.substring(Math.max(0, at - 200), Math.min(everything.length(), at + 50))));
        }
    }

    /** The upload's record holds every label of the block the device sent under its number, with the device's value. */
    private void checkRecordIsTheDevicesBlock(RecordedRequest request) throws Exception {
        long sequence = E2e.sequenceOf(request);
        assertNotNull(device.lastByteOf(sequence), "a record the device never sent whole: " + request);
        JsonNode record = JSON.readTree(request.uri().get("data"));
        VeDirectBlock sent = SequencedDevice.block(sequence);
        for (String label : sent.labels()) {
            JsonNode value = record.get(label);
            assertNotNull(value, label + " missing from " + record);
            assertEquals(sent.get(label), value.asText(), label + " in " + record);
        }
    }

    /**
     * Domoticz's certificate is not the one in domoticz.trust, has expired, or names another host: nothing is
     * sent (not even the credentials), the outage is one warning line naming the host and why, however many
     * uploads fail (the reminder comes only after status.interval, 5 minutes), and the CSV goes on.
     */
    @ParameterizedTest(name = "served {0}, trusted {1}")
    @CsvSource(delimiter = '|', value = {
            "good      | renewed   | is not trusted",
            "expired   | expired   | has expired",
            "otherHost | otherHost | is for another host name"})
    void aCertificateThatCannotBeTrustedIsOneLineNamingHostAndWhyAndTheCsvGoesOn(String served, String trusted, String reason)
            throws Exception {
        start("https-refused-" + served, certificate(served), certificate(trusted), 0);
        E2e.await("a failed upload", Duration.ofSeconds(20), () -> logger.status().get("uploadsFailed").asLong() >= 1);
        long csvLinesAtFirstFailure = logger.status().get("csvLines").asLong();
        E2e.await("eight failed uploads", Duration.ofSeconds(20), () -> logger.status().get("uploadsFailed").asLong() >= 8);
        E2e.await("more CSV lines during the outage", Duration.ofSeconds(10),
                () -> logger.status().get("csvLines").asLong() >= csvLinesAtFirstFailure + 5);
        assertEquals(200, logger.health().status, "the device is read: " + logger.health());
        assertEquals(0, logger.status().get("uploadsOk").asLong());
        // The handshake failed: the server never got a request, so no credentials went to a server not trusted.
        assertEquals(List.of(), domoticz.requests().stream().map(RecordedRequest::toString).collect(Collectors.toList()));

        String host = "127.0.0.1:" + domoticz.port();
        List<String> warnings = logger.log(line -> line.contains(" WARN ") || line.contains(" ERROR "));
        assertEquals(1, warnings.size(), "one line for the outage, not one per upload: " + warnings + logger.tail());
        String warning = warnings.get(0);
        assertTrue(warning.contains("the certificate of " + host + " " + reason), "names the host and why: " + warning);
        assertEquals(List.of(), logger.log(line -> line.startsWith("\tat ") || line.startsWith("Caused by")), "no stack trace");
        assertNotNull(logger.stop(Duration.ofSeconds(15)), "no exit within 15 s of SIGTERM" + logger.tail());
        List<String> logFile = Files.readAllLines(dir.resolve(LOG_FILE), StandardCharsets.UTF_8);
        assertEquals(1, logFile.stream().filter(line -> line.contains("the certificate of " + host)).count(),
                "the log file has the line once too: " + logFile);
    }
}
