package io.github.vedirect.e2e;

import io.github.vedirect.component.PseudoTerminal;
import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged jar on a Raspberry Pi's architectures, arm64 and armhf, under qemu-user with Debian's own Java 17
 * for them (unpacked by .ci/arm-jre.sh into target/arm, or {@code -Darm.roots=DIR}): it reads a real capture (a
 * BMV-702) from a pseudo-terminal with the Pi's JVM flags, loads jSerialComm's native library for that
 * architecture, and writes CSV lines with the capture's values. Without qemu or the unpacked Java the test is
 * skipped with a line on stderr; under CI (CI=true), where .ci/run installs both, it fails instead.
 */
class ArmIT {

    private static final Path CAPTURE = Path.of("src", "camel-vedirect", "src", "test", "resources", "captures",
            "karioja_vedirect_bvm702.bin");
    private static final String COLUMNS = "Volts:V:0.001,Amps:I:0.001,SOC:SOC:0.1";
    /** A JVM and Camel under emulation start in tens of seconds; three times a slow run. */
    private static final Duration FIRST_LINES = Duration.ofSeconds(240);

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "armhf"})
    void readsACaptureFromAPseudoTerminal(String arch) throws Exception {
        String qemu = arch.equals("arm64") ? "qemu-aarch64-static" : "qemu-arm-static";
        Path root = Path.of(System.getProperty("arm.roots", "target/arm")).resolve(arch).toAbsolutePath();
        Optional<Path> java = javaIn(root);
        Path emulator = Path.of("/usr/bin", qemu);
        if (!Files.isExecutable(emulator) || java.isEmpty()) {
            String missing = (Files.isExecutable(emulator) ? "" : emulator + " (Debian's qemu-user-static) ")
                    + (java.isEmpty() ? "Java 17 for " + arch + " in " + root + " (.ci/arm-jre.sh)" : "");
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and missing: " + missing);
            }
            System.err.println("ArmIT SKIPPED for " + arch + ": missing " + missing);
            Assumptions.abort("missing " + missing);
        }

        // Everything the emulated JVM reads lives beside its Java: armhf's is in a tmpfs (EOVERFLOW, see arm-jre.sh).
        Path work = Files.createTempDirectory(root.toRealPath().getParent(), "run-" + arch + "-");
        Path jar = Files.copy(LoggerProcess.jar(), work.resolve("vedirect-logger.jar"));
        Files.createDirectories(work.resolve("tmp"));
        Path csv = work.resolve("vedirect_data.csv");
        Path console = work.resolve("console.log");
        byte[] capture = Files.readAllBytes(CAPTURE);
        List<String> expected = capturedRows(capture);

        List<String> command = new ArrayList<>(List.of(emulator.toString(), "-L", root.toString(), java.get().toString()));
        LoggerProcess.PI_FLAGS.stream().filter(flag -> !flag.startsWith("-XX:SharedArchiveFile=")).forEach(command::add);
        command.addAll(List.of("-Djava.io.tmpdir=" + work.resolve("tmp"), "-Duser.home=" + work,
                "-Dvedirect.interval=1", "-Dcsv.columns=" + COLUMNS, "-Dcsv.file=" + csv, "-Dlog.file=",
                "-Droutes.folder=" + work.resolve("no-routes")));

        try (PseudoTerminal pty = PseudoTerminal.open()) {
            command.add("-Dvedirect.port=" + pty.slave());
            command.addAll(List.of("-jar", jar.toString()));
            Thread device = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        pty.writeAtLinkRate(capture);
                    }
                } catch (IOException | InterruptedException e) {
                    // The test is over: the terminal is closed.
                }
            }, "capture-" + arch);
            device.setDaemon(true);
            device.start();
            Process logger = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(console.toFile()).start();
            try {
                List<String> rows = E2e.await("three CSV lines from the " + arch + " logger", FIRST_LINES, () -> {
                    if (!logger.isAlive()) {
                        throw new AssertionError("the " + arch + " logger exited (" + logger.exitValue() + "): "
                                + Files.readString(console));
                    }
                    List<String> lines = E2e.csvLines(csv);
                    return lines.size() >= 4 ? lines : null;
                });
                String library = jSerialCommLoaded(logger.pid(), jar);
                E2e.figure("arm." + arch + ".jSerialComm", library);
                E2e.figure("arm." + arch + ".csv", rows.get(1));
                assertTrue(library.startsWith("Linux/" + (arch.equals("arm64") ? "armv8_64" : "armv")) && !library.contains("x86"),
                        "jSerialComm's " + arch + " library: " + library);
                assertTrue(arch.equals("arm64") || library.contains("hf"), "a hard-float library on armhf: " + library);
                // The record store works there too: SQLite's native library loads (the driver picks it by running
                // uname, which cannot always be spawned under qemu; the logger names it itself: store/Sqlite).
                Path db = work.resolve("store").resolve("records.db");
                E2e.await("records in the " + arch + " logger's store", FIRST_LINES,
                        () -> Files.exists(db) && !RunRecords.storedTimes(db).isEmpty());
                String log = Files.readString(console);
                assertFalse(log.contains("uname") || log.contains("cannot be written") || log.contains("UnsatisfiedLinkError"),
                        "SQLite on " + arch + ": " + log);
                assertEquals("Time,Volts,Amps,SOC", rows.get(0));
                for (String row : rows.subList(1, rows.size())) {
                    String values = row.substring(row.indexOf(',') + 1);
                    assertTrue(expected.contains(values), row + " carries values of the capture: " + expected);
                }
            } finally {
                device.interrupt();
                logger.descendants().forEach(ProcessHandle::destroyForcibly);
                logger.destroyForcibly().waitFor();
                deleteTree(work);
            }
        }
    }

    private static Optional<Path> javaIn(Path root) throws IOException {
        Path jvm = root.resolve("usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvm)) {
            return dirs.map(dir -> dir.resolve("bin/java")).filter(Files::isRegularFile).sorted().findFirst();
        }
    }

    /** The capture's main blocks as the CSV writes them: volts, amps and SOC with the columns' multipliers. */
    private static List<String> capturedRows(byte[] capture) {
        List<String> rows = new ArrayList<>();
        new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                if (block.has("V") && block.has("I") && block.has("SOC")) {
                    rows.add(scaled(block.get("V"), 3) + "," + scaled(block.get("I"), 3) + "," + scaled(block.get("SOC"), 1));
                }
            }
        }).feed(capture);
        assertFalse(rows.isEmpty(), "the capture has main blocks");
        return rows;
    }

    private static String scaled(String value, int decimals) {
        return new java.math.BigDecimal(value).movePointLeft(decimals).stripTrailingZeros().toPlainString();
    }

    /**
     * Which of the jar's jSerialComm libraries the emulated JVM has mapped: the library file named in the qemu
     * process's memory map, found by its bytes among the jar's {@code Linux/ARCH/libjSerialComm.so} entries.
     */
    private static String jSerialCommLoaded(long pid, Path jar) throws Exception {
        List<String> maps = Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"), StandardCharsets.UTF_8);
        String line = maps.stream().filter(l -> l.contains("libjSerialComm")).findFirst()
                .orElseThrow(() -> new AssertionError("no libjSerialComm in the memory map of process " + pid));
        String range = line.split("\\s+")[0];
        Path mapped = Path.of(line.substring(line.indexOf('/')).replace(" (deleted)", ""));
        byte[] loaded = Files.isRegularFile(mapped) ? Files.readAllBytes(mapped)
                : Files.readAllBytes(Path.of("/proc", Long.toString(pid), "map_files", range));
        String digest = sha256(loaded);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (entry.getName().startsWith("Linux/") && entry.getName().endsWith("libjSerialComm.so")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        if (sha256(in.readAllBytes()).equals(digest)) {
                            return entry.getName().substring(0, entry.getName().lastIndexOf('/'));
                        }
                    }
                }
            }
        }
        throw new AssertionError(mapped + " is none of the jar's jSerialComm libraries");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
