package io.github.vedirect.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The store's SQLite file on disk: the folder's write check, the connection's settings and the schema, and moving an
 * unreadable file aside. The writer's state (its connection, the next position) stays in {@link RecordStore}; these
 * are the steps it calls.
 */
final class StoreFile {

    private static final int PAGE_SIZE = 1024;
    /**
     * SQLite's page cache per connection, in KiB when negative: the writer touches only the newest pages, and the
     * default (2 MB per connection) would be idle memory on a Pi.
     */
    static final int CACHE_SIZE = -256;
    // The store's logger, not this class's: these lines are the store's, configured and filtered with its others.
    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private StoreFile() {
    }

    /** @throws StoreFolderException when the folder cannot be created or written */
    static void requireWritable(Path folder) {
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StoreFolderException("cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): give the logger's user a folder it may write, or leave it empty to keep no store", e);
        }
    }

    /**
     * Sets the new connection up and creates what is missing of the schema.
     *
     * @return the position the next stored record gets
     */
    static long prepare(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            // page_size only counts for a new file; WAL and NORMAL: see RecordStore's class comment.
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
                return (rows.next() ? rows.getLong(1) : 0) + 1;
            }
        }
    }

    /** Whether SQLite says the file itself is unsound, rather than the disk or the system failing. */
    static boolean broken(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        // SQLITE_CORRUPT, SQLITE_NOTADB
        return code == 11 || code == 26;
    }

    /**
     * Renames the folder's {@value RecordStore#FILE} and its -wal and -shm with the time, so a new store can begin
     * and the old one stays for a look. The connection must be closed first.
     *
     * @throws StoreFolderException when it cannot be renamed
     */
    static void moveAside(Path folder, Instant now, SQLException why) {
        Path file = folder.resolve(RecordStore.FILE);
        String stem = "records-unreadable-" + ASIDE.format(now);
        try {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path part = folder.resolve(RecordStore.FILE + suffix);
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

    /** The store's bytes on disk in {@code folder}: the file, its write-ahead log and the log's index. */
    static long size(Path folder) {
        long size = 0;
        for (String suffix : List.of("", "-wal", "-shm")) {
            try {
                size += Files.size(folder.resolve(RecordStore.FILE + suffix));
            } catch (IOException absent) {
                // No log between checkpoints, or no file yet: nothing to count.
            }
        }
        return size;
    }

    /** SQLite's messages can run to several lines; a log line takes the first. */
    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
