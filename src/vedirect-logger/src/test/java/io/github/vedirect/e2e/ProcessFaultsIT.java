package io.github.vedirect.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process itself dies: kill -9 (the OOM killer, a crash, as near a power cut as a test gets) while it
 * writes a CSV line every quarter of a second, then a restart as systemd does it; and a clean stop with
 * SIGTERM, as {@code systemctl stop} sends it. The CSV must stay one file a spreadsheet reads: one heading,
 * no line twice, at most one cut line per kill and nothing glued to it.
 */
class ProcessFaultsIT extends SequencedDeviceRun {

    private static final Duration PERIOD = Duration.ofMillis(250);
    /** A whole row, or the start of one cut short: never two timestamps on a line. */
    private static final Pattern CUT_ROW = Pattern.compile("\\d{4}(-(\\d{1,2}(-(\\d{1,2}( (\\d{1,2}(:(\\d{1,2}(:(\\d{1,2}(,[0-9.,-]*)?)?)?)?)?)?)?)?)?)?)?");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

    private Map<String, String> settings() {
        // Under the device's 0.25 s: every block is a line, so the file is being written most of the time.
        return settings("0.2", null);
    }

    @Test
    void killNineWhileWritingThenRestartLeavesOneHeadingNoDuplicateAndNoGluedLine() throws Exception {
        int kills = E2e.intProperty("e2e.kills", 6);
        Random random = E2e.random("ProcessFaultsIT");
        startDevice("process-faults-kill", link -> SequencedDevice.start(link, PERIOD, random));
        Path csv = dir.resolve(E2e.CSV_FILE);
        List<Double> restarts = new ArrayList<>();
        for (int round = 1; round <= kills + 1; round++) {
            int linesBefore = E2e.csvLines(csv).size();
            logger = LoggerProcess.start(dir, settings());
            Instant started = Instant.now();
            // The logger is back when it writes again, and each run must write.
            E2e.await("run " + round + " to write its first line", Duration.ofSeconds(40),
                    () -> E2e.csvLines(csv).size() > linesBefore + (linesBefore == 0 ? 1 : 0));
            restarts.add(E2e.millis(Duration.between(started, Instant.now())));
            if (round > kills) {
                break;
            }
            Thread.sleep(500 + random.nextInt(1500));
            if (random.nextBoolean()) {
                // Aimed: a few milliseconds after a block ends is when the logger is writing its line.
                long last = device.newestCompleted();
                E2e.await("the next block", Duration.ofSeconds(2), () -> device.newestCompleted() > last);
                Thread.sleep(random.nextInt(12));
            }
            logger.kill9();
        }
        Duration stopped = logger.stop(Duration.ofSeconds(15));
        assertNotNull(stopped, "the last run did not stop on SIGTERM");
        E2e.figure("process-faults.kills", kills);
        E2e.figure("process-faults.start-to-first-line.median.ms", E2e.median(restarts));
        E2e.figure("process-faults.start-to-first-line.max.ms", E2e.max(restarts));

        List<String> lines = E2e.csvLines(csv);
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        if (lines.isEmpty() || !lines.get(0).equals(E2e.CSV_HEADER)) {
            problems.add("the file does not start with its heading: " + (lines.isEmpty() ? "(empty)" : lines.get(0)));
        }
        long headings = lines.stream().filter(l -> l.equals(E2e.CSV_HEADER)).count();
        if (headings != 1) {
            problems.add(headings + " headings");
        }
        int cut = 0;
        Set<Long> seen = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (E2e.isFullRow(line)) {
                long sequence = Long.parseLong(line.split(",")[1]);
                if (!seen.add(sequence)) {
                    problems.add("line " + (i + 1) + ": block " + sequence + " written twice");
                }
                if (device.lastByteOf(sequence) == null) {
                    problems.add("line " + (i + 1) + ": block " + sequence + " was never sent whole");
                }
            } else if (line.equals(E2e.CSV_HEADER)) {
                problems.add("line " + (i + 1) + ": the heading again");
            } else if (CUT_ROW.matcher(line).matches() && TIMESTAMP.matcher(line).results().count() <= 1) {
                cut++;
                if (i + 1 < lines.size() && !E2e.isFullRow(lines.get(i + 1))) {
                    problems.add("line " + (i + 2) + ", after the cut line " + (i + 1) + ", is not a whole row: " + lines.get(i + 1));
                }
            } else {
                problems.add("line " + (i + 1) + " is neither a row nor a cut row (glued?): " + line);
            }
        }
        if (cut > kills) {
            problems.add(cut + " cut lines after " + kills + " kills");
        }
        if (!text.endsWith("\n")) {
            problems.add("the file does not end with a line break after a clean stop");
        }
        E2e.figure("process-faults.cut-lines", cut);
        E2e.figure("process-faults.rows", seen.size());
        assertTrue(problems.isEmpty(), problems.size() + " problems in " + csv + ":\n" + String.join("\n", problems));
    }

    @Test
    void sigtermStopsWithinSecondsAndTheLastLineIsWhole() throws Exception {
        Random random = E2e.random("ProcessFaultsIT.sigterm");
        startDevice("process-faults-sigterm", link -> SequencedDevice.start(link, PERIOD, random));
        Path csv = dir.resolve(E2e.CSV_FILE);
        startLogger(settings(), 0);
        E2e.await("a few lines", Duration.ofSeconds(10), () -> E2e.csvLines(csv).size() >= 6);
        Thread.sleep(random.nextInt(250));
        Duration took = logger.stop(Duration.ofSeconds(15));
        assertNotNull(took, "no exit within 15 s of SIGTERM" + logger.tail());
        E2e.figure("process-faults.sigterm.exit.ms", E2e.millis(took));
        E2e.figure("process-faults.sigterm.exit-code", logger.exitValue());
        // systemd allows 15 s (TimeoutStopSec); Camel's own shutdown timeout is 5 s.
        assertTrue(took.compareTo(Duration.ofSeconds(6)) <= 0, "SIGTERM took " + took.toMillis() + " ms" + logger.tail());
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        List<String> lines = E2e.csvLines(csv);
        assertTrue(text.endsWith("\n") && E2e.isFullRow(lines.get(lines.size() - 1)),
                "the last line is not whole: '" + lines.get(lines.size() - 1) + "'");
        List<String> errors = logger.log(l -> l.contains(" ERROR ") || l.contains("Exception"));
        assertTrue(errors.isEmpty(), "errors while stopping: " + errors + logger.tail());
        // The serial library closes its ports in a shutdown hook of its own, while Camel is still stopping the
        // reader: that must not read as "lost ... (unplugged?)" in the journal at every systemctl stop.
        List<String> warnings = logger.log(l -> l.contains(" WARN "));
        assertTrue(warnings.isEmpty(), "warnings on a clean run and stop: " + warnings + logger.tail());
    }

    /**
     * systemd counts exit status 0 and death by SIGTERM as a clean stop, but a JVM that ran its shutdown hooks
     * exits with status 143: unless the unit lists it in SuccessExitStatus, every {@code systemctl stop}
     * leaves the unit "failed".
     */
    @Test
    void sigtermExitStatusIsACleanStopForTheSystemdUnit() throws Exception {
        startDevice("process-faults-exit-status", link -> SequencedDevice.start(link, PERIOD, E2e.random("ProcessFaultsIT.exitStatus")));
        startLogger(settings(), 0);
        assertNotNull(logger.stop(Duration.ofSeconds(15)), "no exit within 15 s of SIGTERM" + logger.tail());
        int code = logger.exitValue();
        assertTrue(code == 0 || successExitStatuses().contains(Integer.toString(code)),
                "exit status " + code + " after SIGTERM, not in dist/vedirect-logger.service's SuccessExitStatus "
                        + successExitStatuses() + ": systemd marks the unit failed after each systemctl stop");
    }

    private static List<String> successExitStatuses() throws java.io.IOException {
        List<String> statuses = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("dist", "vedirect-logger.service"))) {
            if (line.startsWith("SuccessExitStatus=")) {
                statuses.addAll(List.of(line.substring("SuccessExitStatus=".length()).trim().split("\\s+")));
            }
        }
        return statuses;
    }
}
