package io.github.vedirect.domoticz;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Domoticz's answers and says what is wrong in one line, instead of a stack trace per upload:
 * an outage (Domoticz down, refusing, or its parser failing) is one warning when it starts, a reminder if it
 * lasts longer than the repeat interval, and one line when it ends, with its length. A direct-mode device
 * that Domoticz refuses (a wrong idx) is one line naming its label and idx, repeated at most every interval.
 * Counts uploads for the status line.
 */
public class DomoticzResponses {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.vedirect.domoticz");
    private static final Pattern IDX = Pattern.compile("[?&]idx=(\\d+)");

    /** Set on an exchange whose request Domoticz accepted: its sender may want to know (the alarms' Alert device). */
    public static final String ACCEPTED = "VeDirectDomoticzAccepted";

    private final Duration repeatWarningsEvery;
    private final DomoticzSettings settings;
    private final java.nio.file.Path trustFile;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<Integer, Long> deviceWarnedAt = new ConcurrentHashMap<>();
    private final Object outageLock = new Object();
    private String lastProblem;
    private long outageStartedAt;
    private long outageWarnedAt;
    private long failedInOutage;
    private long outages;

    public DomoticzResponses(Duration repeatWarningsEvery, DomoticzSettings settings) {
        this(repeatWarningsEvery, settings, null);
    }

    /** With {@code trustFile} the {@code domoticz.trust} PEM file (null: the JVM's trust store), named when refused. */
    public DomoticzResponses(Duration repeatWarningsEvery, DomoticzSettings settings, java.nio.file.Path trustFile) {
        this.repeatWarningsEvery = repeatWarningsEvery;
        this.settings = settings;
        this.trustFile = trustFile;
    }

    /** Judges an answer: HTTP status and, for the Lua parser, {@code {"status":"OK"}} or {@code "ERR"}. */
    public void answered(Exchange exchange) {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getIn().getBody(String.class);
        if (status == 200 && body != null && body.replace(" ", "").contains("\"status\":\"OK\"")) {
            succeeded.incrementAndGet();
            exchange.setProperty(ACCEPTED, true);
            recovered();
            return;
        }
        failed.incrementAndGet();
        if (status == 200 && !"PARSER".equals(exchange.getProperty(DomoticzRequests.KIND))) {
            // Domoticz is up and refuses this one device: not an outage, and the other devices go on.
            refusedDevice(exchange.getIn().getHeader(Exchange.HTTP_URI, String.class), body);
            return;
        }
        String problem;
        if (status == 401) {
            problem = settings.hasCredentials()
                    ? "Domoticz refused the credentials (HTTP 401): check domoticz.username and domoticz.password, "
                            + "and that Domoticz allows Basic-Auth (Settings > Security)"
                    : "Domoticz refused the login (HTTP 401): add this machine to Settings > Security > Trusted networks, "
                            + "or set domoticz.username and domoticz.password (and allow Basic-Auth over plain HTTP)";
        } else if (status == 403) {
            problem = "Domoticz refused the update (HTTP 403): the user in domoticz.username may not update devices";
        } else if (status != 200) {
            problem = "Domoticz answered HTTP " + status;
        } else {
            problem = "Domoticz answered {\"status\":\"ERR\"}: the Lua parser " + settings.script()
                    + " is missing from scripts/lua_parsers or does not compile (see the Domoticz log)";
        }
        outage(problem);
    }

    /** The request did not get an answer at all. */
    public void unanswered(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failed.incrementAndGet();
        String certificate = certificateProblem(cause);
        outage(certificate != null ? "No upload to Domoticz: " + certificate : "Domoticz did not answer: " + describe(cause));
    }

