package io.github.vedirect.store;

import io.github.vedirect.Await;
import io.github.vedirect.component.VeDirectRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store on a real SQLite file: typed fields, the read API for destinations, the bounds, the faults. */
class RecordStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long BIG = 1_000_000_000L;

    @TempDir
    Path folder;

    private static Map<String, Object> fields(long volts) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("PID", "0x204");
        fields.put("V", volts);
        fields.put("I", -4910L);
        fields.put("FW", "0308");
        fields.put("Alarm", "OFF");
        fields.put("SOC", "---");
        return fields;
    }

    @Test
    void anotherConnectionWritingTheFileBetweenCommitsNeverStopsTheStore() throws Exception {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        try (RecordStore store = RecordStore.open(folder, 31, BIG, fixedClock(start));
             Connection other = Sqlite.open(store.file());
             Statement statement = other.createStatement()) {
            // What the alarms' table does: its own connection, writing between the store's commits. Each record is
            // committed within its commit delay (1 s) and five times that is waited, not the 10 s of a failed write's retry.
            Duration committed = Duration.ofSeconds(5);
            statement.execute("PRAGMA busy_timeout=10000");
            statement.execute("CREATE TABLE IF NOT EXISTS other_table (x INTEGER)");
            for (int i = 0; i < 5; i++) {
                store.add("house", "BMV-702", "HQ1", start.plusSeconds(i), fields(12_000 + i));
                assertTrue(store.flush(committed), "record " + i + " committed: " + store.problem());
                statement.execute("INSERT INTO other_table VALUES (" + i + ")");
            }
            store.add("house", "BMV-702", "HQ1", start.plusSeconds(5), fields(12_005));
            assertTrue(store.flush(committed), "the last record committed: " + store.problem());
            assertEquals(null, store.problem());
            assertEquals(6, store.stored());
        }
    }

    @Test
    void keepsFieldsTypedWithTimeAndIdentityAndReadsAfterAPositionInBatches() throws Exception {
        Instant start = Instant.parse("2026-12-01T10:00:00.250Z");
        try (RecordStore store = RecordStore.open(folder, 31, BIG, fixedClock(start))) {
            for (int i = 0; i < 10; i++) {
                store.add(i % 2 == 0 ? "house" : "solar", "BMV-702", i % 2 == 0 ? "HQ1" : "HQ2", start.plusSeconds(i), fields(12_000 + i));
            }
            assertTrue(store.flush(WAIT));
            StoreReader reader = store.reader();
            List<StoredRecord> first = reader.after("house", 0, 3);
            assertEquals(3, first.size());
            assertEquals(List.of(12_000L, 12_002L, 12_004L), first.stream().map(r -> r.fields().get("V")).toList());
            StoredRecord one = first.get(0);
            assertEquals("house", one.device());
            assertEquals("BMV-702", one.product());
            assertEquals("HQ1", one.serial());
            assertEquals(start, one.time());
            assertInstanceOf(Long.class, one.fields().get("V"));
            // Text stays text, as sent: a leading zero, a hex id, the "not available" marker.
            assertEquals("0308", one.fields().get("FW"));
            assertEquals("0x204", one.fields().get("PID"));
            assertEquals("---", one.fields().get("SOC"));
            assertEquals(List.of("PID", "V", "I", "FW", "Alarm", "SOC"), new ArrayList<>(one.fields().keySet()));
            List<StoredRecord> rest = reader.after("house", first.get(2).position(), 100);
            assertEquals(List.of(12_006L, 12_008L), rest.stream().map(r -> r.fields().get("V")).toList());
            assertTrue(rest.get(0).position() > first.get(2).position());
            store.delivered("influxdb", "house", first.get(2).position());
            assertEquals(first.get(2).position(), store.deliveredPosition("influxdb", "house"));
            assertEquals(0, store.deliveredPosition("influxdb", "solar"));
            store.add("house", "BMV-702", "HQ1", start.plusSeconds(20), fields(1));
            assertTrue(store.flush(WAIT));
        }
        // The delivery position is in the file: a restart goes on from it.
        try (StoreReader reader = StoreReader.open(folder)) {
            long position = reader.delivered("influxdb", "house");
            assertEquals(3, reader.after("house", position, 100).size());
            assertEquals(List.of("house", "solar"), reader.devices());
        }
    }

    /** systemctl stop with a long commit delay: what waits for its commit is written before the store closes. */
    @Test
    void closingWritesTheBatchThatWaitsForItsCommit() throws Exception {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        RecordStore store = RecordStore.open(folder, 31, BIG, Duration.ofSeconds(180), fixedClock(now));
        for (int i = 0; i < 3; i++) {
            store.add("house", null, null, now.plusSeconds(30L * i), fields(i));
        }
        store.close();
        try (StoreReader reader = StoreReader.open(folder)) {
            assertEquals(3, reader.count());
        }
    }

    @Test
    void positionsAreNeverReusedEvenWhenTheBoundEmptiedTheTable() throws Exception {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        long delivered;
        try (RecordStore store = RecordStore.open(folder, 1, BIG, fixedClock(now))) {
            store.add("house", null, null, now, fields(1));
            store.add("house", null, null, now, fields(2));
            assertTrue(store.flush(WAIT));
            delivered = store.reader().after("house", 0, 10).get(1).position();
            store.delivered("mqtt", "house", delivered);
            store.add("house", null, null, now, fields(3));
            assertTrue(store.flush(WAIT));
        }
        // Two days later every record is past store.days: the table is emptied, the delivered position stays.
        try (RecordStore store = RecordStore.open(folder, 1, BIG, fixedClock(now.plus(2, ChronoUnit.DAYS)))) {
            Await.until("the age bound", WAIT, () -> store.droppedByAge() == 3);
            store.add("house", null, null, now.plus(2, ChronoUnit.DAYS), fields(4));
            assertTrue(store.flush(WAIT));
            List<StoredRecord> after = store.reader().after("house", store.deliveredPosition("mqtt", "house"), 10);
            assertEquals(1, after.size(), "the new record is after the delivered position, not hidden below it");
            assertEquals(4L, after.get(0).fields().get("V"));
        }
    }

    @Test
    void recordsOlderThanTheDaysAreDroppedOldestFirstAndCounted() throws Exception {
        Instant now = Instant.parse("2026-12-31T12:00:00Z");
        // Written 40 days ago (then none was old), read today.
        try (RecordStore store = RecordStore.open(folder, 31, BIG, fixedClock(now.minus(40, ChronoUnit.DAYS)))) {
            for (int i = 0; i < 50; i++) {
                // 40 records of 40 to 33 days ago, then 10 of the last hours.
                Instant at = i < 40 ? now.minus(40, ChronoUnit.DAYS).plus(i * 4, ChronoUnit.HOURS) : now.minus(50 - i, ChronoUnit.HOURS);
                store.add(i % 2 == 0 ? "house" : "solar", null, null, at, fields(i));
            }
            assertTrue(store.flush(WAIT));
        }
        try (RecordStore store = RecordStore.open(folder, 31, BIG, fixedClock(now))) {
            Await.until("the age bound", WAIT, () -> store.droppedByAge() == 40);
            assertEquals(10, store.reader().count());
            assertEquals(List.of(40L, 42L, 44L, 46L, 48L), store.reader().after("house", 0, 100).stream().map(r -> r.fields().get("V")).toList());
            assertArrayEquals(new long[] {20, 0}, store.reader().dropped().get("house"));
            assertArrayEquals(new long[] {20, 0}, store.reader().dropped().get("solar"));
        }
    }

    @Test
    void beyondTheSizeTheOldestAreDroppedAndCountedAndTheFileStopsGrowing() throws Exception {
        long max = 300_000;
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        int records = 3_000;
        try (RecordStore store = RecordStore.open(folder, 31, max, fixedClock(now))) {
            for (int i = 0; i < records; i++) {
                Map<String, Object> fields = fields(i);
                fields.put("padding", "x".repeat(200));
                store.add("house", null, null, now.plusMillis(i), fields);
                if (i % 500 == 499) {
                    assertTrue(store.flush(WAIT));
                }
            }
            assertTrue(store.flush(WAIT));
            long kept = store.reader().count();
            assertTrue(kept < records && kept > 0, "kept " + kept);
            assertEquals(records - kept, store.droppedBySize());
            assertArrayEquals(new long[] {0, records - kept}, store.reader().dropped().get("house"));
            // The oldest went: what is left is the newest, without a gap.
            List<StoredRecord> left = store.reader().after("house", 0, records);
            assertEquals(records - 1L, left.get(left.size() - 1).fields().get("V"));
            assertEquals((long) (records - kept), left.get(0).fields().get("V"));
        }
        // At most one batch (500 of these records, about 170 kB) above the bound before it is trimmed again.
        assertTrue(Files.size(folder.resolve(RecordStore.FILE)) < max + 250_000, "the file is " + Files.size(folder.resolve(RecordStore.FILE)));
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideWithOneWarningAndANewStoreBegins() throws Exception {
        byte[] garbage = "this was a CSV file, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve(RecordStore.FILE), garbage);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = warnings(warnings);
        try (RecordStore store = RecordStore.open(folder, 31, BIG)) {
            store.add("house", null, null, Instant.now(), fields(1));
            assertTrue(store.flush(WAIT));
            assertEquals(1, store.reader().count());
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }
        List<Path> aside;
        try (var files = Files.list(folder)) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("records-unreadable-")).toList();
        }
        assertEquals(1, aside.size(), aside.toString());
        assertArrayEquals(garbage, Files.readAllBytes(aside.get(0)), "kept as it was");
        assertEquals(1, warnings.stream().filter(w -> w.contains("could not be read")).count(), warnings.toString());
    }

    @Test
    void aFolderThatCannotBeWrittenIsRefused() throws Exception {
        Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
        StoreFolderException refused = assertThrows(StoreFolderException.class, () -> RecordStore.open(file.resolve("store"), 31, BIG));
        assertTrue(refused.getMessage().startsWith("cannot be written"), refused.getMessage());
    }

    @Test
    void numbersStayNumbersAndTextIsEscapedInTheJson() throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("V", 12800L);
        fields.put("SER#", "HQ\"1\\\n");
        VeDirectRecord back = StoreReader.fields(FieldsJson.json(fields));
        assertEquals(12800L, back.get("V"));
        assertEquals("HQ\"1\\\n", back.get("SER#"));
    }

    static java.time.Clock fixedClock(Instant at) {
        return java.time.Clock.fixed(at, java.time.ZoneOffset.UTC);
    }

    static Handler warnings(List<String> into) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    into.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(handler);
        return handler;
    }
}
