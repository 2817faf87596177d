package io.github.vedirect.csv;

import io.github.vedirect.Await;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.logger.RunningLogger;
import io.github.vedirect.logging.LogCapture;
import io.github.vedirect.protocol.HexHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code history.file} in the logger's real Camel Main: a simulated SmartSolar whose day lasts 60 s of device time
 * (6 s at 10 blocks a second) beside a simulated BMV-712, which has no day counter. The history file's rows are
 * checked against the device's own text stream, which the CSV destination writes at the same time (yesterday's yield
 * H22 and maximum power H23 after the day turned over), and against the device's record read through the logger's
 * own connection while it is still yesterday's.
 */
class DailyHistoryTest {

    @TempDir
    Path dir;

    @Test
    void eachEndedDayIsAppendedOnceWithTheDevicesRecord() throws Exception {
        Path history = dir.resolve("history.csv");
        Map<String, String> settings = new HashMap<>(Map.of(
                "vedirect.port.solar", "simulator:mppt?blockInterval=100&simulatorDayLength=60s&simulatorSeed=3",
                "vedirect.port.shunt", "simulator:bmv712?blockInterval=100",
                "vedirect.interval", "0.1",
                "csv.columns.solar", "HSDS:HSDS:1,H22:H22:0.01,H23:H23:1",
                "history.file", history.toString()));
        try (LogCapture log = new LogCapture(); RunningLogger logger = new RunningLogger(dir.resolve("d.csv"), settings)) {
            // One file per device, as csv.file: history-solar.csv.
            Path solar = dir.resolve("history-solar.csv");
            Await.until("a first day appended", Duration.ofSeconds(20), () -> lines(solar).size() >= 2);
            List<String> first = lines(solar);
            assertEquals(DailyHistory.HEADER, first.get(0));
            String[] row = first.get(1).split(",", -1);
            int ended = Integer.parseInt(row[2]);
            // What the device holds for that day, through the logger's connection, while it is still day 1.
            HexHistory.Day held = logger.bean("devices", Devices.class).historyDay("solar", 1);
            // A day lasts 6 s here and the row came within about one: the device is still on the next day.
            assertEquals(ended, held.daySequence());
            assertEquals(String.join(",", "solar", row[1], row[2], HistoryCsv.row("1", held)), first.get(1));
            Await.until("a second day appended", Duration.ofSeconds(20), () -> lines(solar).size() >= 3);
            assertEquals(0, log.count("does not call dailyHistory"), "the shipped routes call it");

            List<String> rows = lines(solar);
            assertEquals(1, rows.stream().filter(DailyHistory.HEADER::equals).count(), "the heading once");
            List<String> text = Files.readAllLines(dir.resolve("d-solar.csv"));
            List<Integer> days = new ArrayList<>();
            for (String line : rows.subList(1, rows.size())) {
                String[] cells = line.split(",", -1);
                assertEquals("solar", cells[0]);
                assertTrue(cells[1].startsWith("HQ"), "the SmartSolar's serial number: " + line);
                assertEquals("1", cells[3], "yesterday's record: " + line);
                int day = Integer.parseInt(cells[2]);
                days.add(day);
                // The text stream of the next day says the same of yesterday: H22 (kWh) and H23 (W).
                String next = text.stream().filter(l -> l.split(",", -1)[1].equals(Integer.toString((day + 1) % 365)))
                        .findFirst().orElseThrow(() -> new AssertionError("no text record of day " + (day + 1)));
                String[] nextCells = next.split(",", -1);
                assertEquals(0, new BigDecimal(nextCells[2]).compareTo(new BigDecimal(cells[4])), line + " / " + next);
                assertEquals(nextCells[3], cells[5], line + " / " + next);
                assertTrue(new BigDecimal(cells[7]).compareTo(new BigDecimal(cells[8])) <= 0, "min <= max battery voltage: " + line);
            }
            for (int i = 1; i < days.size(); i++) {
                assertEquals((days.get(i - 1) + 1) % 365, days.get(i), "consecutive days, none twice: " + days);
            }
            // The BMV has no day counter: no history file, no HEX asked of it.
            assertFalse(Files.exists(dir.resolve("history-shunt.csv")));
            assertEquals(0, log.count("History: shunt"), String.join("\n", log.lines()));
            assertEquals(0, log.lines().stream().filter(l -> l.startsWith("WARN History")).count(), String.join("\n", log.lines()));
        }
    }

    @Test
    void aDeviceThatDoesNotAnswerIsOneWarningAndNoRetryStorm() throws Exception {
        // The 150/70 simulation sends HSDS but answers no HEX, like a charger behind a text-only link.
        Path history = dir.resolve("history.csv");
        Map<String, String> settings = Map.of(
                "vedirect.port", "simulator:mppt-split?blockInterval=100&simulatorDayLength=20s",
                "vedirect.interval", "0.5", "history.file", history.toString());
        try (LogCapture log = new LogCapture(); RunningLogger logger = new RunningLogger(dir.resolve("d.csv"), settings)) {
            Await.until("the first failure", Duration.ofSeconds(20), () -> log.count("History: default day") > 0);
            // Days go on ending (every 2 s) and the tries go on, paused 1, 2, 4... s apart: still the one warning.
            Thread.sleep(8000);
            List<String> historyLines = log.lines().stream().filter(l -> l.contains("History:")).toList();
            assertEquals(1, historyLines.size(), String.join("\n", log.lines()));
            assertTrue(historyLines.get(0).startsWith("WARN History: default day "), historyLines.get(0));
            assertTrue(historyLines.get(0).contains("no answer"), historyLines.get(0));
            assertFalse(Files.exists(history), "nothing written without the device's record");
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