    /**
     * Why TLS with Domoticz failed, naming the host, or null when it is not about TLS. Dates and host names
     * come before trust: a PKIX failure wraps the expiry that caused it, and the reason to act on is the expiry.
     */
    private String certificateProblem(Throwable cause) {
        String host = settings.url() == null ? "Domoticz" : settings.url().getAuthority();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = oneLine(t.getMessage());
            if (t instanceof java.security.cert.CertificateExpiredException) {
                return "the certificate of " + host + " has expired (" + message + "): renew it in Domoticz"
                        + (trustFile == null ? "" : " and put the new one in domoticz.trust");
            }
            if (t instanceof java.security.cert.CertificateNotYetValidException) {
                return "the certificate of " + host + " is not valid yet (" + message + "): check the clock of this machine";
            }
            if ((t instanceof javax.net.ssl.SSLPeerUnverifiedException && message.contains("match"))
                    || (t instanceof java.security.cert.CertificateException && message.startsWith("No ") && message.contains("matching"))) {
                return "the certificate of " + host + " is for another host name (" + message + "): domoticz.url must use a "
                        + "name or address that the certificate has";
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathBuilderException || t instanceof java.security.cert.CertPathValidatorException
                    || t.getClass().getName().endsWith(".ValidatorException")) {
                return trustFile == null
                        ? "the certificate of " + host + " is not trusted (Domoticz's own self-signed one? put it in a PEM file "
                                + "and set domoticz.trust, see docs/domoticz.md \"Domoticz over HTTPS\")"
                        : "the certificate of " + host + " is not trusted: it is neither in domoticz.trust (" + trustFile
                                + ") nor signed by a certificate there (has Domoticz a new certificate? fetch it again)";
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS with " + host + " failed (" + oneLine(t.getMessage()) + ")";
            }
        }
        return null;
    }

    private void refusedDevice(String uri, String body) {
        Matcher idx = IDX.matcher(uri == null ? "" : uri);
        int number = idx.find() ? Integer.parseInt(idx.group(1)) : -1;
        boolean alert = settings.alarmIdx() != null && settings.alarmIdx() == number;
        String label = alert ? "the alarms" : java.util.stream.Stream.concat(settings.devices().stream(),
                        settings.devicesByName().values().stream().flatMap(List::stream))
                .filter(device -> device.idx() == number).map(DomoticzDevice::label).findFirst().orElse("?");
        long now = System.nanoTime();
        Long last = deviceWarnedAt.get(number);
        if (last == null || now - last > repeatWarningsEvery.toNanos()) {
            deviceWarnedAt.put(number, now);
            LOG.warn("Domoticz refused the update of {} (idx {}): {}; check that idx {} is {} (the other devices go on)",
                    label, number, oneLine(body), number, alert ? "an Alert device (domoticz.alarm-idx)"
                            : "a device of the type in domoticz.devices");
        }
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

    /** Domoticz answers in indented JSON over several lines: a log line must stay one line. */
    private static String oneLine(String body) {
        if (body == null) {
            return "nothing";
        }
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private void outage(String problem) {
        synchronized (outageLock) {
            long now = System.nanoTime();
            if (lastProblem == null) {
                outages++;
                outageStartedAt = now;
                outageWarnedAt = now;
                failedInOutage = 1;
                LOG.warn("{}; uploads go on, the CSV is not affected", problem);
            } else {
                failedInOutage++;
                if (now - outageWarnedAt > repeatWarningsEvery.toNanos()) {
                    outageWarnedAt = now;
                    LOG.warn("Domoticz still fails after {}: {}", length(now - outageStartedAt), problem);
                } else if (!problem.equals(lastProblem)) {
                    LOG.debug("{}", problem);
                }
            }
            lastProblem = problem;
        }
    }

    private void recovered() {
        synchronized (outageLock) {
            if (lastProblem != null) {
                LOG.info("Domoticz accepts uploads again after {} ({} uploads failed)",
                        length(System.nanoTime() - outageStartedAt), failedInOutage);
                lastProblem = null;
            }
        }
    }

    /** 45 s, 3 min 20 s, 2 h 5 min: how long an outage lasted, to the second. */
    public static String length(long nanos) {
        long seconds = Math.max(0, Math.round(nanos / 1e9));
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    public long succeeded() {
        return succeeded.get();
    }

    public long failed() {
        return failed.get();
    }

    /** How many outages began since the start. */
    public long outages() {
        synchronized (outageLock) {
            return outages;
        }
    }

    /** The problem of the outage under way, or null while uploads succeed. */
    public String lastProblem() {
        synchronized (outageLock) {
            return lastProblem;
        }
    }
}
