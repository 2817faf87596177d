package io.github.vedirect.logger;

import io.github.vedirect.Await;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.domoticz.DomoticzTrust;
import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;
import io.github.vedirect.domoticz.TestCertificate;
import io.github.vedirect.logging.LogCapture;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Domoticz over HTTPS with its own self-signed certificate: the real routes against a real TLS server
 * (the fake Domoticz on the JDK's HttpsServer) with certificates keytool makes for each run.
 */
class DomoticzTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path certificates;

    /** For 127.0.0.1 and localhost, valid now. */
    private static TestCertificate good;
    /** For 127.0.0.1 and localhost, expired two days ago. */
    private static TestCertificate expired;
    /** Valid now, but for another host. */
    private static TestCertificate otherHost;

    @TempDir
    Path dir;

    private FakeDomoticz domoticz;
    private RunningLogger logger;

    @BeforeAll
    static void makeCertificates() throws Exception {
        good = TestCertificate.generate(certificates, "good", "localhost", "dns:localhost,ip:127.0.0.1", null, 2);
        expired = TestCertificate.generate(certificates, "expired", "localhost", "dns:localhost,ip:127.0.0.1", "-3d", 1);
        otherHost = TestCertificate.generate(certificates, "other", "domoticz.example", "dns:domoticz.example", null, 2);
    }

    private void start(TestCertificate served, TestCertificate trusted) throws Exception {
        start(served, trusted, Map.of());
    }

    private void start(TestCertificate served, TestCertificate trusted, Map<String, String> extra) throws Exception {
        domoticz = FakeDomoticz.startHttps(Path.of("lua"), served.serverContext());
        Map<String, String> settings = new HashMap<>();
        settings.put("vedirect.port", "simulator:bmv702?blockInterval=100");
        settings.put("vedirect.interval", "1");
        settings.put("domoticz.url", domoticz.baseUri().toString());
        settings.put("domoticz.timeout", "2");
        if (trusted != null) {
            settings.put("domoticz.trust", trusted.pem().toString());
        }
        settings.putAll(extra);
        logger = new RunningLogger(dir.resolve("vedirect_data.csv"), settings);
    }

    @AfterEach
    void stop() {
        if (logger != null) {
            logger.close();
        }
        if (domoticz != null) {
            domoticz.close();
        }
    }

    @Test
    void withTheServersCertificateInDomoticzTrustUploadsArriveAndOtherHttpsKeepsTheJvmTrust() throws Exception {
        start(good, good);
        // The answered ones: a newer request may still be on its way to its answer (status 0 until then).
        List<RecordedRequest> answered = domoticz.awaitAnswered(3, WAIT);
        assertTrue(answered.stream().allMatch(r -> r.status() == 200), answered.toString());
        assertTrue(domoticz.svalue(1).isPresent(), "the Lua parser updated the voltage device");
        assertTrue(logger.bean("domoticzTls", DomoticzTrust.class).used(), "camel-http took the Domoticz trust");
        String getVersion = domoticz.baseUri() + "/json.htm?type=command&param=getversion";
        ProducerTemplate template = logger.context().createProducerTemplate();
        // The same server from another https endpoint: the JVM's trust store does not know this certificate.
        Exception refused = assertThrows(Exception.class, () -> template.requestBody(getVersion, null, String.class));
        assertTrue(hasCause(refused, SSLHandshakeException.class), "refused by the JVM's trust: " + refused);
        // And with the Domoticz trust it is accepted: the bean, not anything global, makes the difference.
        String version = template.requestBody(getVersion + "&sslContextParameters=#domoticzTls", null, String.class);
        assertTrue(version.contains("\"status\":\"OK\""), version);
        assertTrue(logger.csvLines().size() >= 2, "the CSV is written too");
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for a few failed uploads, then returns the warnings: one for the whole outage, however many
     * uploads failed, and on one line.
     */
    private List<String> warningsAfterFailedUploads(LogCapture log) throws InterruptedException {
        DomoticzResponses responses = logger.bean("domoticzResponses", DomoticzResponses.class);
        Await.until("three failed uploads", WAIT, () -> responses.failed() >= 3);
        List<String> warnings = log.lines().stream().filter(line -> line.startsWith("WARN") && line.contains("Domoticz")).toList();
        assertEquals(1, warnings.size(), "one line for the outage, not one per upload: " + log.lines());
        assertFalse(warnings.get(0).contains("\n") || warnings.get(0).contains(" | "), "one line, no stack trace: " + warnings.get(0));
        assertTrue(warnings.get(0).contains("certificate of 127.0.0.1:" + domoticz.port()), "names the host: " + warnings.get(0));
        assertEquals(0, responses.succeeded());
        // The handshake failed: Domoticz never saw a request, so nothing was sent without the right server.
        assertEquals(List.of(), domoticz.requests().stream().map(RecordedRequest::toString).toList());
        return warnings;
    }

    @Test
    void withoutDomoticzTrustASelfSignedCertificateIsOneLineSayingItIsNotTrusted() throws Exception {
        try (LogCapture log = new LogCapture()) {
            start(good, null);
            String warning = warningsAfterFailedUploads(log).get(0);
            assertTrue(warning.contains("is not trusted") && warning.contains("set domoticz.trust"), warning);
        }
    }

    @Test
    void aCertificateNotInDomoticzTrustIsNotTrustedAndTheLineNamesTheFile() throws Exception {
        try (LogCapture log = new LogCapture()) {
            // Domoticz made a new certificate; domoticz.trust still has another one.
            start(good, otherHost);
            String warning = warningsAfterFailedUploads(log).get(0);
            assertTrue(warning.contains("is not trusted") && warning.contains(otherHost.pem().toString()), warning);
        }
    }

    @Test
    void anExpiredCertificateIsOneLineSayingExpiredEvenWhenItIsTheTrustedOne() throws Exception {
        try (LogCapture log = new LogCapture()) {
            start(expired, expired);
            String warning = warningsAfterFailedUploads(log).get(0);
            assertTrue(warning.contains("has expired"), warning);
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRefusedInOneLine() throws Exception {
        try (LogCapture log = new LogCapture()) {
            // Trusted, in date, but for domoticz.example while domoticz.url says 127.0.0.1: host names stay checked.
            start(otherHost, otherHost);
            String warning = warningsAfterFailedUploads(log).get(0);
            assertTrue(warning.contains("another host name"), warning);
        }
    }
}
