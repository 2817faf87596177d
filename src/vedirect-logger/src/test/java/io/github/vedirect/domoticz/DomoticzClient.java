package io.github.vedirect.domoticz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The requests the logger sends to Domoticz, for the tests: built by hand so every byte is known. */
final class DomoticzClient {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    DomoticzClient(URI base) {
        this.base = base;
    }

    /**
     * Percent-encodes every byte outside A-Z a-z 0-9 {@code - . _ ~} (RFC 3986 unreserved), space as
     * {@code %20}: the only encoding that survives Domoticz's split-then-decode parsing whole.
     */
    static String encodeAll(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** {@code /json.htm?type=command&param=udevices&script=SCRIPT&data=ENCODED}, data already encoded. */
    URI udevicesUri(String script, String encodedData) {
        return URI.create(base + "/json.htm?type=command&param=udevices&script=" + script + "&data=" + encodedData);
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(URI.create(base + pathAndQuery));
    }

    HttpResponse<String> getWithAuthorization(String pathAndQuery, String authorization)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The record GET-encoded in the URL, the way the logger sends it. */
    HttpResponse<String> sendRecord(String script, String json) throws IOException, InterruptedException {
        return get(udevicesUri(script, encodeAll(json)));
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request line byte for byte over a plain socket and returns the status code: for targets
     * java.net.URI refuses to build (a malformed escape), which is exactly what some clients send.
     */
    int rawGetStatus(String requestTarget) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + requestTarget + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            // "HTTP/1.1 400 Bad Request"
            String[] statusLine = response.split("\r\n", 2)[0].split(" ");
            if (statusLine.length < 2) {
                throw new IOException("no status line in: " + response);
            }
            return Integer.parseInt(statusLine[1]);
        }
    }
}
