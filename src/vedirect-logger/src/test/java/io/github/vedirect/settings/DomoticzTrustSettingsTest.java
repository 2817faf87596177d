package io.github.vedirect.settings;

import io.github.vedirect.domoticz.TestCertificate;
import io.github.vedirect.logger.LoggerLauncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code domoticz.trust}: a file that cannot be used stops the start with one line naming the key, exit code 2. */
class DomoticzTrustSettingsTest {

    private static final String HTTPS = "https://pi:443";

    @TempDir
    static Path certificates;

    private static TestCertificate certificate;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.generate(certificates, "server", "pi", "dns:pi", null, 2);
    }

    @AfterEach
    void clear() {
        System.clearProperty("domoticz.url");
        System.clearProperty("domoticz.trust");
    }

    private static LoggerSettings with(String url, String trust) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = DomoticzTrustSettingsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        properties.setProperty("domoticz.url", url);
        properties.setProperty("domoticz.trust", trust);
        return LoggerSettings.from(properties::getProperty);
    }

    private static String refused(String url, String trust) {
        return assertThrows(SettingsException.class, () -> with(url, trust)).getMessage();
    }

    @Test
    void notSetMeansTheJvmTrustStoreAsBefore() throws IOException {
        assertNull(with(HTTPS, "").domoticzTrust());
    }

    @Test
    void theServersPemCertificateIsRead() throws IOException {
        LoggerSettings settings = with(HTTPS, certificate.pem().toString());
        assertEquals(1, settings.domoticzTrust().certificates().size());
        assertEquals("CN=pi", settings.domoticzTrust().certificates().get(0).getSubjectX500Principal().getName());
        assertFalse(settings.domoticzTrust().holdsPrivateKey());
    }

    @Test
    void domoticzsServerCertPemWithItsPrivateKeyIsReadForTheCertificateOnly() throws IOException {
        // Domoticz's server_cert.pem: private key, certificate and DH parameters in one file.
        Path serverCert = dir.resolve("server_cert.pem");
        Files.writeString(serverCert, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"
                + Files.readString(certificate.pem())
                + "-----BEGIN DH PARAMETERS-----\nMIIBCAKCAQEA\n-----END DH PARAMETERS-----\n");
        LoggerSettings settings = with(HTTPS, serverCert.toString());
        assertEquals(1, settings.domoticzTrust().certificates().size());
        assertTrue(settings.domoticzTrust().holdsPrivateKey(), "warned about at start");
    }

    @Test
    void aMissingFileIsOneLine() {
        Path missing = dir.resolve("missing.pem");
        assertEquals("domoticz.trust=" + missing + ": no such file", refused(HTTPS, missing.toString()));
    }

    @Test
    void aBinaryCertificateIsNotPem() throws IOException {
        Path der = dir.resolve("server.der");
        String pem = Files.readString(certificate.pem());
        Files.write(der, Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")));
        String line = refused(HTTPS, der.toString());
        assertTrue(line.startsWith("domoticz.trust=" + der + ": is not a PEM file") && line.contains("openssl x509 -inform der"), line);
    }

    @Test
    void aPemWithoutCertificateSaysWhatItHas() throws IOException {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");
        String line = refused(HTTPS, key.toString());
        assertTrue(line.startsWith("domoticz.trust=" + key + ": has no certificate, only PRIVATE KEY"), line);
        assertFalse(line.contains("MIGHAgEA"), "never the key's content: " + line);
    }

    @Test
    void aDamagedCertificateIsOneLine() throws IOException {
        Path damaged = dir.resolve("damaged.pem");
        Files.writeString(damaged, "-----BEGIN CERTIFICATE-----\nMIIBnotacertificate\n-----END CERTIFICATE-----\n");
        String line = refused(HTTPS, damaged.toString());
        assertTrue(line.startsWith("domoticz.trust=" + damaged + ": certificate 1 in it is damaged"), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void aTrustForPlainHttpIsAMistake() {
        String line = refused("http://pi:8080", certificate.pem().toString());
        assertEquals("domoticz.trust=" + certificate.pem() + ": is only for Domoticz over HTTPS, and domoticz.url is http://pi:8080: "
                + "make it https://, or leave domoticz.trust empty", line);
    }

    @Test
    void theLauncherExitsWithTwoAndOneLine() {
        Path missing = dir.resolve("missing.pem");
        System.setProperty("domoticz.url", HTTPS);
        System.setProperty("domoticz.trust", missing.toString());
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = LoggerLauncher.run();
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, exit);
        assertEquals("vedirect-logger: domoticz.trust=" + missing + ": no such file\n", err.toString(StandardCharsets.UTF_8));
    }
}
