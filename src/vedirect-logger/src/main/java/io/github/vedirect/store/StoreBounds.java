package io.github.vedirect.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's two bounds, {@code store.days} and {@code store.max-mb}: the oldest records are deleted first and
 * counted per device (table {@code dropped}). Runs on the writer thread only, on the writer's connection, which it is
 * handed each time because the writer reconnects after a fault.
 */
final class StoreBounds {

    static final Duration AGE_CHECK = Duration.ofHours(1);
    /** At most this many records are read per pass, so a large age cut does not hold every position in memory. */
    private static final int PASS = 100_000;
    // The store's logger, not this class's: these lines are the store's, configured and filtered with its others.
    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);

    private final Duration keep;
    private final long maxBytes;
    private final Clock clock;
    private final AtomicLong droppedByAge = new AtomicLong();
    private final AtomicLong droppedBySize = new AtomicLong();
    /** Per destination: dropped records it had not delivered yet (lost to it), since start. */
    private final Map<String, Long> undelivered = new ConcurrentHashMap<>();
    private Instant lastAgeCheck = Instant.MIN;

    StoreBounds(int days, long maxBytes, Clock clock) {
        this.keep = Duration.ofDays(days);
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * Applies both bounds: the age once an hour, the size after every commit (two cheap pragmas).
     *
     * @throws SQLException for the caller to roll back and report; the next call tries again
     */
    void apply(Connection db) throws SQLException {
        Instant now = clock.instant();
        if (Duration.between(lastAgeCheck, now).compareTo(AGE_CHECK) >= 0) {
            lastAgeCheck = now;
            long cutoff = now.minus(keep).toEpochMilli();
            long dropped = dropOldest(db, Long.MAX_VALUE, cutoff, "by_age");
            if (dropped > 0) {
                droppedByAge.addAndGet(dropped);
                LOG.info("The record store dropped {} records older than {} days", dropped, keep.toDays());
            }
        }
        long over = usedBytes(db) - maxBytes;
        if (over > 0) {
            long dropped = 0;
            while (usedBytes(db) > maxBytes) {
                // About 1 % of the records at a time: a freed page is only reused, the file never shrinks.
                long chunk = Math.max(100, count(db) / 100);
                long gone = dropOldest(db, chunk, Long.MAX_VALUE, "by_size");
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
    }

    /** Records dropped by {@code store.days} since start. */
    long droppedByAge() {
        return droppedByAge.get();
    }

    /** Records dropped by {@code store.max-mb} since start. */
    long droppedBySize() {
        return droppedBySize.get();
    }

    /** Records dropped by either bound since start that {@code destination} had not delivered. */
    long droppedUndelivered(String destination) {
        return undelivered.getOrDefault(destination, 0L);
    }

    /** Deletes at most {@code limit} of the oldest records, stopping at the first at or after {@code before}. */
    private long dropOldest(Connection db, long limit, long before, String reason) throws SQLException {
        Map<String, Long> byDevice = new LinkedHashMap<>();
        long last = -1;
        long count = 0;
        try (PreparedStatement query = db.prepareStatement("SELECT r.position, r.time, d.name FROM records r "
                + "JOIN devices d ON d.id = r.device ORDER BY r.position LIMIT ?")) {
            query.setLong(1, Math.min(limit, PASS));
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
        countUndelivered(db, last);
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
        return count == PASS && limit > count ? count + dropOldest(db, limit - count, before, reason) : count;
    }

    /** Counts, per destination, the records up to {@code last} that it has not delivered: about to be lost to it. */
    private void countUndelivered(Connection db, long last) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT dl.destination, count(*) FROM records r "
                + "JOIN devices d ON d.id = r.device JOIN deliveries dl ON dl.device = d.name "
                + "WHERE r.position <= ? AND r.position > dl.position GROUP BY dl.destination")) {
            query.setLong(1, last);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    undelivered.merge(rows.getString(1), rows.getLong(2), Long::sum);
                }
            }
        }
    }

    private static long usedBytes(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            long pages = single(statement, "PRAGMA page_count");
            long free = single(statement, "PRAGMA freelist_count");
            long size = single(statement, "PRAGMA page_size");
            return (pages - free) * size;
        }
    }

    private static long count(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            return single(statement, "SELECT count(*) FROM records");
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
