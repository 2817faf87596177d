package io.github.vedirect.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The page's files, all from the jar: index.html, app.js, app.css ({@code web/} in the resources) and uPlot, the
 * charting library, from its WebJar (pinned in the pom). Read and gzipped once at the start: a few hundred KB of heap
 * at most, and no disk read nor compression per request on a Pi.
 */
final class StaticFiles implements HttpHandler {

    private static final String UPLOT = "META-INF/resources/webjars/uplot/%s/dist/%s";

    /** A file: its type, its bytes, and its bytes gzipped. */
    private record File(String type, byte[] plain, byte[] gzipped) {
    }

    private final Map<String, File> files = new LinkedHashMap<>();

    StaticFiles() {
        add("/", "web/index.html", "text/html; charset=utf-8");
        add("/app.js", "web/app.js", "text/javascript; charset=utf-8");
        add("/app.css", "web/app.css", "text/css; charset=utf-8");
        String uplot = uplotVersion();
        add("/uPlot.js", UPLOT.formatted(uplot, "uPlot.iife.min.js"), "text/javascript; charset=utf-8");
        add("/uPlot.css", UPLOT.formatted(uplot, "uPlot.min.css"), "text/css; charset=utf-8");
    }

    /** The version of uPlot's WebJar on the class path, from its pom.properties (the pom pins it: one place). */
    private static String uplotVersion() {
        Properties properties = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static InputStream resource(String name) {
        InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the jar lacks " + name);
        }
        return in;
    }

    private void add(String path, String resource, String type) {
        try (InputStream in = resource(resource)) {
            byte[] plain = in.readAllBytes();
            files.put(path, new File(type, plain, Replies.gzip(plain)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes a first load costs, gzipped: every file the page loads (the figure in docs/performance.md). */
    long gzippedBytes() {
        return files.values().stream().mapToLong(f -> f.gzipped().length).sum();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        File file = files.get(exchange.getRequestURI().getPath());
        if (file == null) {
            Replies.line(exchange, 404, "no such page: " + exchange.getRequestURI().getPath());
            return;
        }
        boolean gzip = Replies.acceptsGzip(exchange);
        Replies.send(exchange, 200, file.type(), gzip ? file.gzipped() : file.plain(), gzip);
    }
}
