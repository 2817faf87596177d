package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The packaged logger, {@code target/vedirect-logger.jar}, run as a user runs it: a JVM of its own with the
 * Raspberry Pi flags of dist/vedirect-logger.service, in a working directory holding an application.properties
 * and a copy of the routes (as a routes folder beside the jar holds them). The settings of a run go on the command
 * line as {@code -Dkey=value} or into that file ({@link SettingsIn}): the fault tests use the command line,
 * because the file's settings do not reach the logger yet (SettingsFileIT shows it) and every fault test
 * would fail on that instead of on what it checks. Its console is kept in memory, for assertions on log
 * lines, and in {@code console-N.log} in the working directory, which is left under target/e2e for a look
 * after a failure.
 */
public final class LoggerProcess implements AutoCloseable {

    /**
     * The JVM flags of dist/vedirect-logger.service's ExecStart (serial GC, 64 MB heap, C1 only...), read from
     * the unit itself so that the suite runs what a Pi runs, whatever the unit says by then.
     */
    public static final List<String> PI_FLAGS = serviceFlags();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATUS_LINE = Pattern.compile("Status on http://([^:/]+):(\\d+)/health");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final Path workDir;
    private final Process process;
    private final Thread pump;
    private final Path consoleFile;
    private final List<String> console = new ArrayList<>();
    private final Instant startedAt;
    private volatile int statusPort = -1;

