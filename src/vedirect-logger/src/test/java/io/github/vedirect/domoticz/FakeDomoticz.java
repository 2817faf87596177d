package io.github.vedirect.domoticz;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A test double of Domoticz's {@code /json.htm}, as docs/domoticz.md describes it: a real HTTP server on
 * 127.0.0.1 that parses queries the way Domoticz does and runs Lua parsers in a real Lua interpreter.
 *
 * <p>Commands: {@code param=udevices&script=NAME} (runs {@code NAME} from the lua_parsers directory given
 * to {@link #start}), {@code param=udevice&idx=N&nvalue=X&svalue=S} and {@code param=getversion}; anything
 * else answers {@code {"status":"ERR"}}.
 *
 * <p>Faults for resilience tests ({@link #answerNormally}, {@link #answerErr}, {@link #answerHttpStatus},
 * {@link #stallFor}, {@link #stallUntilChanged}, {@link #answerSlowly}, {@link #refuseConnections},
 * {@link #listenAgain}) can be switched from any thread at any time; requests are served by a pool, so a
 * held request does not hold the next one.
 *
 * <p>Everything received is recorded: requests (on arrival), device updates, and the scripts' log.
 *
 * <p>One gap with the real server: the JDK's HttpServer parses the request target with java.net.URI and
 * answers 400 itself, before this class sees (or records) the request, when the target is not a valid
 * URI. For a malformed escape such as {@code %zz} that is what Domoticz does too (400, the script never
 * runs); but Domoticz would accept raw {@code "}, {@code {}} or {@code |}, which the JDK rejects. Java
 * clients cannot send those either (java.net.URI refuses them), so the logger is not affected.
 */
public final class FakeDomoticz implements AutoCloseable {

    /** What the fake does with the next requests. */
    public enum Fault {
        /** Behave like Domoticz. */
        NORMAL,
        /** HTTP 200 {@code {"status":"ERR"}} without doing anything. */
        ERR,
        /** Answer with a fixed HTTP status (500, 401, 403...) without doing anything. */
        HTTP_STATUS,
        /** Hold each request until a delay passes or the fault changes; nothing is done meanwhile. */
        STALL,
        /** Do the work at once, then hold the answer for a delay: the client may time out after the update. */
        SLOW
    }

    /** Domoticz waits this long for a parser before answering anyway (the script keeps running). */
    public static final Duration DEFAULT_SCRIPT_WAIT = Duration.ofSeconds(10);

    private static final String VERSION = "2025.1";
    private static final String OK_UPDATE = "{\"status\":\"OK\",\"title\":\"Update Device\"}";
    private static final String ERR = "{\"status\":\"ERR\"}";
    private Set<Integer> knownDevices;
    private static final Pattern SCRIPT_NAME = Pattern.compile("^[A-Za-z0-9_.-]+\\.lua$");

    private final Path luaParsers;
    private final int port;
    private final ExecutorService handlers;
    private final ExecutorService scripts;
    /** Null: plain HTTP; else HTTPS with the certificate of this context (Domoticz's https port). */
    private final SSLContext tls;

    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private HttpServer server;
    private long listenerGeneration;
    private boolean closed;
    private Fault fault = Fault.NORMAL;
    private int faultStatus;
    private Duration faultDelay = Duration.ZERO;
    private long faultGeneration;
    private String adminUser;
    private String adminPassword;
    private boolean trustedNetwork = true;
    private final Map<String, String> viewers = new HashMap<>();
    private Duration scriptWait = DEFAULT_SCRIPT_WAIT;
    private long instructionLimit = LuaParserRun.DEFAULT_INSTRUCTION_LIMIT;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<DeviceUpdate> updates = new ArrayList<>();
    private final List<ScriptLogLine> log = new ArrayList<>();
    /** What Lua parsers find in otherdevices_idx and friends; empty as with Domoticz's event system off. */
    private final Map<Integer, ParserDevice> devices = new java.util.TreeMap<>();

    private FakeDomoticz(Path luaParsers, HttpServer server, ExecutorService handlers) {
        this(luaParsers, server, handlers, null);
    }

    private FakeDomoticz(Path luaParsers, HttpServer server, ExecutorService handlers, SSLContext tls) {
        this.tls = tls;
        this.luaParsers = luaParsers;
        this.server = server;
        this.port = server.getAddress().getPort();
        this.handlers = handlers;
        this.scripts = Executors.newCachedThreadPool(daemonThreads("fake-domoticz-lua"));
    }

    /**
     * Starts a fake on 127.0.0.1 and an ephemeral port, looking Lua parsers up in {@code luaParsers}
     * (Domoticz's {@code <userdata>/scripts/lua_parsers}).
     */
    public static FakeDomoticz start(Path luaParsers) throws IOException {
        ExecutorService handlers = Executors.newCachedThreadPool(daemonThreads("fake-domoticz-http"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        FakeDomoticz fake = new FakeDomoticz(luaParsers, server, handlers);
        server.createContext("/", fake::handle);
        server.setExecutor(handlers);
        server.start();
        return fake;
    }

    /**
     * As {@link #start}, over HTTPS (the JDK's HttpsServer, a real TLS handshake) with the certificate that
     * {@code tls} presents, as Domoticz serves its https port with its own certificate.
     */
    public static FakeDomoticz startHttps(Path luaParsers, SSLContext tls) throws IOException {
        ExecutorService handlers = Executors.newCachedThreadPool(daemonThreads("fake-domoticz-https"));
        HttpServer server = httpsServer(0, tls);
        FakeDomoticz fake = new FakeDomoticz(luaParsers, server, handlers, tls);
        server.createContext("/", fake::handle);
        server.setExecutor(handlers);
        server.start();
        return fake;
    }

    private static HttpServer httpsServer(int port, SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return server;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Addresses and configuration

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}, or {@code https://} when started by {@link #startHttps}. */
    public URI baseUri() {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
    }

    /** {@code http://127.0.0.1:PORT/json.htm} */
    public URI jsonUri() {
        return baseUri().resolve("/json.htm");
    }

    /**
     * Adds an admin user and stops trusting the client's network: from now on udevice/udevices need these
     * Basic credentials, and a missing or wrong Authorization header gets 401. getversion stays open.
     */
    public FakeDomoticz requireBasicAuth(String user, String password) {
        synchronized (lock) {
            adminUser = user;
            adminPassword = password;
            trustedNetwork = false;
        }
        return this;
    }

    /**
     * Trusts the client's network again (the default): no credentials needed. A Basic header that is sent
     * anyway is still checked, and a wrong one still gets 401, as in Domoticz.
     */
    public FakeDomoticz trustNetwork() {
        synchronized (lock) {
            trustedNetwork = true;
        }
        return this;
    }

    /** The devices Domoticz has: a udevice for any other idx answers {@code {"status":"ERR"}}, as Domoticz does. */
    public FakeDomoticz onlyDevices(Integer... idx) {
        synchronized (lock) {
            knownDevices = Set.of(idx);
        }
        return this;
    }

    /**
     * Gives Domoticz these devices (replacing any given before): Lua parsers find them in their device tables
     * ({@code otherdevices_idx} and friends), and an update of one of them by a parser changes the svalue the
     * next run sees. Without this call the tables are empty, as in a Domoticz whose event system is disabled.
     */
    public FakeDomoticz withDevices(ParserDevice... given) {
        synchronized (lock) {
            devices.clear();
            for (ParserDevice device : given) {
                devices.put(device.idx(), device);
            }
        }
        return this;
    }

    /** The devices as a parser would see them now. */
    public List<ParserDevice> devices() {
        synchronized (lock) {
            return List.copyOf(devices.values());
        }
    }

    /** Adds a Viewer user: accepted as a login, 403 on udevice, but allowed to run a parser (udevices), as in Domoticz. */
    public FakeDomoticz addViewer(String user, String password) {
        synchronized (lock) {
            viewers.put(user, password);
        }
        return this;
    }

    /** How long a udevices request waits for its script before answering (Domoticz: 10 s). */
    public FakeDomoticz scriptWait(Duration wait) {
        synchronized (lock) {
            scriptWait = wait;
        }
        return this;
    }

    /**
     * Lua VM instructions after which a script is stopped (Domoticz: 10,000,000). Lua's count hook takes
     * an int, hence the upper bound.
     */
    public FakeDomoticz instructionLimit(long instructions) {
        if (instructions < 1 || instructions > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("instruction limit must be 1.." + Integer.MAX_VALUE + ": " + instructions);
        }
        synchronized (lock) {
            instructionLimit = instructions;
        }
        return this;
    }

    // ---------------------------------------------------------------------------------------------
    // Faults

    /** Back to normal; releases held requests. */
    public void answerNormally() {
        setFault(Fault.NORMAL, 0, Duration.ZERO);
    }

    /** HTTP 200 {@code {"status":"ERR"}} to every request, nothing done. */
    public void answerErr() {
        setFault(Fault.ERR, 0, Duration.ZERO);
    }

    /** This HTTP status (e.g. 500, 401, 403) to every request, nothing done. */
    public void answerHttpStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        setFault(Fault.HTTP_STATUS, status, Duration.ZERO);
    }

    /**
     * Holds each request (connection accepted, nothing read into Domoticz, nothing done) for {@code delay}
     * or until the fault is changed or the server closes, whichever comes first; the request is then
     * answered as the fault in force at that moment says (normally if that is itself a stall or slow).
     */
    public void stallFor(Duration delay) {
        setFault(Fault.STALL, 0, delay);
    }

    /** {@link #stallFor} without a time limit: held until the fault changes or the server closes. */
    public void stallUntilChanged() {
        setFault(Fault.STALL, 0, null);
    }

    /** Handles each request at once (updates are recorded) but sends the answer only after {@code delay}. */
    public void answerSlowly(Duration delay) {
        setFault(Fault.SLOW, 0, delay);
    }

    public Fault fault() {
        synchronized (lock) {
            return fault;
        }
    }

    private void setFault(Fault newFault, int status, Duration delay) {
        synchronized (lock) {
            fault = newFault;
            faultStatus = status;
            faultDelay = delay;
            faultGeneration++;
            lock.notifyAll();
        }
    }

    /**
     * Stops listening: new connections are refused (the port is closed, not just unanswered) and open
     * ones are dropped. {@link #listenAgain} opens the same port again.
     */
    public void refuseConnections() {
        HttpServer stopping;
        synchronized (lock) {
            stopping = server;
            server = null;
            listenerGeneration++;
            lock.notifyAll();
        }
        if (stopping != null) {
            stopping.stop(0);
        }
    }

    /** Listens again on the same port after {@link #refuseConnections}. */
    public void listenAgain() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (server != null) {
                return;
            }
            HttpServer restarted = tls == null ? HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50)
                    : httpsServer(port, tls);
            restarted.createContext("/", this::handle);
            restarted.setExecutor(handlers);
            restarted.start();
            server = restarted;
        }
    }

    public boolean isListening() {
        synchronized (lock) {
            return server != null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Records

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Every device update so far, in order. */
    public List<DeviceUpdate> updates() {
        synchronized (lock) {
            return List.copyOf(updates);
        }
    }

    /** The updates of one device, in order. */
    public List<DeviceUpdate> updates(int idx) {
        synchronized (lock) {
            return updates.stream().filter(u -> u.idx() == idx).collect(Collectors.toUnmodifiableList());
        }
    }

    /** Updates grouped per idx (insertion order of the first update of each idx). */
    public Map<Integer, List<DeviceUpdate>> updatesByIdx() {
        synchronized (lock) {
            Map<Integer, List<DeviceUpdate>> byIdx = new LinkedHashMap<>();
            for (DeviceUpdate update : updates) {
                byIdx.computeIfAbsent(update.idx(), k -> new ArrayList<>()).add(update);
            }
            byIdx.replaceAll((k, v) -> List.copyOf(v));
            return byIdx;
        }
    }

    /** The latest svalue stored for a device, as Domoticz would show it. */
    public Optional<String> svalue(int idx) {
        List<DeviceUpdate> deviceUpdates = updates(idx);
        return deviceUpdates.isEmpty() ? Optional.empty()
                : Optional.of(deviceUpdates.get(deviceUpdates.size() - 1).svalue());
    }

    /** What the scripts logged ({@code print} lines and errors), in order. */
    public List<ScriptLogLine> log() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /** The log as Domoticz would print it, one line each. */
    public String logText() {
        return log().stream().map(ScriptLogLine::toString).collect(Collectors.joining("\n"));
    }

    /** Forgets requests, updates and log lines (not the configuration or the fault). */
    public void clearRecords() {
        synchronized (lock) {
            requests.clear();
            updates.clear();
            log.clear();
        }
    }

    /** Waits until at least {@code count} requests have arrived; throws AssertionError after {@code timeout}. */
    public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
        return await(timeout, () -> requests.size() >= count ? List.copyOf(requests) : null,
                () -> "expected " + count + " requests, got " + requests);
    }

    /** Waits until at least {@code count} requests have been answered (a dropped one never counts). */
    public List<RecordedRequest> awaitAnswered(int count, Duration timeout) {
        return await(timeout, () -> {
            List<RecordedRequest> answered = answered();
            return answered.size() >= count ? answered : null;
        }, () -> "expected " + count + " answered requests, got " + requests);
    }

    /** The requests answered so far: a request is recorded as it arrives, with status 0 until its answer is sent. */
    public List<RecordedRequest> answered() {
        return requests.stream().filter(r -> r.status() != 0).collect(Collectors.toList());
    }

    /** The requests that arrived from {@code from} (included) until {@code until} (excluded). */
    public List<RecordedRequest> requestsBetween(Instant from, Instant until) {
        return requests.stream().filter(r -> !r.at().isBefore(from) && r.at().isBefore(until)).toList();
    }

    /**
     * {@link #requestsBetween}, once each has its answer: one that arrived just before the window closed may still be
     * in the Lua parser, its status 0, when the test looks. Waits three times the logger's 2 s {@code domoticz.timeout}.
     */
    public List<RecordedRequest> answeredBetween(Instant from, Instant until) {
        List<RecordedRequest> these = requestsBetween(from, until);
        return await(Duration.ofSeconds(6), () -> these.stream().allMatch(r -> r.status() != 0) ? these : null,
                () -> "requests without an answer: " + these.stream().filter(r -> r.status() == 0).toList());
    }

    /** Waits for an update of {@code idx} and returns the latest; throws AssertionError after {@code timeout}. */
    public DeviceUpdate awaitUpdate(int idx, Duration timeout) {
        return awaitUpdates(idx, 1, timeout).get(0);
    }

    /** Waits until {@code idx} has at least {@code count} updates, returns them all, latest last. */
    public List<DeviceUpdate> awaitUpdates(int idx, int count, Duration timeout) {
        Predicate<DeviceUpdate> ofIdx = u -> u.idx() == idx;
        List<DeviceUpdate> found = await(timeout, () -> {
            List<DeviceUpdate> matching = updates.stream().filter(ofIdx).collect(Collectors.toList());
            return matching.size() >= count ? matching : null;
        }, () -> "expected " + count + " updates of idx " + idx + ", got " + updates + "\nlog:\n" + logText());
        return List.copyOf(found);
    }

    private interface Check<T> {
        T get();
    }

    private interface Message {
        String get();
    }

    private <T> T await(Duration timeout, Check<T> check, Message failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T result = check.get();
                if (result != null) {
                    return result;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + ": " + failure.get());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Serving

    /** What the handler decided to send. */
    private static final class Answer {
        final int status;
        final String body;
        final boolean dropConnection;

        Answer(int status, String body) {
            this(status, body, false);
        }

        private Answer(int status, String body, boolean dropConnection) {
            this.status = status;
            this.body = body;
            this.dropConnection = dropConnection;
        }

        static Answer drop() {
            return new Answer(0, null, true);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        RecordedRequest request;
        long listenerAtArrival;
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            URI target = exchange.getRequestURI();
            String rawQuery = target.getRawQuery();
            synchronized (lock) {
                request = new RecordedRequest(requests.size(), Instant.now(), exchange.getRequestMethod(),
                        target.getRawPath(), rawQuery, DomoticzQuery.serverParams(rawQuery), DomoticzQuery.luaUri(rawQuery),
                        exchange.getRequestHeaders().getFirst("Authorization"), body);
                requests.add(request);
                listenerAtArrival = listenerGeneration;
                lock.notifyAll();
            }
        }
        Answer answer;
        try {
            answer = respond(request, listenerAtArrival);
        } catch (RuntimeException | Error e) {
            answer = new Answer(500, "fake Domoticz failed: " + e);
        }
        send(exchange, request, answer);
    }

    private Answer respond(RecordedRequest request, long listenerAtArrival) {
        Fault currentFault;
        Duration delay;
        synchronized (lock) {
            currentFault = fault;
            delay = faultDelay;
            if (currentFault == Fault.STALL) {
                long heldSince = faultGeneration;
                long deadline = delay == null ? Long.MAX_VALUE : System.nanoTime() + delay.toNanos();
                while (faultGeneration == heldSince && listenerGeneration == listenerAtArrival && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Answer.drop();
                    }
                }
                if (closed || listenerGeneration != listenerAtArrival) {
                    return Answer.drop();
                }
                currentFault = fault == Fault.STALL || fault == Fault.SLOW ? Fault.NORMAL : fault;
            }
            if (currentFault == Fault.ERR) {
                return json(ERR);
            }
            if (currentFault == Fault.HTTP_STATUS) {
                return html(faultStatus, "Injected fault");
            }
        }
        Answer answer = serve(request);
        if (currentFault == Fault.SLOW && delay != null) {
            sleepUnlessClosed(delay);
        }
        return answer;
    }

    private void sleepUnlessClosed(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Domoticz proper, once no fault is in the way. */
    private Answer serve(RecordedRequest request) {
        if (!"/json.htm".equals(request.path())) {
            return html(404, "Not Found");
        }
        if (request.rawQuery() == null) {
            // docs/domoticz.md: a POST to /json.htm without "?" crashed Domoticz 2025.1; the client sees the
            // connection go away without an answer.
            return "POST".equals(request.method()) ? Answer.drop() : json(ERR);
        }
        Map<String, String> params = request.params();
        String param = params.getOrDefault("param", "");
        if (!"command".equals(params.get("type"))) {
            return json(ERR);
        }
        if ("getversion".equals(param)) {
            // Needs no login in Domoticz, which is what makes it a cheap health probe.
            return json("{\"status\":\"OK\",\"title\":\"GetVersion\",\"version\":\"" + VERSION + "\"}");
        }
        Answer denied = checkAuthentication(request);
        if (denied != null) {
            return denied;
        }
        if ("udevice".equals(param)) {
            return updateDevice(params);
        }
        if ("udevices".equals(param)) {
            return runParser(request);
        }
        return json(ERR);
    }

    /** Null when allowed; else 401 (no or bad credentials) or 403 (a Viewer asking to update). */
    private Answer checkAuthentication(RecordedRequest request) {
        String user;
        String password;
        boolean trusted;
        Map<String, String> viewerUsers;
        synchronized (lock) {
            user = adminUser;
            password = adminPassword;
            trusted = trustedNetwork;
            viewerUsers = Map.copyOf(viewers);
        }
        String header = request.authorization();
        if (header == null) {
            return trusted ? null : unauthorized();
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return unauthorized();
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return unauthorized();
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return unauthorized();
        }
        String givenUser = credentials.substring(0, colon);
        String givenPassword = credentials.substring(colon + 1);
        if (user != null && givenUser.equals(user) && givenPassword.equals(password)) {
            return null;
        }
        if (givenPassword.equals(viewerUsers.get(givenUser))) {
            // Cmd_UpdateDevice (udevice) refuses a Viewer; Cmd_UpdateDevices (udevices, main/WebServerCmds.cpp,
            // 2025.1 and later) checks no rights at all, and its parser may update any device.
            return "udevices".equals(request.params().get("param")) ? null : html(403, "Forbidden");
        }
        return unauthorized();
    }

    private static Answer unauthorized() {
        return html(401, "Unauthorized");
    }

    private Answer updateDevice(Map<String, String> params) {
        String idx = params.getOrDefault("idx", "");
        String nvalue = params.getOrDefault("nvalue", "");
        String svalue = params.getOrDefault("svalue", "");
        Integer parsedIdx = LuaParserRun.stoi(idx);
        // Domoticz returns without an OK when both values are empty or the idx names no device; unless a test
        // gave it a device table (onlyDevices, or withDevices), the fake counts any integer idx as a device.
        Set<Integer> existing;
        synchronized (lock) {
            existing = knownDevices != null ? knownDevices : devices.isEmpty() ? null : Set.copyOf(devices.keySet());
        }
        if ((nvalue.isEmpty() && svalue.isEmpty()) || parsedIdx == null || (existing != null && !existing.contains(parsedIdx))) {
            return json(ERR);
        }
        Integer parsedNvalue = LuaParserRun.stoi(nvalue);
        Integer rssi = LuaParserRun.stoi(params.getOrDefault("rssi", ""));
        Integer battery = LuaParserRun.stoi(params.getOrDefault("battery", ""));
        record(new DeviceUpdate(parsedIdx, parsedNvalue == null ? 0 : parsedNvalue, svalue,
                rssi == null ? 12 : rssi, battery == null ? 255 : battery, Instant.now(), "udevice"));
        return json(OK_UPDATE);
    }

    private Answer runParser(RecordedRequest request) {
        String script = request.params().getOrDefault("script", "");
        if (script.isEmpty()) {
            return json(ERR);
        }
        // Domoticz appends the name to the lua_parsers path as it is, so "../x.lua" runs a file outside it
        // (docs/domoticz.md section 6). The fake refuses such names instead: a client sending one is wrong
        // either way, and a test double should not read files outside the directory it was given.
        if (!SCRIPT_NAME.matcher(script).matches() || script.contains("..")) {
            appendLog(new ScriptLogLine(Instant.now(), script, true, "fake Domoticz refuses script name '" + script + "'"));
            return json(ERR);
        }
        Duration wait;
        long limit;
        List<ParserDevice> deviceList;
        synchronized (lock) {
            wait = scriptWait;
            limit = instructionLimit;
            deviceList = List.copyOf(devices.values());
        }
        LuaParserRun run = LuaParserRun.load(luaParsers.resolve(script), script, request.uri(), request.body(),
                deviceList, sink(), limit);
        if (run == null) {
            return json(ERR);
        }
        Future<?> running;
        try {
            running = scripts.submit(run::run);
        } catch (RuntimeException rejected) {
            run.discard();
            return json(ERR);
        }
        try {
            running.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillRunning) {
            // Like Domoticz: answer OK and let the script go on in the background.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            appendLog(new ScriptLogLine(Instant.now(), script, true, "fake Domoticz: " + e.getCause()));
        }
        return json(OK_UPDATE);
    }

    private LuaParserRun.Sink sink() {
        return new LuaParserRun.Sink() {
            @Override
            public void update(DeviceUpdate update) {
                record(update);
            }

            @Override
            public void log(ScriptLogLine line) {
                appendLog(line);
            }
        };
    }

    private void record(DeviceUpdate update) {
        synchronized (lock) {
            updates.add(update);
            ParserDevice device = devices.get(update.idx());
            if (device != null) {
                devices.put(update.idx(), device.updated(update.svalue()));
            }
            lock.notifyAll();
        }
    }

    private void appendLog(ScriptLogLine line) {
        synchronized (lock) {
            log.add(line);
            lock.notifyAll();
        }
    }

    private static Answer json(String body) {
        return new Answer(200, body);
    }

    private static Answer html(int status, String title) {
        return new Answer(status, "<html><head><title>" + title + "</title></head><body><h1>" + status + " "
                + title + "</h1></body></html>");
    }

    private void send(HttpExchange exchange, RecordedRequest request, Answer answer) {
        try {
            if (answer.dropConnection) {
                // Closing an exchange whose headers were never sent makes the JDK server close the socket.
                exchange.close();
                return;
            }
            byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
            boolean isJson = answer.status == 200;
            exchange.getResponseHeaders().set("Content-Type",
                    isJson ? "application/json;charset=UTF-8" : "text/html;charset=UTF-8");
            if (answer.status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Domoticz.com\"");
            }
            // Recorded before the bytes leave: a client that has its answer must find it in the records.
            markAnswered(request, answer.status, answer.body);
            exchange.sendResponseHeaders(answer.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException goneAway) {
            // The client or a refuseConnections() closed the connection first: nothing was answered.
            markAnswered(request, 0, null);
            exchange.close();
        }
    }

    private void markAnswered(RecordedRequest request, int status, String body) {
        synchronized (lock) {
            request.answered(status, body);
            lock.notifyAll();
        }
    }

    /** Stops at once: held requests are dropped, running scripts are abandoned. */
    @Override
    public void close() {
        HttpServer stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = server;
            server = null;
            listenerGeneration++;
            lock.notifyAll();
        }
        if (stopping != null) {
            stopping.stop(0);
        }
        handlers.shutdownNow();
        scripts.shutdownNow();
    }
}
