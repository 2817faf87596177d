package io.github.vedirect.store;

import io.github.vedirect.store.PendingRecords.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);

    private final Path folder;
    private final Path file;
    private final Clock clock;
    private final StoreBounds bounds;
    private final Duration commitDelay;
    private final PendingRecords queue = new PendingRecords(QUEUE);
    private final PendingDeliveries deliveries = new PendingDeliveries();
    private final DeviceIds deviceIds = new DeviceIds();
    private final AtomicLong stored = new AtomicLong();
    private final List<Runnable> onStored = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile String failing;
    private Connection db;
    private StoreReader reader;
    private long nextPosition;
    /** The first position this logger run stores: records below it were there before it started. */
    private volatile long firstPositionThisRun;

    private RecordStore(Path folder, int days, long maxBytes, Duration commitDelay, Clock clock) {
        this.folder = folder;
        this.commitDelay = commitDelay;
        this.file = folder.resolve(FILE);
        this.clock = clock;
        this.bounds = new StoreBounds(days, maxBytes, clock);
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
        StoreFile.requireWritable(folder);
        RecordStore store = new RecordStore(folder, days, maxBytes, commitDelay, clock);
        store.openDatabase();
        store.writer.start();
        return store;
    }

    /** Opens the file, moving it aside first if it is not a sound database. */
    private void openDatabase() {
        try {
            connect();
        } catch (SQLException e) {
            if (!StoreFile.broken(e)) {
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
        db = Sqlite.open(file);
        nextPosition = StoreFile.prepare(db);
        if (firstPositionThisRun == 0) {
            firstPositionThisRun = nextPosition;
        }
        db.setAutoCommit(false);
        deviceIds.forget();
        reader = new StoreReader(file);
    }

    private void moveAside(SQLException why) {
        closeQuietly();
        StoreFile.moveAside(folder, clock.instant(), why);
    }

    /** Queues a record for the store; never waits. Beyond {@link #QUEUE} waiting records the oldest is lost, counted. */
    public void add(String name, String product, String serial, Instant time, Map<String, ?> fields) {
        queue.add(new Pending(name, product == null ? "" : product, serial == null ? "" : serial, time.toEpochMilli(),
                FieldsJson.json(fields)));
    }

    /** Runs {@code listener} on the writer's thread after each commit that stored records (it must not wait). */
    public void onStored(Runnable listener) {
        onStored.add(listener);
    }

    /** Records {@code position} as delivered by {@code destination} for {@code device}; written with the next commit. */
    public void delivered(String destination, String device, long position) {
        deliveries.record(destination, device, position);
    }

    /** What {@code destination} has delivered of {@code device}'s records: its position, 0 when none. */
    public long deliveredPosition(String destination, String device) throws SQLException {
        Long pending = deliveries.pending(destination, device);
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
        return queue.flush(timeout);
    }

    private void writeLoop() {
        ArrayDeque<Pending> held = new ArrayDeque<>();
        // At close: write what is queued, unless the store cannot be written (then it is lost, as at a power cut).
        // At close also the delivery positions that wait: a destination's next start resumes from them.
        while (running || (failing == null && (!queue.isEmpty() || !held.isEmpty() || !deliveries.isEmpty()))) {
            try {
                if (failing != null && running) {
                    // Space or I/O trouble: retry now and then, holding what came meanwhile.
                    Thread.sleep(RETRY.toMillis());
                }
                Pending first = !held.isEmpty() ? null : running ? queue.poll(1, TimeUnit.SECONDS) : queue.poll();
                if (first != null) {
                    held.add(first);
                }
                long deadline = System.nanoTime() + commitDelay.toNanos();
                while (held.size() < BATCH && running) {
                    if (held.isEmpty() && deliveries.isEmpty()) {
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
                    queue.lost(1);
                }
                int written = 0;
                if (!held.isEmpty() || !deliveries.isEmpty()) {
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
                queue.handled(written);
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
        Map<String, Long> deliveriesNow = deliveries.snapshot();
        long first = nextPosition;
        try {
            if (db == null) {
                connect();
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO records(position, device, time, fields) VALUES (?, ?, ?, ?)")) {
                long position = first;
                for (Pending record : batch) {
                    insert.setLong(1, position++);
                    insert.setLong(2, deviceIds.of(db, record.name(), record.product(), record.serial()));
                    insert.setLong(3, record.time());
                    insert.setString(4, record.fields());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            PendingDeliveries.write(db, deliveriesNow);
            db.commit();
            nextPosition = first + batch.size();
            deliveries.written(deliveriesNow);
            stored.addAndGet(batch.size());
            if (!batch.isEmpty()) {
                onStored.forEach(Runnable::run);
            }
            if (failing != null) {
                LOG.info("The record store is written again ({} records that waited are in it; {} lost since it started)",
                        batch.size(), queue.lost());
                failing = null;
            }
            return true;
        } catch (SQLException e) {
            rollbackQuietly();
            deviceIds.forget();
            if (StoreFile.broken(e)) {
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
        String why = StoreFile.firstLine(e);
        if (failing == null) {
            LOG.warn("The record store {} cannot be written ({}); records wait in memory (up to {}) and are written when it "
                    + "can be again, tried every {} s; CSV and the other destinations go on", file, why, QUEUE, RETRY.toSeconds());
        }
        failing = why;
    }

    /** Applies both bounds (see {@link StoreBounds}); a failure is one warning, and the next commit tries again. */
    private void bound() {
        try {
            bounds.apply(db);
            // Ends the read transaction the bounds' queries began: left open until the next batch, its snapshot goes
            // stale as soon as another connection writes the file (the alarms' table), and the batch then fails with
            // SQLITE_BUSY_SNAPSHOT.
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            LOG.warn("The record store could not apply its bounds ({}); tried again later", StoreFile.firstLine(e));
        }
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
        return bounds.droppedByAge();
    }

    /** Records dropped by {@code store.max-mb} since start. */
    public long droppedBySize() {
        return bounds.droppedBySize();
    }

    /** Records dropped by either bound since start that {@code destination} had not delivered yet. */
    public long droppedUndelivered(String destination) {
        return bounds.droppedUndelivered(destination);
    }

    /** The first position this logger run stores (records before it were stored before it started); 0 before the store opened. */
    public long firstPositionThisRun() {
        return firstPositionThisRun;
    }

    /** The store's size on disk in bytes: the file and its write-ahead log. */
    public long sizeBytes() {
        return StoreFile.size(folder);
    }

    /** Records lost before they were written (more waiting than {@link #QUEUE} while the disk was full). */
    public long lost() {
        return queue.lost();
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
