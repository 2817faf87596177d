package io.github.vedirect.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each destination's delivered position per device, held in memory until the writer's next commit puts it in table
 * {@code deliveries}: a destination records from its own thread and never waits for the disk. Only the highest
 * position is kept, and one recorded while a commit runs stays for the next.
 */
final class PendingDeliveries {

    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    void record(String destination, String device, long position) {
        positions.merge(key(destination, device), position, Math::max);
    }

    /** The position waiting to be written for the pair; null when none. */
    Long pending(String destination, String device) {
        return positions.get(key(destination, device));
    }

    boolean isEmpty() {
        return positions.isEmpty();
    }

    /** What waits now, for one commit to write and then {@link #written} to forget. */
    Map<String, Long> snapshot() {
        return new LinkedHashMap<>(positions);
    }

    /** Writes the snapshot's positions in the writer's open transaction, never lowering one. */
    static void write(Connection db, Map<String, Long> snapshot) throws SQLException {
        if (snapshot.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = db.prepareStatement("INSERT INTO deliveries(destination, device, position) VALUES (?, ?, ?) "
                + "ON CONFLICT(destination, device) DO UPDATE SET position = max(position, excluded.position)")) {
            for (Map.Entry<String, Long> entry : snapshot.entrySet()) {
                String[] key = entry.getKey().split("\n", 2);
                upsert.setString(1, key[0]);
                upsert.setString(2, key[1]);
                upsert.setLong(3, entry.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Forgets the committed snapshot's positions, except those raised since it was taken. */
    void written(Map<String, Long> snapshot) {
        snapshot.forEach(positions::remove);
    }

    private static String key(String destination, String device) {
        return destination + '\n' + device;
    }
}
