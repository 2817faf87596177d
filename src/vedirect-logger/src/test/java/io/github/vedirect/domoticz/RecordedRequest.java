package io.github.vedirect.domoticz;

import java.time.Instant;
import java.util.Map;

/**
 * One HTTP request as the fake received it. Recorded on arrival, so a held (stalled) request is visible
 * before it is answered; {@link #status()} is 0 until the answer is being sent, and 0 again if the
 * connection was dropped instead (refused listener, closed server, the no-query POST crash).
 */
public final class RecordedRequest {

    private final long sequence;
    private final Instant at;
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, String> params;
    private final Map<String, String> uri;
    private final String authorization;
    private final String body;
    private volatile int status;
    private volatile String responseBody;

    RecordedRequest(long sequence, Instant at, String method, String path, String rawQuery,
            Map<String, String> params, Map<String, String> uri, String authorization, String body) {
        this.sequence = sequence;
        this.at = at;
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.params = Map.copyOf(params);
        this.uri = Map.copyOf(uri);
        this.authorization = authorization;
        this.body = body;
    }

    void answered(int httpStatus, String response) {
        this.responseBody = response;
        this.status = httpStatus;
    }

    /** Arrival order, from 0. */
    public long sequence() {
        return sequence;
    }

    public Instant at() {
        return at;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The query exactly as sent, still percent-encoded; null when the URL had no {@code ?}. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The parameters as Domoticz's web server decodes them ({@code +} read as a space). */
    public Map<String, String> params() {
        return params;
    }

    /** The {@code uri} table a Lua parser would get from this request. */
    public Map<String, String> uri() {
        return uri;
    }

    /** The Authorization header, or null. */
    public String authorization() {
        return authorization;
    }

    /** The request body as UTF-8 (empty for a GET). */
    public String body() {
        return body;
    }

    /** The HTTP status answered, 0 while held or if no answer was sent. */
    public int status() {
        return status;
    }

    /** The body answered, or null while held or if no answer was sent. */
    public String responseBody() {
        return responseBody;
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + method + " " + path + (rawQuery == null ? "" : "?" + rawQuery) + " -> "
                + (status == 0 ? "(no answer)" : status + " " + responseBody);
    }
}
