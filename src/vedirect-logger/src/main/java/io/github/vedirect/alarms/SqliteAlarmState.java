package io.github.vedirect.alarms;

import io.github.vedirect.store.Sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The raised alarms in a table of their own, {@code active_alarms}, in the record store's file: one place to back up.
 * A connection of its own beside the store's writer; SQLite's busy timeout lets each wait for the other's commit.
 */
public final class SqliteAlarmState implements AlarmState {

    private final Path file;
    private final Connection db;

    public SqliteAlarmState(Path file) throws SQLException {
        this.file = file;
        db = Sqlite.open(file);
        try (Statement statement = db.createStatement()) {
            statement.execute("PRAGMA busy_timeout=10000");
            statement.execute("CREATE TABLE IF NOT EXISTS active_alarms (device TEXT NOT NULL, alarm TEXT NOT NULL, "
                    + "since_ms INTEGER NOT NULL, value TEXT, PRIMARY KEY (device, alarm))");
        }
    }

    @Override
    public synchronized List<ActiveAlarm> load() throws SQLException {
        List<ActiveAlarm> active = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT device, alarm, since_ms, value FROM active_alarms ORDER BY device, alarm")) {
            while (rows.next()) {
                active.add(new ActiveAlarm(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)), rows.getString(4)));
            }
        }
        return active;
    }

    @Override
    public synchronized void raised(ActiveAlarm alarm) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT OR REPLACE INTO active_alarms VALUES (?, ?, ?, ?)")) {
            insert.setString(1, alarm.device());
            insert.setString(2, alarm.alarm());
            insert.setLong(3, alarm.since().toEpochMilli());
            insert.setString(4, alarm.value());
            insert.executeUpdate();
        }
    }

    @Override
    public synchronized void cleared(String device, String alarm) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM active_alarms WHERE device = ? AND alarm = ?")) {
            delete.setString(1, device);
            delete.setString(2, alarm);
            delete.executeUpdate();
        }
    }

    @Override
    public String where() {
        return file + ", table active_alarms";
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
