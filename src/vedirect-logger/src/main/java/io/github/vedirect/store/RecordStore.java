package io.github.vedirect.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every record that passes the interval, kept in one SQLite file ({@value #FILE} in {@code store.folder}) that the
 * sqlite3 CLI and DB Browser for SQLite open as it is. One writer thread does every write; {@link #add} only queues,
 * so a slow card or a full disk never holds up a device's route.
 *
 * <p><b>Crash safety against SD-card wear.</b> The file is in WAL mode with {@code synchronous=NORMAL}: a commit
 * appends its pages to the write-ahead log without an fsync, and only a checkpoint (every 1,000 pages) syncs. A
 * {@code kill -9} loses nothing committed (the pages are in the kernel's cache); a power cut may lose the commits
 * the kernel had not yet written (its dirty-page expiry, about 30 s) but never leaves a file that will not open:
 * WAL recovery drops a torn tail. {@code synchronous=FULL} would fsync on every commit, one flash erase-block
 * rewrite per record on a card, for a few seconds less loss on a power cut only.
 *
 * <p>Records are committed in batches: all that came within {@code store.commit-seconds} of the first one (1 s by
 * default, {@link #COMMIT_DELAY}), at most {@link #BATCH}. That delay is the trade-off between a crash and the card:
 * a {@code kill -9} loses at most the batch not yet committed, and each commit costs the card a few 4 KiB pages (the
 * log's tail, the log's index in {@code -shm}) whatever it holds, since at 30 s the kernel has written the previous
 * commit's pages out before the next one dirties them again. At the 30 s default interval a record is its own
 * commit, and the store adds about 22 MB a day; store.commit-seconds=180 puts six records in a commit and adds about
 * 4 MB, for up to three minutes lost at a kill -9 (docs/store.md, docs/performance.md "Record store"). The default
 * keeps the loss at a second, as issue 21 asks; a site that minds its card chooses the other. Pages are 1 KiB rather
 * than 4: a commit appends the changed page of the table and of its index to the log, and a smaller page is less
 * written per record.
 *
 * <p><b>Bounds.</b> Records older than {@code store.days} and, beyond {@code store.max-mb} of used pages, the
 * oldest records are deleted, oldest first, and counted per device (table {@code dropped}); freed pages are
 * reused, so the file stops growing at the bound.
 *
 * <p><b>Faults.</b> A file that is not a database or is corrupt is moved aside (renamed with the time) with one
 * warning and a new one is begun. A write that fails for want of space (or any I/O error) is one warning; the
 * records wait in memory (at most {@link #QUEUE}, the oldest lost beyond that, counted) and are written when a
 * retry every {@link #RETRY} succeeds, with one line saying so.
 *
 * <p><b>For destinations that send a backlog.</b> Positions increase in the order records are stored and are
 * never reused; {@link StoreReader#after} reads a device's records after a position in batches, and
 * {@link #delivered} keeps each destination's position per device in the store (table {@code deliveries}).
 */
public final class RecordStore implements AutoCloseable {

    /** The database file in the store's folder. */
    public static final String FILE = "records.db";

    /** {@code store.commit-seconds}'s default: a record is committed within a second of arriving. */
    public static final Duration COMMIT_DELAY = Duration.ofSeconds(1);
    static final int BATCH = 500;
    static final int QUEUE = 20_000;
    static final Duration RETRY = Duration.ofSeconds(10);
    static final Duration AGE_CHECK = Duration.ofHours(1);
    private static final int PAGE_SIZE = 1024;
    /**
     * SQLite's page cache per connection, in KiB when negative: the writer touches only the newest pages, and the
     * default (2 MB per connection) would be idle memory on a Pi.
     */
    static final int CACHE_SIZE = -256;
    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final Path file;
    private final Duration keep;
    private final long maxBytes;
    private final Clock clock;
    private final Duration commitDelay;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final Map<String, Long> deviceIds = new HashMap<>();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong droppedByAge = new AtomicLong();
    private final AtomicLong droppedBySize = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong added = new AtomicLong();
    private final Object writtenMonitor = new Object();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile String failing;
    private Connection db;
    private StoreReader reader;
    private long nextPosition;
    private Instant lastAgeCheck = Instant.MIN;
    private long handled;

    /** A record waiting for the writer: who, when, and its fields as JSON. */
    private record Pending(String name, String product, String serial, long time, String fields) {
    }

    private RecordStore(Path folder, int days, long maxBytes, Duration commitDelay, Clock clock) {
        this.folder = folder;
        this.commitDelay = commitDelay;
        this.file = folder.resolve(FILE);
        this.keep = Duration.ofDays(days);
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "record-store");
        writer.setDaemon(true);
    }

    /**
     * Opens (or begins) the store in {@code folder} and starts its writer.
     *
     * @throws StoreFolderException when the folder cannot be created or written
     */
    public static RecordStore open(Path folder, int days, long maxBytes, Duration commitDelay) {
        return open(folder, days, maxBytes, commitDelay, Clock.systemUTC());
    }

    static RecordStore open(Path folder, int days, long maxBytes) {
        return open(folder, days, maxBytes, COMMIT_DELAY, Clock.systemUTC());
    }

    static RecordStore open(Path folder, int days, long maxBytes, Clock clock) {
        return open(folder, days, maxBytes, COMMIT_DELAY, clock);
    }

    static RecordStore open(Path folder, int days, long maxBytes, Duration commitDelay, Clock clock) {
        requireWritable(folder);
        RecordStore store = new RecordStore(folder, days, maxBytes, commitDelay, clock);
        store.openDatabase();
        store.writer.start();
        return store;
    }

    private static void requireWritable(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StoreFolderException("cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): give the logger's user a folder it may write, or leave it empty to keep no store", e);
        }
    }

    /** Opens the file, moving it aside first if it is not a sound database. */
    private void openDatabase() {
        try {
            connect();
        } catch (SQLException e) {
            if (!broken(e)) {
                // A full disk or an I/O error: not the file's fault. The writer tries again, as for any write.
                closeQuietly();
                fail(e);
                return;
            }
            moveAside(e);
            try {
                connect();
            } catch (SQLException again) {
                throw new StoreFolderException("cannot begin a new store in it: " + again.getMessage(), again);
            }
        }
    }

    private void connect() throws SQLException {
        closeQuietly();
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = db.createStatement()) {
            // page_size only counts for a new file; WAL and NORMAL: see the class comment.
            statement.execute("PRAGMA page_size=" + PAGE_SIZE);
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=NORMAL");
            statement.execute("PRAGMA busy_timeout=5000");
            statement.execute("PRAGMA cache_size=" + CACHE_SIZE);
            statement.execute("CREATE TABLE IF NOT EXISTS devices(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    + "product TEXT NOT NULL, serial TEXT NOT NULL, UNIQUE(name, product, serial))");
            // time: milliseconds since 1970 UTC; fields: the record as JSON, numbers as numbers, text as strings.
            statement.execute("CREATE TABLE IF NOT EXISTS records(position INTEGER PRIMARY KEY, "
                    + "device INTEGER NOT NULL REFERENCES devices(id), time INTEGER NOT NULL, fields TEXT NOT NULL)");
            statement.execute("CREATE INDEX IF NOT EXISTS records_by_device ON records(device)");
            statement.execute("CREATE TABLE IF NOT EXISTS deliveries(destination TEXT NOT NULL, device TEXT NOT NULL, "
                    + "position INTEGER NOT NULL, PRIMARY KEY(destination, device)) WITHOUT ROWID");
            statement.execute("CREATE TABLE IF NOT EXISTS dropped(device TEXT PRIMARY KEY, by_age INTEGER NOT NULL DEFAULT 0, "
                    + "by_size INTEGER NOT NULL DEFAULT 0)");
            // One row per field, for a look with the sqlite3 CLI or DB Browser: SELECT * FROM readings WHERE label='V'.
            statement.execute("CREATE VIEW IF NOT EXISTS readings AS SELECT r.position, d.name AS device, d.product, d.serial, "
                    + "strftime('%Y-%m-%dT%H:%M:%fZ', r.time / 1000.0, 'unixepoch') AS time, f.key AS label, f.value AS value "
                    + "FROM records r JOIN devices d ON d.id = r.device, json_each(r.fields) f");
            try (ResultSet rows = statement.executeQuery("SELECT max(coalesce((SELECT max(position) FROM records), 0), "
                    + "coalesce((SELECT max(position) FROM deliveries), 0))")) {
                // Past every position a destination has delivered, even when the bound has emptied the table.
                nextPosition = (rows.next() ? rows.getLong(1) : 0) + 1;
            }
        }
        db.setAutoCommit(false);
        deviceIds.clear();
        reader = new StoreReader(file);
    }

    private static boolean broken(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        // SQLITE_CORRUPT, SQLITE_NOTADB
        return code == 11 || code == 26;
    }

    private void moveAside(SQLException why) {
        closeQuietly();
        String stem = "records-unreadable-" + ASIDE.format(clock.instant());
        try {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path part = folder.resolve(FILE + suffix);
                if (Files.exists(part)) {
                    Files.move(part, folder.resolve(stem + ".db" + suffix));
                }
            }
        } catch (IOException e) {
            throw new StoreFolderException("cannot move the unreadable " + file + " aside: " + e.getMessage(), e);
        }
        LOG.warn("The record store {} could not be read ({}): it is kept as {}.db, and a new store begins", file,
                firstLine(why), stem);
    }

    /** Queues a record for the store; never waits. Beyond {@link #QUEUE} waiting records the oldest is lost, counted. */
    public void add(String name, String product, String serial, Instant time, Map<String, ?> fields) {
        Pending pending = new Pending(name, product == null ? "" : product, serial == null ? "" : serial, time.toEpochMilli(),
                json(fields));
        added.incrementAndGet();
        while (!queue.offer(pending)) {
            if (queue.poll() != null) {
                lost.incrementAndGet();
                handled();
            }
        }
    }

    /** Records {@code position} as delivered by {@code destination} for {@code device}; written with the next commit. */
    public void delivered(String destination, String device, long position) {
        positions.merge(destination + '\n' + device, position, Math::max);
    }

    /** What {@code destination} has delivered of {@code device}'s records: its position, 0 when none. */
    public long deliveredPosition(String destination, String device) throws SQLException {
        Long pending = positions.get(destination + '\n' + device);
        StoreReader open = reader();
        if (open == null) {
            throw new SQLException("the record store is not open: " + failing);
        }
        long kept = open.delivered(destination, device);
        return pending == null ? kept : Math.max(pending, kept);
    }

    /** A reader on the store (shared; do not close it). */
    public synchronized StoreReader reader() {
        return reader;
    }

    /** Waits until every record added before this call is committed (or lost); false on timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = added.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (writtenMonitor) {
            while (handled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(writtenMonitor, left);
            }
        }
        return true;
    }

    private void handled() {
        handled(1);
    }

    private void handled(int count) {
        synchronized (writtenMonitor) {
            handled += count;
            writtenMonitor.notifyAll();
        }
    }

    private void writeLoop() {
        ArrayDeque<Pending> held = new ArrayDeque<>();
        // At close: write what is queued, unless the store cannot be written (then it is lost, as at a power cut).
        while (running || (failing == null && (!queue.isEmpty() || !held.isEmpty()))) {
            try {
                if (failing != null && running) {
                    // Space or I/O trouble: retry now and then, holding what came meanwhile.
                    Thread.sleep(RETRY.toMillis());
                }
                Pending first = held.isEmpty() ? queue.poll(1, TimeUnit.SECONDS) : null;
                if (first != null) {
                    held.add(first);
                }
                long deadline = System.nanoTime() + commitDelay.toNanos();
                while (held.size() < BATCH && running) {
                    if (held.isEmpty() && positions.isEmpty()) {
                        break;
                    }
                    Pending next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    held.add(next);
                }
                queue.drainTo(held, Math.max(0, BATCH - held.size()));
                while (held.size() > QUEUE) {
                    held.poll();
                    lost.incrementAndGet();
                    handled();
                }
                int written = 0;
                if (!held.isEmpty() || !positions.isEmpty()) {
                    List<Pending> batch = new ArrayList<>(held);
                    if (write(batch)) {
                        held.clear();
                        written = batch.size();
                    }
                }
                if (failing == null) {
                    bound();
                }
                // After the bound: whoever waits in flush() sees the store as it stays.
                handled(written);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                LOG.warn("The record store's writer met {}; it goes on", e.toString());
            }
        }
        closeQuietly();
    }

    /** One transaction: the batch and the delivery positions; false when it must be tried again. */
    private boolean write(List<Pending> batch) {
        Map<String, Long> positionsNow = new LinkedHashMap<>(positions);
        long first = nextPosition;
        try {
            if (db == null) {
                connect();
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO records(position, device, time, fields) VALUES (?, ?, ?, ?)")) {
                long position = first;
                for (Pending record : batch) {
                    insert.setLong(1, position++);
                    insert.setLong(2, deviceId(record));
                    insert.setLong(3, record.time());
                    insert.setString(4, record.fields());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            if (!positionsNow.isEmpty()) {
                try (PreparedStatement upsert = db.prepareStatement("INSERT INTO deliveries(destination, device, position) VALUES (?, ?, ?) "
                        + "ON CONFLICT(destination, device) DO UPDATE SET position = max(position, excluded.position)")) {
                    for (Map.Entry<String, Long> entry : positionsNow.entrySet()) {
                        String[] key = entry.getKey().split("\n", 2);
                        upsert.setString(1, key[0]);
                        upsert.setString(2, key[1]);
                        upsert.setLong(3, entry.getValue());
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                }
            }
            db.commit();
            nextPosition = first + batch.size();
            positionsNow.forEach((key, value) -> positions.remove(key, value));
            stored.addAndGet(batch.size());
            if (failing != null) {
                LOG.info("The record store is written again ({} records that waited are in it; {} lost since it started)",
                        batch.size(), lost.get());
                failing = null;
            }
            return true;
        } catch (SQLException e) {
            rollbackQuietly();
            deviceIds.clear();
            if (broken(e)) {
                moveAside(e);
                try {
                    connect();
                } catch (SQLException again) {
                    closeQuietly();
                    fail(again);
                }
                return false;
            }
            if (e.getErrorCode() != 13) {
                // Not just a full disk: begin the next attempt on a fresh connection.
                closeQuietly();
            }
            fail(e);
            return false;
        }
    }

    private void fail(SQLException e) {
        String why = firstLine(e);
        if (failing == null) {
            LOG.warn("The record store {} cannot be written ({}); records wait in memory (up to {}) and are written when it "
                    + "can be again, tried every {} s; CSV and the other destinations go on", file, why, QUEUE, RETRY.toSeconds());
        }
        failing = why;
    }

    private long deviceId(Pending record) throws SQLException {
        String key = record.name() + '\n' + record.product() + '\n' + record.serial();
        Long id = deviceIds.get(key);
        if (id != null) {
            return id;
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT OR IGNORE INTO devices(name, product, serial) VALUES (?, ?, ?)")) {
            insert.setString(1, record.name());
            insert.setString(2, record.product());
            insert.setString(3, record.serial());
            insert.executeUpdate();
        }
        try (PreparedStatement query = db.prepareStatement("SELECT id FROM devices WHERE name = ? AND product = ? AND serial = ?")) {
            query.setString(1, record.name());
            query.setString(2, record.product());
            query.setString(3, record.serial());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
        }
        deviceIds.put(key, id);
        return id;
    }

    /** Applies both bounds: the age once an hour, the size after every commit (two cheap pragmas). */
    private void bound() {
        try {
            Instant now = clock.instant();
            if (Duration.between(lastAgeCheck, now).compareTo(AGE_CHECK) >= 0) {
                lastAgeCheck = now;
                long cutoff = now.minus(keep).toEpochMilli();
                long dropped = dropOldest(Long.MAX_VALUE, cutoff, "by_age");
                if (dropped > 0) {
                    droppedByAge.addAndGet(dropped);
                    LOG.info("The record store dropped {} records older than {} days", dropped, keep.toDays());
                }
            }
            long over = usedBytes() - maxBytes;
            if (over > 0) {
                long dropped = 0;
                while (usedBytes() > maxBytes) {
                    // About 1 % of the records at a time: a freed page is only reused, the file never shrinks.
                    long chunk = Math.max(100, count() / 100);
                    long gone = dropOldest(chunk, Long.MAX_VALUE, "by_size");
                    if (gone == 0) {
                        break;
                    }
                    dropped += gone;
                }
                if (dropped > 0) {
                    droppedBySize.addAndGet(dropped);
                    LOG.info("The record store reached store.max-mb ({} MB): it dropped its {} oldest records",
                            java.math.BigDecimal.valueOf(maxBytes, 6).stripTrailingZeros().toPlainString(), dropped);
                }
            }
        } catch (SQLException e) {
            rollbackQuietly();
            LOG.warn("The record store could not apply its bounds ({}); tried again later", firstLine(e));
        }
    }

    /** Deletes at most {@code limit} of the oldest records, stopping at the first at or after {@code before}. */
    private long dropOldest(long limit, long before, String reason) throws SQLException {
        Map<String, Long> byDevice = new LinkedHashMap<>();
        long last = -1;
        long count = 0;
        try (PreparedStatement query = db.prepareStatement("SELECT r.position, r.time, d.name FROM records r "
                + "JOIN devices d ON d.id = r.device ORDER BY r.position LIMIT ?")) {
            query.setLong(1, Math.min(limit, 100_000));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next() && rows.getLong(2) < before) {
                    last = rows.getLong(1);
                    byDevice.merge(rows.getString(3), 1L, Long::sum);
                    count++;
                }
            }
        }
        if (count == 0) {
            return 0;
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM records WHERE position <= ?");
             PreparedStatement counted = db.prepareStatement("INSERT INTO dropped(device, " + reason + ") VALUES (?, ?) "
                     + "ON CONFLICT(device) DO UPDATE SET " + reason + " = " + reason + " + excluded." + reason)) {
            delete.setLong(1, last);
            delete.executeUpdate();
            for (Map.Entry<String, Long> device : byDevice.entrySet()) {
                counted.setString(1, device.getKey());
                counted.setLong(2, device.getValue());
                counted.addBatch();
            }
            counted.executeBatch();
        }
        db.commit();
        // The age bound can go on past 100,000 in one pass.
        return count == 100_000 && limit > count ? count + dropOldest(limit - count, before, reason) : count;
    }

    private long usedBytes() throws SQLException {
        try (Statement statement = db.createStatement()) {
            long pages = single(statement, "PRAGMA page_count");
            long free = single(statement, "PRAGMA freelist_count");
            long size = single(statement, "PRAGMA page_size");
            return (pages - free) * size;
        }
    }

    private long count() throws SQLException {
        try (Statement statement = db.createStatement()) {
            return single(statement, "SELECT count(*) FROM records");
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /** The record's fields as a JSON object: numbers as numbers, everything else as strings. */
    static String json(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder(256).append('{');
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, field.getKey());
            json.append(':');
            Object value = field.getValue();
            if (value instanceof Long || value instanceof Integer) {
                json.append(value);
            } else {
                quote(json, String.valueOf(value));
            }
        }
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private void rollbackQuietly() {
        try {
            if (db != null) {
                db.rollback();
            }
        } catch (SQLException e) {
            closeQuietly();
        }
    }

    private synchronized void closeQuietly() {
        try {
            if (reader != null) {
                reader.close();
            }
            if (db != null) {
                db.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing the record store: {}", e.toString());
        } finally {
            reader = null;
            db = null;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** Records written since start. */
    public long stored() {
        return stored.get();
    }

    /** Records dropped by {@code store.days} since start. */
    public long droppedByAge() {
        return droppedByAge.get();
    }

    /** Records dropped by {@code store.max-mb} since start. */
    public long droppedBySize() {
        return droppedBySize.get();
    }

    /** Records lost before they were written (more waiting than {@link #QUEUE} while the disk was full). */
    public long lost() {
        return lost.get();
    }

    /** Why the store cannot be written now; null while it can. */
    public String problem() {
        return failing;
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        // Wakes the writer from a wait for more records (up to store.commit-seconds) or for a retry: it then writes
        // what it holds and what is queued, and ends.
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }
}
