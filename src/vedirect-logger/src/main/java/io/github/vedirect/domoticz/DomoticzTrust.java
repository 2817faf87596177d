package io.github.vedirect.domoticz;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whom the Domoticz requests trust over HTTPS, given to camel-http as the Domoticz endpoint's
 * {@code sslContextParameters} only (routes/vedirect.yaml: {@code sslContextParameters=#domoticzTls}), so that
 * any other https destination keeps the JVM's trust store.
 *
 * <p>With {@code domoticz.trust} set, the trust store holds only that PEM file's certificates: the server's own
 * (Domoticz makes a self-signed one) or the CA that signed it. Nothing else is trusted, and the host name is
 * still checked by the HTTP client: there is deliberately no way to trust any certificate at all. Without it,
 * the JVM's default trust applies, as it did before this setting existed.
 */
public final class DomoticzTrust extends SSLContextParameters {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** A PEM file is text and small; a bigger file is something else, and is not read into memory. */
    private static final long MAX_BYTES = 1_000_000;

    private final Path file;
    private final List<X509Certificate> certificates;
    private final boolean holdsPrivateKey;
    private volatile boolean used;

    private DomoticzTrust(Path file, List<X509Certificate> certificates, boolean holdsPrivateKey) {
        this.file = file;
        this.certificates = certificates;
        this.holdsPrivateKey = holdsPrivateKey;
    }

    /** No {@code domoticz.trust}: the JVM's trust store, as camel-http uses by default. */
    public static DomoticzTrust jvmDefault() {
        return new DomoticzTrust(null, List.of(), false);
    }

    /**
     * Reads the certificates of a PEM file. Other blocks (Domoticz's {@code server_cert.pem} also holds its
     * private key and DH parameters) are skipped, never parsed nor kept.
     *
     * @throws IllegalArgumentException with the one-line reason why the file cannot be used
     */
    public static DomoticzTrust read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(Files.exists(file) ? "is not a file" : "no such file");
        }
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("is not a PEM file (over 1 MB)");
            }
            // Latin-1 maps every byte to a char: a binary (DER) file reads without error and is then told apart.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        List<X509Certificate> found = new ArrayList<>();
        Set<String> otherKinds = new LinkedHashSet<>();
        Matcher block = BLOCK.matcher(text);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 support", e);
        }
        while (block.find()) {
            String kind = block.group(1);
            if (!kind.equals("CERTIFICATE") && !kind.equals("TRUSTED CERTIFICATE")) {
                otherKinds.add(kind);
                continue;
            }
            try {
                String pem = "-----BEGIN CERTIFICATE-----" + block.group(2) + "-----END CERTIFICATE-----\n";
                found.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.ISO_8859_1))));
            } catch (CertificateException | ClassCastException e) {
                throw new IllegalArgumentException("certificate " + (found.size() + 1) + " in it is damaged (" + oneLine(e.getMessage()) + ")");
            }
        }
        if (found.isEmpty()) {
            if (otherKinds.isEmpty()) {
                throw new IllegalArgumentException("is not a PEM file: no -----BEGIN CERTIFICATE----- in it (a binary .crt or .der? "
                        + "convert it with: openssl x509 -inform der -in FILE -out FILE.pem)");
            }
            throw new IllegalArgumentException("has no certificate, only " + String.join(", ", otherKinds)
                    + ": it needs the -----BEGIN CERTIFICATE----- block of Domoticz's certificate or of its CA");
        }
        boolean privateKey = otherKinds.stream().anyMatch(kind -> kind.contains("PRIVATE KEY"));
        return new DomoticzTrust(file, Collections.unmodifiableList(found), privateKey);
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable" : message.replaceAll("\\s+", " ").strip();
    }

    /** The PEM file; null for the JVM's trust store. */
    public Path file() {
        return file;
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** Whether the file also holds a private key, which the logger does not need and a copy should not have. */
    public boolean holdsPrivateKey() {
        return holdsPrivateKey;
    }

    /** Whether camel-http has asked for the SSL context: the Domoticz endpoint refers to this bean. */
    public boolean used() {
        return used;
    }

    @Override
    public SSLContext createSSLContext(CamelContext camelContext) throws GeneralSecurityException, IOException {
        used = true;
        return sslContext();
    }

    /** The SSL context of the Domoticz requests. */
    public SSLContext sslContext() throws GeneralSecurityException, IOException {
        if (file == null) {
            return SSLContext.getDefault();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("domoticz-trust-" + i, certificates.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        X509ExtendedTrustManager pkix = Arrays.stream(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                .findFirst().orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new CurrentServerCertificate(pkix)}, null);
        return context;
    }

    /**
     * The JDK's PKIX checks, plus the server certificate's dates. The JDK accepts a server certificate that is
     * itself in the trust store without looking at its dates (it is a trust anchor), which is exactly the
     * self-signed Domoticz case: without this, an expired Domoticz certificate would go on being accepted.
     */
    private static final class CurrentServerCertificate extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager pkix;

        CurrentServerCertificate(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        private static void checkDates(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                return;
            }
            X509Certificate server = chain[0];
            java.util.Date now = new java.util.Date();
            if (now.after(server.getNotAfter())) {
                throw new CertificateExpiredException("expired on " + server.getNotAfter().toInstant());
            }
            if (now.before(server.getNotBefore())) {
                throw new CertificateNotYetValidException("valid only from " + server.getNotBefore().toInstant());
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkServerTrusted(chain, authType, socket);
            checkDates(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            pkix.checkServerTrusted(chain, authType, engine);
            checkDates(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            checkDates(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }

    @Override
    public String toString() {
        return file == null ? "DomoticzTrust[JVM trust store]" : "DomoticzTrust[" + file + ", " + certificates.size() + " certificate(s)]";
    }
}
