package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.domoticz.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** What the end-to-end tests share: settings, the CSV as the logger writes it, figures, waiting. */
final class E2e {

    /** Columns that put the device's sequence number in every CSV line, next to two ordinary readings. */
    static final String CSV_COLUMNS = "Seq:" + SequencedDevice.SEQUENCE_LABEL + ",Volts:V:0.001,Amps:I:0.001";
    static final String CSV_HEADER = "Time,Seq,Volts,Amps";
    static final String CSV_FILE = "vedirect_data.csv";
    private static final Pattern CSV_ROW = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d+,-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?");

    private static final ObjectMapper JSON = new ObjectMapper();

    private E2e() {
    }

    /** The by-id name a VE.Direct USB cable gets on Linux. */
    static Path linkIn(Path dir) {
        return dir.resolve("usb-VictronEnergy_BV_VE_Direct_cable_VE1234AB-if00-port0");
    }

    /** An integer system property, for the documented switches (-De2e.cycles=... and so on). */
    static int intProperty(String key, int defaultValue) {
        String value = System.getProperty(key, "").trim();
        return value.isEmpty() ? defaultValue : Integer.parseInt(value);
    }

    /** A random source whose seed is printed, and can be given back with -De2e.seed=N to replay a run. */
    static Random random(String test) {
        // A fixed seed unless asked otherwise, as for the property tests: the same commit makes the same choices.
        String given = System.getProperty("e2e.seed", "").trim();
        String fresh = System.getProperty("fresh-seeds");
        boolean freshSeeds = fresh != null && !fresh.trim().equalsIgnoreCase("false");
        long seed = !given.isEmpty() ? Long.parseLong(given) : freshSeeds ? System.nanoTime() : test.hashCode();
        System.out.println(test + ": random seed " + seed + " (replay with -De2e.seed=" + seed + ")");
        return new Random(seed);
    }

    /** The sequence number a request to Domoticz carries in its record. */
    static long sequenceOf(RecordedRequest request) {
        String data = request.uri().get("data");
        if (data == null) {
            throw new AssertionError("a request without a record: " + request);
        }
        try {
            JsonNode record = JSON.readTree(data);
            JsonNode sequence = record.get(SequencedDevice.SEQUENCE_LABEL);
            if (sequence == null || !sequence.canConvertToLong()) {
                throw new AssertionError("a record without its sequence number: " + data);
            }
            return sequence.asLong();
        } catch (IOException e) {
            throw new AssertionError("the record is not JSON: " + data, e);
        }
    }

    /** The CSV file's lines as they are on disk; a last line without its line break is returned as it is. */
    static List<String> csvLines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a line is one whole data row: time, sequence number and both readings. */
    static boolean isFullRow(String line) {
        return CSV_ROW.matcher(line).matches();
    }

    /** The sequence numbers of the CSV's full data rows, in file order. */
    static List<Long> csvSequences(Path file) {
        List<Long> sequences = new ArrayList<>();
        for (String line : csvLines(file)) {
            if (isFullRow(line)) {
                sequences.add(Long.parseLong(line.split(",")[1]));
            }
        }
        return sequences;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    /** Prints a measured figure and appends it to target/e2e-figures.txt, one {@code name: value} per line. */
    static void figure(String name, Object value) {
        String line = name + ": " + (value instanceof Double ? String.format(Locale.ROOT, "%.1f", (Double) value) : value);
        System.out.println("figure " + line);
        try {
            Path file = Path.of("target", "e2e-figures.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until {@code condition} gives a non-null result; fails naming {@code what} after {@code timeout}. */
    static <T> T await(String what, Duration timeout, Callable<T> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T result = condition.call();
            if (result != null && !Boolean.FALSE.equals(result)) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
