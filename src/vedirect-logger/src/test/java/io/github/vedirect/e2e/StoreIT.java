package io.github.vedirect.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record store on the packaged jar with the built-in simulator: it holds what the CSV gets, survives
 * {@code kill -9} at random moments (it opens, integrity_check ok, at most a few seconds lost), and rides out a full
 * disk. {@code -Dstore.crash-loops=300} runs the full crash loop (20 by default, about a minute).
 */
class StoreIT {

    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The simulated BMV-702 at ten records a second, as a test needs many. */
    private static final String FAST_DEVICE = "simulator:bmv702?blockInterval=100";

    /** Records per second of local time, as the CSV's first column has it: the CSV's lines and the store's records. */
    private static TreeMap<String, Integer> csvSeconds(Path csv) throws IOException {
        TreeMap<String, Integer> seconds = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.length() >= 19 && line.charAt(4) == '-') {
                seconds.merge(line.substring(0, 19), 1, Integer::sum);
            }
        }
        return seconds;
    }

    private static TreeMap<String, Integer> storeSeconds(Path db) throws Exception {
        TreeMap<String, Integer> seconds = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT time FROM records ORDER BY position")) {
            while (rows.next()) {
                String second = LocalDateTime.ofInstant(Instant.ofEpochMilli(rows.getLong(1)), ZoneId.systemDefault()).format(CSV_TIME);
                seconds.merge(second, 1, Integer::sum);
            }
        }
        return seconds;
    }

    private static String integrity(Path db) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long csvLines(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return 0;
        }
        try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.count() - 1);
        }
    }

    private static void awaitCsvLines(LoggerProcess logger, Path csv, long atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (csvLines(csv) < atLeast) {
            if (System.nanoTime() > deadline || !logger.isAlive()) {
                throw new AssertionError("the CSV did not reach " + atLeast + " lines" + logger.tail());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theStoreHoldsEveryRecordTheCsvGets() throws Exception {
        Path dir = LoggerProcess.newWorkDir("store-csv");
        Path csv = dir.resolve("vedirect_data.csv");
        try (LoggerProcess logger = LoggerProcess.start(dir, Map.of("vedirect.port", FAST_DEVICE, "vedirect.interval", "0.1"))) {
            awaitCsvLines(logger, csv, 50);
            assertNotNull(logger.stop(WAIT), "the logger stops on SIGTERM");
        }
        Path db = dir.resolve("store").resolve("records.db");
        assertEquals("ok", integrity(db));
        assertEquals(csvSeconds(csv), storeSeconds(db), "records per second: CSV, then store");
        // Typed, with the device's identity: the simulated BMV-702's voltage is a number, its product text.
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT device, product, serial, typeof(value), typeof((SELECT value FROM "
                     + "readings r2 WHERE r2.position = r.position AND r2.label = 'PID')) FROM readings r WHERE label = 'V' LIMIT 1")) {
            assertTrue(rows.next());
            assertEquals("default", rows.getString(1));
            assertEquals("BMV-702", rows.getString(2));
            assertEquals("default", rows.getString(3));
            assertEquals("integer", rows.getString(4));
            assertEquals("text", rows.getString(5));
        }
    }

    /**
     * kill -9 at random moments while records are written ten a second: each time the store opens (for the test and
     * for the next start, which would move an unreadable file aside and say so), integrity_check says ok, and the
     * newest stored record is at most a few seconds older than the CSV's newest line.
     */
    @Test
    void killNineAtRandomMomentsNeverLeavesAStoreThatWillNotOpen() throws Exception {
        int loops = Integer.getInteger("store.crash-loops", 20);
        Path dir = LoggerProcess.newWorkDir("store-crash");
        Path csv = dir.resolve("vedirect_data.csv");
        Path db = dir.resolve("store").resolve("records.db");
        double worst = 0;
        List<String> lossPerKill = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            long before = csvLines(csv);
            try (LoggerProcess logger = LoggerProcess.start(dir, Map.of("vedirect.port", FAST_DEVICE, "vedirect.interval", "0.1"))) {
                awaitCsvLines(logger, csv, before + 1);
                // A random moment while writing: the point of the test, not a wait for something.
                Thread.sleep(ThreadLocalRandom.current().nextLong(0, 1500));
                logger.kill9();
                assertTrue(logger.log(l -> l.contains("could not be read")).isEmpty(), "no store moved aside" + logger.tail());
            }
            assertEquals("ok", integrity(db), "after kill " + (i + 1));
            TreeMap<String, Integer> stored = storeSeconds(db);
            // This run's CSV lines (the file holds every run's): the seconds from its first to its last line.
            List<String> run = Files.readAllLines(csv, StandardCharsets.UTF_8).stream().skip(1 + before)
                    .filter(line -> line.length() >= 19 && line.charAt(4) == '-').map(line -> line.substring(0, 19)).toList();
            LocalDateTime runFirst = LocalDateTime.parse(run.get(0), CSV_TIME);
            LocalDateTime runLast = LocalDateTime.parse(run.get(run.size() - 1), CSV_TIME);
            LocalDateTime storedLast = stored.isEmpty() ? null : LocalDateTime.parse(stored.lastKey(), CSV_TIME);
            // Seconds of this run's CSV lines newer than the store's newest record; all of them (from its first
            // second) when the store got none of this run before the kill.
            double lost = storedLast == null || storedLast.isBefore(runFirst)
                    ? Duration.between(runFirst, runLast).toSeconds() + 1
                    : Math.max(0, Duration.between(storedLast, runLast).toSeconds());
            worst = Math.max(worst, lost);
            lossPerKill.add(String.valueOf((long) lost));
        }
        int total = csvSeconds(csv).values().stream().mapToInt(Integer::intValue).sum();
        int kept = storeSeconds(db).values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("StoreIT crash loop: %d kill -9, store opened and integrity_check ok after each; CSV lines %d, "
                + "stored records %d; newest stored record behind the CSV's newest line by at most %.0f s (per kill: %s)%n",
                loops, total, kept, worst, String.join(",", lossPerKill));
        assertTrue(worst <= 3, "at most a few seconds lost at a kill -9: " + worst + " s");
    }

    /**
     * A full disk (a small tmpfs; needs root to mount one, else skipped): one warning, the CSV goes on, and when space
     * returns the store is written again by itself, with the records that waited.
     */
    @Test
    void aFullDiskIsOneWarningAndTheStoreResumesByItself() throws Exception {
        Path dir = LoggerProcess.newWorkDir("store-full");
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mounting.waitFor(20, TimeUnit.SECONDS) && mounting.exitValue() == 0,
                "cannot mount a tmpfs here (needs root): " + new String(mounting.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Path csv = dir.resolve("vedirect_data.csv");
        Path filler = mount.resolve("filler");
        try (LoggerProcess logger = LoggerProcess.start(dir, Map.of("vedirect.port", FAST_DEVICE, "vedirect.interval", "0.1",
                "store.folder", mount.resolve("store").toString()))) {
            awaitCsvLines(logger, csv, 5);
            try (OutputStream out = Files.newOutputStream(filler)) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                // No space left: the point.
            }
            logger.awaitLogLine("warning that the store cannot be written", WAIT, l -> l.contains("cannot be written"));
            long atWarning = csvLines(csv);
            awaitCsvLines(logger, csv, atWarning + 20);
            Files.delete(filler);
            logger.awaitLogLine("that the store is written again", WAIT, l -> l.contains("is written again"));
            awaitCsvLines(logger, csv, csvLines(csv) + 5);
            assertNotNull(logger.stop(WAIT));
            assertEquals(1, logger.log(l -> l.contains("cannot be written")).size(), "one warning" + logger.tail());
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
