package io.github.vedirect.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code devices} table's id of each (name, product, serial), cached for the writer so a record costs one insert,
 * not a look-up too. The writer forgets them when a transaction rolls back or it reconnects: an id inserted in a
 * rolled-back transaction does not exist.
 */
final class DeviceIds {

    private final Map<String, Long> ids = new HashMap<>();

    /** The device's id, inserting the device when it is new. */
    long of(Connection db, String name, String product, String serial) throws SQLException {
        String key = name + '\n' + product + '\n' + serial;
        Long id = ids.get(key);
        if (id != null) {
            return id;
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT OR IGNORE INTO devices(name, product, serial) VALUES (?, ?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, product);
            insert.setString(3, serial);
            insert.executeUpdate();
        }
        try (PreparedStatement query = db.prepareStatement("SELECT id FROM devices WHERE name = ? AND product = ? AND serial = ?")) {
            query.setString(1, name);
            query.setString(2, product);
            query.setString(3, serial);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
        }
        ids.put(key, id);
        return id;
    }

    void forget() {
        ids.clear();
    }
}
