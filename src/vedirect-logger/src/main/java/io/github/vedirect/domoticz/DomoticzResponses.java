package io.github.vedirect.domoticz;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;

/**
 * Reads Domoticz's answers and says what is wrong in one warning, repeated at most every few minutes
 * for as long as it lasts, instead of a stack trace per upload. Counts uploads for the status line.
 */
public class DomoticzResponses {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.vedirect.domoticz");

    private final Duration repeatWarningsEvery;
    private final String script;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();
    private volatile String lastProblem;

    public DomoticzResponses(Duration repeatWarningsEvery, String script) {
        this.repeatWarningsEvery = repeatWarningsEvery;
        this.script = script;
    }

    /** Judges an answer: HTTP status and, for the Lua parser, {@code {"status":"OK"}} or {@code "ERR"}. */
    public void answered(Exchange exchange) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getIn().getBody(String.class);
        String problem = null;
        if (status == 401) {
            problem = "Domoticz refused the login (HTTP 401): add this machine to Settings > Security > Trusted networks, "
                    + "or set domoticz.username and domoticz.password (and allow Basic-Auth over plain HTTP)";
        } else if (status == 403) {
            problem = "Domoticz refused the update (HTTP 403): the user in domoticz.username may not update devices";
        } else if (status != 200) {
            problem = "Domoticz answered HTTP " + status;
        } else if (body == null || !body.replace(" ", "").contains("\"status\":\"OK\"")) {
            problem = "PARSER".equals(exchange.getProperty(DomoticzRequests.KIND))
                    ? "Domoticz answered {\"status\":\"ERR\"}: the Lua parser " + script
                            + " is missing from scripts/lua_parsers or does not compile (see the Domoticz log)"
                    : "Domoticz answered " + abbreviate(body) + " to a device update: check the idx numbers in domoticz.devices";
        }
        if (problem == null) {
            succeeded.incrementAndGet();
            recovered();
        } else {
            failed.incrementAndGet();
            warn(problem);
        }
    }

    /** The request did not get an answer at all. */
    public void unanswered(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failed.incrementAndGet();
        warn("Domoticz did not answer: " + describe(cause));
    }

    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (is Domoticz running, and is domoticz.url right?)";
            }
            if (t instanceof SocketTimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return "no answer in time (" + t.getMessage() + ")";
            }
            if (t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return "the connection was dropped without an answer";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static String abbreviate(String body) {
        return body == null ? "nothing" : body.length() > 120 ? body.substring(0, 120) + "..." : body.strip();
    }

    private void warn(String problem) {
        long now = System.nanoTime();
        Long last = lastWarned.get(problem);
        if (last == null || now - last > repeatWarningsEvery.toNanos()) {
            lastWarned.put(problem, now);
            LOG.warn("{}; uploads go on, the CSV is not affected", problem);
        }
        lastProblem = problem;
    }

    private void recovered() {
        if (lastProblem != null) {
            LOG.info("Domoticz accepts uploads again");
            lastProblem = null;
            lastWarned.clear();
        }
    }

    public long succeeded() {
        return succeeded.get();
    }

    public long failed() {
        return failed.get();
    }

    /** The last problem, or null while uploads succeed. */
    public String lastProblem() {
        return lastProblem;
    }
}
