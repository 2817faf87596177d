package io.github.vedirect.influxdb;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how line protocol is written: InfluxDB 1.x ({@code POST /write?db=…&precision=ms}, optional user and
 * password as Basic authentication) or 2.x ({@code POST /api/v2/write?org=…&bucket=…&precision=ms} with
 * {@code Authorization: Token …}). VictoriaMetrics takes both. Credentials travel only in the
 * {@code Authorization} header, never in the URI (InfluxDB 1.x would also take {@code u=}/{@code p=} there, and
 * URIs end up in logs), and {@link #toString()} leaves them out.
 */
public final class InfluxTarget {

    /** The settings keys a refusal names, as issue 12 asks ("exit 2 with one line naming the key"). */
    public static final String URL_KEY = "influx.url";
    public static final String DATABASE_KEY = "influx.database";
    public static final String ORG_KEY = "influx.org";
    public static final String BUCKET_KEY = "influx.bucket";

    private final URI writeUri;
    private final String authorization;
    private final String description;

    private InfluxTarget(URI writeUri, String authorization, String description) {
        this.writeUri = writeUri;
        this.authorization = authorization;
        this.description = description;
    }

    /**
     * InfluxDB 1.x.
     *
     * @param url             the server, {@code http://host:8086}
     * @param database        the database; required
     * @param retentionPolicy the retention policy, or null for the database's default
     * @param username        user for Basic authentication, or null for none
     * @param password        its password (ignored without a user)
     */
    public static InfluxTarget v1(String url, String database, String retentionPolicy, String username, String password) {
        String base = base(url);
        require(database, DATABASE_KEY);
        StringBuilder query = new StringBuilder("/write?db=").append(encode(database));
        if (retentionPolicy != null && !retentionPolicy.isBlank()) {
            query.append("&rp=").append(encode(retentionPolicy));
        }
        query.append("&precision=").append(LineProtocol.PRECISION);
        String authorization = username == null || username.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        return new InfluxTarget(URI.create(base + query), authorization, "InfluxDB 1.x " + base + query
                + (authorization == null ? "" : " as " + username));
    }

    /**
     * InfluxDB 2.x.
     *
     * @param url    the server, {@code http://host:8086}
     * @param org    the organisation (name or id); required
     * @param bucket the bucket; required
     * @param token  the API token, or null where the server needs none (VictoriaMetrics)
     */
    public static InfluxTarget v2(String url, String org, String bucket, String token) {
        String base = base(url);
        require(org, ORG_KEY);
        require(bucket, BUCKET_KEY);
        String query = "/api/v2/write?org=" + encode(org) + "&bucket=" + encode(bucket)
                + "&precision=" + LineProtocol.PRECISION;
        String authorization = token == null || token.isEmpty() ? null : "Token " + token;
        return new InfluxTarget(URI.create(base + query), authorization, "InfluxDB 2.x " + base + query
                + (authorization == null ? "" : " with a token"));
    }

    /** The URI to POST line protocol to. */
    public URI writeUri() {
        return writeUri;
    }

    /** The headers of a write: {@code Content-Type} and, when credentials are set, {@code Authorization}. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return headers;
    }

    /** The body of a write: the lines, one per point, each ended by a newline. */
    public static String body(Iterable<String> lines) {
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            if (line != null) {
                body.append(line).append('\n');
            }
        }
        return body.toString();
    }

    /** Safe to log: the server, the write path and whether credentials are used, never the credentials. */
    @Override
    public String toString() {
        return description;
    }

    private static String base(String url) {
        require(url, URL_KEY);
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            // Not echoed: a mistyped URL may still hold a password.
            throw new IllegalArgumentException(URL_KEY + ": not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            // User info in the URL would be a password in every log line that shows the URL.
            throw new IllegalArgumentException(URL_KEY + ": expected http(s)://host:port[/path] without user or query: "
                    + uri.getScheme() + "://" + uri.getHost());
        }
        return url.trim().replaceAll("/+$", "");
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
