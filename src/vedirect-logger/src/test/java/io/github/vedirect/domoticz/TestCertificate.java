package io.github.vedirect.domoticz;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made by the JDK's keytool, as an administrator would make one (and as
 * Domoticz makes its own): a PKCS12 key store for a test server and the certificate alone as PEM, which is
 * what {@code domoticz.trust} is given. Generated per test run: no key material lives in the repository.
 *
 * @param keyStore the PKCS12 file with the private key and the certificate
 * @param pem      the certificate alone, {@code -----BEGIN CERTIFICATE-----}
 */
public record TestCertificate(Path keyStore, Path pem) {

    private static final String PASSWORD = "test-only";

    /**
     * A certificate for {@code CN=cn} with the subject alternative names {@code san} (keytool syntax:
     * {@code dns:localhost,ip:127.0.0.1}), valid from {@code start} (keytool syntax, e.g. {@code -3d}; null: now)
     * for {@code days} days.
     */
    public static TestCertificate generate(Path dir, String name, String cn, String san, String start, int days)
            throws IOException, InterruptedException {
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + cn, "-ext", "san=" + san, "-validity", Integer.toString(days),
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (start != null) {
            command.addAll(List.of("-startdate", start));
        }
        run(command);
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-file", pem.toString()));
        return new TestCertificate(keyStore, pem);
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    /** The server side: a TLS context that presents this certificate. */
    public SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