    private LoggerProcess(Path workDir, Process process, Path consoleFile, Instant startedAt) {
        this.workDir = workDir;
        this.process = process;
        this.consoleFile = consoleFile;
        this.startedAt = startedAt;
        this.pump = new Thread(this::pumpConsole, "logger-console-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    private static List<String> serviceFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("dist", "vedirect-logger.service"))) {
                if (line.startsWith("ExecStart=")) {
                    List<String> words = List.of(line.substring("ExecStart=".length()).trim().split("\\s+"));
                    int jar = words.indexOf("-jar");
                    if (jar > 1 && words.get(0).endsWith("java")) {
                        return List.copyOf(words.subList(1, jar));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dist/vedirect-logger.service", e);
        }
        throw new IllegalStateException("dist/vedirect-logger.service has no ExecStart=.../java FLAGS -jar ... line");
    }

    /** The jar under test: the failsafe configuration names it; a plain IDE run finds it in target. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("e2e.jar", "target/vedirect-logger.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn -B verify` (or `mvn package -DskipTests` first)");
        }
        return jar;
    }

    /** A fresh working directory under target/e2e, kept after the run so that its logs can be read. */
    public static Path newWorkDir(String name) throws IOException {
        Path base = Path.of("target", "e2e").toAbsolutePath();
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name + "-");
    }

    /** Where a run's settings are given: both are documented ways of running the logger. */
    public enum SettingsIn {
        /** {@code java -Dkey=value ... -jar}, as the README's examples and a quick try do. */
        COMMAND_LINE,
        /** The working directory's application.properties, as the Pi installer sets it up. */
        FILE
    }

    /** Starts the logger with its settings on the command line; see {@link #start(Path, Map, SettingsIn)}. */
    public static LoggerProcess start(Path workDir, Map<String, String> settings) throws IOException {
        return start(workDir, settings, SettingsIn.COMMAND_LINE);
    }

    /**
     * Starts the logger in {@code workDir} with these settings. The status endpoint is opened on a port the
     * logger picks itself (status.port=0) and read back from its log line, so two runs never race for a
     * port; the log goes to the console only (log.file empty). A restart after a kill passes the same
     * settings again.
     */
    public static LoggerProcess start(Path workDir, Map<String, String> settings, SettingsIn where) throws IOException {
        return start(workDir, settings, where, List.of("-jar", jar().toString()));
    }

    /**
     * Starts the logger as docs/routes.md says to when a component is added: {@code java ... -cp 'JAR:lib/*'
     * io.github.vedirect.cli.VeDirectLogger}, with {@code classPath} as given (Java expands {@code lib/*}
     * itself, relative to the working directory).
     */
    public static LoggerProcess startWithClassPath(Path workDir, Map<String, String> settings, String classPath) throws IOException {
        return start(workDir, settings, SettingsIn.COMMAND_LINE, List.of("-cp", classPath, "io.github.vedirect.cli.VeDirectLogger"));
    }

    /** Starts another copy of the jar (one with the package's defaults beside it), its settings in the file. */
    public static LoggerProcess startJar(Path workDir, Map<String, String> settings, Path jar) throws IOException {
        return start(workDir, settings, SettingsIn.FILE, List.of("-jar", jar.toString()));
    }

    private static LoggerProcess start(Path workDir, Map<String, String> settings, SettingsIn where, List<String> launch)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("log.file", "");
        all.put("status.port", "0");
        all.putAll(settings);
        StringBuilder properties = new StringBuilder("# written by LoggerProcess for an end-to-end test\n");
        if (where == SettingsIn.FILE) {
            all.forEach((key, value) -> properties.append(key).append('=').append(escape(value)).append('\n'));
        } else {
            properties.append("# the settings of this run are given on the command line (-Dkey=value)\n");
        }
        Files.writeString(workDir.resolve("application.properties"), properties, StandardCharsets.UTF_8);
        copyRoutes(workDir);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(PI_FLAGS);
        if (where == SettingsIn.COMMAND_LINE) {
            all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        }
        command.addAll(launch);
        int generation = 1;
        while (Files.exists(workDir.resolve("console-" + generation + ".log"))) {
            generation++;
        }
        Path consoleFile = workDir.resolve("console-" + generation + ".log");
        Files.writeString(consoleFile, "# " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Instant startedAt = Instant.now();
        return new LoggerProcess(workDir, builder.start(), consoleFile, startedAt);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    /** As the Pi installer does: the routes a user edits sit next to the properties. */
    private static void copyRoutes(Path workDir) throws IOException {
        Path target = workDir.resolve("routes");
        if (Files.isDirectory(target)) {
            return;
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
    }

    private void pumpConsole() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(consoleFile, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                Matcher status = STATUS_LINE.matcher(line);
                if (status.find()) {
                    statusPort = Integer.parseInt(status.group(2));
                }
                synchronized (console) {
                    console.add(line);
                    console.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process is gone; what was read is kept.
        }
    }

    public Path workDir() {
        return workDir;
    }

    public Path consoleFile() {
        return consoleFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The console lines so far. */
    public List<String> log() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    public List<String> log(Predicate<String> filter) {
        return log().stream().filter(filter).collect(Collectors.toList());
    }

    /** Waits for a console line; fails with the tail of the console if none comes, or the process ends. */
    public String awaitLogLine(String what, Duration timeout, Predicate<String> line) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (console) {
            int seen = 0;
            while (true) {
                for (; seen < console.size(); seen++) {
                    if (line.test(console.get(seen))) {
                        return console.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) {
                    throw new AssertionError("no log line " + what + " within " + timeout.toMillis() + " ms" + tail());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(console, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The last console lines, for failure messages. */
    public String tail() {
        List<String> lines = log();
        return "\n--- last lines of " + consoleFile + " ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }

    /** The port of the status endpoint, once the logger has said where it listens. */
    public int statusPort() {
        if (statusPort < 0) {
            awaitLogLine("with the status port", START_TIMEOUT, l -> STATUS_LINE.matcher(l).find());
        }
        return statusPort;
    }

    /** Waits until /health answers 200 (every check UP); returns how long after start that was. */
    public Duration awaitHealthy(Duration timeout) throws InterruptedException {
        int port = statusPort();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpReply last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the logger exited with " + process.exitValue() + tail());
            }
            try {
                last = get(port, "/health");
                if (last.status == 200) {
                    return Duration.between(startedAt, Instant.now());
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/health not 200 within " + timeout.toMillis() + " ms; last answer " + last + tail());
    }

    /** GET /health: the HTTP status and the JSON body. */
    public HttpReply health() throws IOException {
        return get(statusPort(), "/health");
    }

    /** GET /status as JSON. */
    public JsonNode status() throws IOException {
        return status(false);
    }

    /** GET /status as JSON; with {@code gc} the logger collects garbage first, so heapUsedBytes means live data. */
    public JsonNode status(boolean gc) throws IOException {
        HttpReply reply = get(statusPort(), gc ? "/status?gc=true" : "/status");
        if (reply.status != 200) {
            throw new IOException("/status answered " + reply.status + ": " + reply.body);
        }
        return reply.json();
    }

    /** The JSON of the one device the logger reads (its /status entry). */
    public JsonNode device() throws IOException {
        JsonNode devices = status().get("devices");
        if (devices == null || devices.size() != 1) {
            throw new IOException("expected one device in /status: " + devices);
        }
        return devices.elements().next();
    }

    /**
     * A plain HTTP/1.0 GET on a socket of its own, closed by the server after the answer: a pooled keep-alive
     * connection of the test's own would be one more open socket in the logger and blur its file count.
     */
    private static HttpReply get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) HTTP_TIMEOUT.toMillis());
            socket.setSoTimeout((int) HTTP_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/") || end < 0) {
                throw new IOException("not an HTTP answer from " + path + ": " + text);
            }
            int status = Integer.parseInt(text.substring(text.indexOf(' ') + 1, text.indexOf(' ') + 4));
            return new HttpReply(status, text.substring(end + 4));
        }
    }

    /** Threads of the process, as the kernel lists them in /proc/PID/task. */
    public long threadCount() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            return tasks.count();
        }
    }

    /** Open file descriptors of the process, as the kernel lists them in /proc/PID/fd. */
    public long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return fds.count();
        }
    }

    /** What the open descriptors point at (sockets, the pty, jars...), for a failure message. */
    public List<String> openFileTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            for (Path fd : fds.collect(Collectors.toList())) {
                try {
                    targets.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException gone) {
                    // Closed while listing.
                }
            }
        }
        return targets;
    }

    /** kill -9: no shutdown hook, no flush, as a power cut or the OOM killer leaves it. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the logger did not die from SIGKILL within 10 s");
        }
        pump.join(5000);
    }

    /**
     * SIGTERM, as {@code systemctl stop} sends it, then waits for the exit.
     *
     * @return how long the process took to exit, or null if it did not within the timeout (it is then killed)
     */
    public Duration stop(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        // SIGTERM through the process handle: Process.destroy() also closes our end of the logger's stdout, so
        // what it says while it stops (its stop line) would be lost, as it never is under systemd.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return null;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        pump.join(5000);
        return took;
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Never leaves a logger running after a test, whatever happened. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
                pump.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An answer of the status endpoint. */
    public static final class HttpReply {
        public final int status;
        public final String body;

        HttpReply(int status, String body) {
            this.status = status;
            this.body = body;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body.replaceAll("\\s+", " ");
        }
    }
}
