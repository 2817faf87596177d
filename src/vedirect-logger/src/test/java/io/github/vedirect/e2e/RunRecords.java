package io.github.vedirect.e2e;

import java.io.IOException;
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
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * A run's records as the store-and-forward tests compare them: the CSV's lines and what a destination got, counted
 * by local second (the CSV's time has seconds only), and the store's record times.
 */
public final class RunRecords {

    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private RunRecords() {
    }

    /** The CSV's lines by local second, as its first column has them: how many lines each second. */
    static TreeMap<String, Integer> csvSeconds(Path csv) throws IOException {
        TreeMap<String, Integer> seconds = new TreeMap<>();
        if (!Files.exists(csv)) {
            return seconds;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (line.length() >= 19 && line.charAt(4) == '-') {
                seconds.merge(line.substring(0, 19), 1, Integer::sum);
            }
        }
        return seconds;
    }

    static long count(TreeMap<String, Integer> seconds) {
        return seconds.values().stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * Waits until all but the newest 3 lines of the CSV have been delivered ({@code delivered}: how many records the
     * destination holds, each once) and returns the CSV's line count at that moment. Read while the logger runs, CSV
     * first: a count read after a stop raced the stop, which may leave a few records stored but not yet sent.
     */
    static long csvLinesKeptUpWith(Path csv, Duration wait, Callable<Integer> delivered) throws Exception {
        return E2e.await("a record delivered for all but the last 3 CSV lines", wait, () -> {
            long lines = count(csvSeconds(csv));
            return delivered.call() >= lines - 3 ? lines : null;
        });
    }

    /** Times in milliseconds by local second, as the CSV writes a record's time. */
    static TreeMap<String, Integer> bySecond(Iterable<Long> times) {
        TreeMap<String, Integer> seconds = new TreeMap<>();
        for (long time : times) {
            seconds.merge(LocalDateTime.ofInstant(Instant.ofEpochMilli(time), ZoneId.systemDefault()).format(CSV_TIME), 1, Integer::sum);
        }
        return seconds;
    }

    /** The store's records' times in milliseconds, in stored order. */
    public static List<Long> storedTimes(Path db) throws Exception {
        List<Long> times = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT time FROM records ORDER BY position")) {
            while (rows.next()) {
                times.add(rows.getLong(1));
            }
        }
        return times;
    }
}
