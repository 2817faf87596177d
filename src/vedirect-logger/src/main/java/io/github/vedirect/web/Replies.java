package io.github.vedirect.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.github.vedirect.status.StatusServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** How the page's paths answer: JSON, one line of text for a bad request, gzip when the client takes it. */
final class Replies {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Everything from the logger itself: no request may leave its address (no CDN, no font service). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

    private Replies() {
    }

    /** JSON; gzipped for a client that takes it (a 24 h history is mostly repeated nulls: 17 KB, 2 KB gzipped). */
    static void json(HttpExchange exchange, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        boolean gzip = bytes.length > 1024 && acceptsGzip(exchange);
        send(exchange, 200, "application/json", gzip ? gzip(bytes) : bytes, gzip);
    }

    /** A request the page's API cannot answer: the status and one line saying why, never a stack trace. */
    static void line(HttpExchange exchange, int status, String line) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (line + "\n").getBytes(StandardCharsets.UTF_8), false);
    }

    static boolean acceptsGzip(HttpExchange exchange) {
        return exchange.getRequestHeaders().getOrDefault("Accept-Encoding", List.of()).stream().anyMatch(v -> v.contains("gzip"));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The answer (to HEAD its headers alone); {@code gzipped}: the body is gzip, said in Content-Encoding. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean gzipped) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Vary", "Accept-Encoding");
        if (gzipped) {
            headers.set("Content-Encoding", "gzip");
        }
        StatusServer.sendBody(exchange, status, body);
    }
}
