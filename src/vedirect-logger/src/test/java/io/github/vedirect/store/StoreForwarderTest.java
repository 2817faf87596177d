package io.github.vedirect.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forwarder on a real store in a temporary folder, with a sink that takes or refuses batches as told. */
class StoreForwarderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long BIG = 1_000_000_000L;
    private static final Instant START = Instant.parse("2026-12-01T10:00:00.250Z");

    @TempDir
    Path folder;

    /** Keeps what it took, batch by batch; refuses while {@code refusing}, after keeping the attempt. */
    static final class Sink implements RecordSink {
        final List<List<StoredRecord>> taken = new CopyOnWriteArrayList<>();
        final List<List<StoredRecord>> refused = new CopyOnWriteArrayList<>();
        volatile boolean refusing;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public void send(String device, List<StoredRecord> batch) throws Exception {
            if (refusing) {
                refused.add(List.copyOf(batch));
                throw new Exception("connection refused");
            }
            taken.add(List.copyOf(batch));
        }

        List<StoredRecord> records(String device) {
            return taken.stream().flatMap(List::stream).filter(r -> r.device().equals(device)).toList();
        }
    }

    private static void add(RecordStore store, String device, int from, int count) {
        for (int i = from; i < from + count; i++) {
            store.add(device, "BMV-702", "HQ1", START.plusSeconds(30L * i), Map.of("V", (long) i));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static List<Long> volts(List<StoredRecord> records) {
        return records.stream().map(r -> (Long) r.fields().get("V")).toList();
    }

    private static List<Long> range(int from, int count) {
        List<Long> values = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            values.add((long) i);
        }
        return values;
    }

    @Test
    void aBacklogGoesOutInBatchesInOrderPerDeviceEachWithItsOwnTime() throws Exception {
        Sink sink = new Sink();
        try (RecordStore store = RecordStore.open(folder, 31, BIG);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            add(store, "house", 0, 1200);
            add(store, "solar", 0, 30);
            await("every record sent", () -> sink.records("house").size() == 1200 && sink.records("solar").size() == 30);
            assertEquals(range(0, 1200), volts(sink.records("house")), "in stored order");
            assertEquals(range(0, 30), volts(sink.records("solar")));
            assertEquals(START.plusSeconds(30L * 1199), sink.records("house").get(1199).time(), "its own time");
            assertTrue(sink.taken.stream().allMatch(b -> b.size() <= StoreForwarder.BATCH && !b.isEmpty()), "batches of at most 500");
            assertTrue(sink.taken.stream().allMatch(b -> b.stream().map(StoredRecord::device).distinct().count() == 1), "one device a batch");
            assertTrue(sink.taken.size() < 1230 / 10, "batches, not record by record: " + sink.taken.size());
            // The forwarder moves its position (which the backlog reads) just before it counts the batch sent.
            await("no backlog and every record counted", () -> backlog(forwarder).records() == 0 && forwarder.sent() == 1230);
            long last = sink.records("house").get(1199).position();
            await("the position in the store", () -> position(store, "house") == last);
        }
    }

    @Test
    void aRefusedBatchIsTriedAgainAsItWasWithOneWarningAndOneLineWhenItClears() throws Exception {
        Sink sink = new Sink();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = lines(lines);
        try (RecordStore store = RecordStore.open(folder, 31, BIG);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            sink.refusing = true;
            add(store, "house", 0, 10);
            await("three refused tries", () -> sink.refused.size() >= 3);
            Backlog waiting = backlog(forwarder);
            assertEquals(10, waiting.records());
            assertEquals(START, waiting.oldest());
            add(store, "house", 10, 5);
            sink.refusing = false;
            await("every record sent", () -> sink.records("house").size() == 15);
            assertEquals(range(0, 15), volts(sink.records("house")));
            List<StoredRecord> first = sink.refused.get(0);
            assertTrue(sink.refused.stream().allMatch(first::equals), "the same batch each time");
            assertEquals(first, sink.taken.get(0), "then taken as it was");
            await("the line that it cleared", () -> lines.stream().anyMatch(l -> l.contains("takes records again")));
        } finally {
            Logger.getLogger("").removeHandler(handler);
        }
        List<String> warnings = lines.stream().filter(l -> l.startsWith("WARNING")).toList();
        assertEquals(1, warnings.size(), lines.toString());
        assertTrue(warnings.get(0).contains("test does not take records: connection refused"), warnings.get(0));
        List<String> cleared = lines.stream().filter(l -> l.contains("takes records again")).toList();
        assertEquals(1, cleared.size(), lines.toString());
        assertTrue(cleared.get(0).endsWith(", 15 records"), cleared.get(0));
    }

    @Test
    void afterARestartDeliveryResumesFromTheStoredPosition() throws Exception {
        Sink sink = new Sink();
        try (RecordStore store = RecordStore.open(folder, 31, BIG);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            add(store, "house", 0, 20);
            await("20 records sent", () -> sink.records("house").size() == 20);
        }
        // Stored while nothing forwarded: the backlog the next start sends.
        try (RecordStore store = RecordStore.open(folder, 31, BIG)) {
            add(store, "house", 20, 700);
            assertTrue(store.flush(WAIT));
        }
        try (RecordStore store = RecordStore.open(folder, 31, BIG);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            await("the backlog sent", () -> sink.records("house").size() >= 720);
            add(store, "house", 720, 3);
            await("the live records after it", () -> sink.records("house").size() >= 723);
            assertEquals(range(0, 723), volts(sink.records("house")), "nothing twice, nothing lost");
        }
    }

    @Test
    void aDeviceTheSinkNeverTookAnythingOfKeepsItsWholeBacklogOverARestart() throws Exception {
        Sink sink = new Sink();
        sink.refusing = true;
        try (RecordStore store = RecordStore.open(folder, 31, BIG);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            add(store, "house", 0, 5);
            await("a refused try", () -> !sink.refused.isEmpty());
        }
        sink.refusing = false;
        try (RecordStore store = RecordStore.open(folder, 31, BIG);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            await("the backlog sent", () -> sink.records("house").size() >= 5);
            assertEquals(range(0, 5), volts(sink.records("house")), "from its first record, not its newest");
        }
    }

    @Test
    void aDestinationNewToTheStoreBeginsAtEachDevicesNewestRecord() throws Exception {
        try (RecordStore store = RecordStore.open(folder, 31, BIG)) {
            add(store, "house", 0, 100);
            add(store, "solar", 0, 5);
            assertTrue(store.flush(WAIT));
        }
        Sink sink = new Sink();
        try (RecordStore store = RecordStore.open(folder, 31, BIG);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            await("the newest records", () -> sink.records("house").size() == 1 && sink.records("solar").size() == 1);
            add(store, "house", 100, 2);
            await("the records after them", () -> sink.records("house").size() == 3);
            assertEquals(List.of(99L, 100L, 101L), volts(sink.records("house")));
            assertEquals(List.of(4L), volts(sink.records("solar")));
        }
    }

    @Test
    void aDestinationNewToTheStoreGetsEveryRecordOfThisRunHoweverLateItStarts() throws Exception {
        try (RecordStore store = RecordStore.open(folder, 31, BIG)) {
            add(store, "house", 0, 100);
            assertTrue(store.flush(WAIT));
        }
        Sink sink = new Sink();
        try (RecordStore store = RecordStore.open(folder, 31, BIG)) {
            // This run's first records are committed before the forwarder starts (a slow start, a busy Pi).
            add(store, "house", 100, 10);
            add(store, "solar", 0, 3);
            assertTrue(store.flush(WAIT));
            try (StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
                await("this run's records", () -> sink.records("house").size() == 10 && sink.records("solar").size() == 3);
                assertEquals(range(100, 10), volts(sink.records("house")), "from this run's first, none from before it");
                assertEquals(range(0, 3), volts(sink.records("solar")));
            }
        }
    }

    @Test
    void recordsTheBoundDropsBeforeTheSinkTookThemAreCountedForIt() throws Exception {
        Sink sink = new Sink();
        sink.refusing = true;
        // A bound of a few pages: the oldest records go while the sink refuses.
        try (RecordStore store = RecordStore.open(folder, 31, 64 * 1024);
             StoreForwarder forwarder = StoreForwarder.start(store, sink)) {
            add(store, "house", 0, 1);
            await("a refused try", () -> !sink.refused.isEmpty());
            add(store, "house", 1, 3000);
            assertTrue(store.flush(WAIT));
            assertTrue(store.droppedBySize() > 0, "the bound dropped records");
            assertEquals(store.droppedBySize(), forwarder.dropped(), "each dropped record was one the sink had not taken");
        }
    }

    private static Backlog backlog(StoreForwarder forwarder) {
        try {
            return forwarder.backlog();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long position(RecordStore store, String device) {
        try (StoreReader reader = StoreReader.open(store.file().getParent())) {
            return reader.delivered("test", device);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every line of the forwarder's logger, as LEVEL message. */
    private static Handler lines(List<String> into) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName().equals(StoreForwarder.class.getName()) && record.getLevel().intValue() >= Level.INFO.intValue()) {
                    Object[] parameters = record.getParameters();
                    String message = record.getMessage();
                    if (parameters != null) {
                        message = java.text.MessageFormat.format(message, parameters);
                    }
                    into.add(record.getLevel() + " " + message);
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
