package io.github.vedirect.store;

import io.github.vedirect.component.VeDirectRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a store: a device's records after a position in batches (what a destination that sends a backlog needs),
 * a device's records in a time range (the {@code export} command), and the delivery position each destination
 * has reached. A connection of its own: in WAL mode readers never wait for the writer, nor the writer for them.
 */
public final class StoreReader implements AutoCloseable {

    private static final String SELECT = "SELECT r.position, d.name, d.product, d.serial, r.time, r.fields "
            + "FROM records r JOIN devices d ON d.id = r.device ";

    private final Connection connection;

    StoreReader(Path file) throws SQLException {
        connection = Sqlite.open(file);
        try (var statement = connection.createStatement()) {
            // A reader that meets the writer's lock waits for it a while rather than failing at once.
            statement.execute("PRAGMA busy_timeout=5000");
            statement.execute("PRAGMA cache_size=" + StoreFile.CACHE_SIZE);
        }
    }

    /** Opens the store in {@code folder} for reading; fails with a message naming the file when there is none. */
    public static StoreReader open(Path folder) throws SQLException {
        Path file = folder.resolve(RecordStore.FILE);
        if (!Files.isRegularFile(file)) {
            throw new SQLException("no store at " + file);
        }
        return new StoreReader(file);
    }

    /**
     * Up to {@code limit} records of the device called {@code device} stored after {@code position}, in the order
     * they were stored (which is time order, unless the clock was set back between two records).
     */
    public synchronized List<StoredRecord> after(String device, long position, int limit) throws SQLException {
        List<StoredRecord> records = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(SELECT
                + "WHERE d.name = ? AND r.position > ? ORDER BY r.position LIMIT ?")) {
            query.setString(1, device);
            query.setLong(2, position);
            query.setInt(3, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    records.add(record(rows));
                }
            }
        }
        return records;
    }

    /** The position of the newest record of the device called {@code device}; 0 when it has none. */
    public synchronized long newest(String device) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT max(r.position) FROM records r JOIN devices d ON d.id = r.device WHERE d.name = ?")) {
            query.setString(1, device);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** How many records of the device called {@code device} are stored after {@code position}, and the oldest one's time. */
    public synchronized Backlog backlog(String device, long position) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*), min(r.time) FROM records r "
                + "JOIN devices d ON d.id = r.device WHERE d.name = ? AND r.position > ?")) {
            query.setString(1, device);
            query.setLong(2, position);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                long count = rows.getLong(1);
                return count == 0 ? Backlog.NONE : new Backlog(count, Instant.ofEpochMilli(rows.getLong(2)));
            }
        }
    }

    /** Each record of the device called {@code device} with a time from {@code from} (inclusive) to {@code to} (exclusive). */
    public synchronized void between(String device, Instant from, Instant to, Consumer<StoredRecord> each) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SELECT
                + "WHERE d.name = ? AND r.time >= ? AND r.time < ? ORDER BY r.position")) {
            query.setString(1, device);
            query.setLong(2, from.toEpochMilli());
            query.setLong(3, to.toEpochMilli());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    each.accept(record(rows));
                }
            }
        }
    }

    /**
     * A time bucket of a device's records as {@link #buckets} gives it: its index from the start, how many records
     * it has, its oldest record's time, and for each label asked for {@code {min, average, max}} of the label's wire
     * numbers (unscaled, as stored), or null when none of the bucket's records has the label as a number.
     */
    public record Bucket(int index, int records, Instant oldest, double[][] values) {
    }

    /**
     * The records of the device called {@code device} from {@code from} (inclusive) to {@code to} (exclusive) in
     * buckets of {@code width}, each label's min, average and max worked out by SQLite rather than by reading each
     * record: what a chart of weeks needs, at a fraction of the cost. Only the buckets that have records, in order.
     */
    public synchronized void buckets(String device, Instant from, Instant to, Duration width, List<String> labels,
                                     Consumer<Bucket> each) throws SQLException {
        StringBuilder inner = new StringBuilder("SELECT (r.time - ?) / ? AS b, r.time AS t");
        StringBuilder outer = new StringBuilder("SELECT b, count(*), min(t)");
        for (int i = 0; i < labels.size(); i++) {
            // Each label extracted once per record (the JSON parse is the cost); a number only: "---" (not available)
            // or text is left out of the label's figures.
            inner.append(", json_extract(r.fields, ?) AS e").append(i);
            String number = "CASE WHEN typeof(e" + i + ") = 'integer' THEN e" + i + " END";
            outer.append(", min(").append(number).append("), avg(").append(number).append("), max(").append(number).append(')');
        }
        inner.append(" FROM records r JOIN devices d ON d.id = r.device WHERE d.name = ? AND r.time >= ? AND r.time < ?");
        String sql = outer + " FROM (" + inner + ") GROUP BY b ORDER BY b";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            int at = 1;
            query.setLong(at++, from.toEpochMilli());
            query.setLong(at++, width.toMillis());
            for (String label : labels) {
                String path = "$.\"" + label.replace("\"", "\\\"") + "\"";
                query.setString(at++, path);
            }
            query.setString(at++, device);
            query.setLong(at++, from.toEpochMilli());
            query.setLong(at, to.toEpochMilli());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    double[][] values = new double[labels.size()][];
                    for (int i = 0; i < labels.size(); i++) {
                        int column = 4 + 3 * i;
                        rows.getDouble(column);
                        if (!rows.wasNull()) {
                            values[i] = new double[] {rows.getDouble(column), rows.getDouble(column + 1), rows.getDouble(column + 2)};
                        }
                    }
                    each.accept(new Bucket(rows.getInt(1), rows.getInt(2), Instant.ofEpochMilli(rows.getLong(3)), values));
                }
            }
        }
    }

    /** The names of the devices the store has records of, sorted. */
    public synchronized List<String> devices() throws SQLException {
        List<String> names = new ArrayList<>();
        try (var statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT d.name FROM devices d WHERE EXISTS "
                     + "(SELECT 1 FROM records r WHERE r.device = d.id) ORDER BY d.name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /** The last position {@code destination} has delivered of {@code device}'s records; 0 when none. */
    public synchronized long delivered(String destination, String device) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT position FROM deliveries WHERE destination = ? AND device = ?")) {
            query.setString(1, destination);
            query.setString(2, device);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** Whether {@code destination} has a position for {@code device}, even 0 (a device it has had nothing of yet). */
    public synchronized boolean hasPosition(String destination, String device) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM deliveries WHERE destination = ? AND device = ?")) {
            query.setString(1, destination);
            query.setString(2, device);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Records dropped by the bounds, by device: {@code [by age, by size]}. */
    public synchronized Map<String, long[]> dropped() throws SQLException {
        Map<String, long[]> dropped = new LinkedHashMap<>();
        try (var statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT device, by_age, by_size FROM dropped ORDER BY device")) {
            while (rows.next()) {
                dropped.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
        }
        return dropped;
    }

    /** How many records the store holds. */
    public synchronized long count() throws SQLException {
        try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM records")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static StoredRecord record(ResultSet rows) throws SQLException {
        return new StoredRecord(rows.getLong(1), rows.getString(2), emptyAsNull(rows.getString(3)), emptyAsNull(rows.getString(4)),
                Instant.ofEpochMilli(rows.getLong(5)), fields(rows.getString(6)));
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * The fields as {@link RecordStore#json} wrote them: a flat object of whole numbers and strings. Read by hand
     * rather than with Jackson, whose classes would cost the idle logger several MB of memory for this alone.
     */
    static VeDirectRecord fields(String json) throws SQLException {
        VeDirectRecord record = new VeDirectRecord();
        int[] at = {0};
        try {
            expect(json, at, '{');
            if (peek(json, at) == '}') {
                return record;
            }
            while (true) {
                String label = string(json, at);
                expect(json, at, ':');
                Object value = peek(json, at) == '"' ? string(json, at) : number(json, at);
                record.put(label, value);
                char next = json.charAt(at[0]++);
                if (next == '}') {
                    return record;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("',' or '}' expected at " + (at[0] - 1));
                }
            }
        } catch (RuntimeException e) {
            throw new SQLException("a stored record is not the JSON the store writes (" + e.getMessage() + "): " + json, e);
        }
    }

    private static char peek(String json, int[] at) {
        return json.charAt(at[0]);
    }

    private static void expect(String json, int[] at, char c) {
        if (json.charAt(at[0]++) != c) {
            throw new IllegalArgumentException("'" + c + "' expected at " + (at[0] - 1));
        }
    }

    private static String string(String json, int[] at) {
        expect(json, at, '"');
        StringBuilder text = new StringBuilder();
        while (true) {
            char c = json.charAt(at[0]++);
            if (c == '"') {
                return text.toString();
            }
            if (c == '\\') {
                char escaped = json.charAt(at[0]++);
                switch (escaped) {
                    case 'u' -> {
                        text.append((char) Integer.parseInt(json.substring(at[0], at[0] + 4), 16));
                        at[0] += 4;
                    }
                    case 'n' -> text.append('\n');
                    case 't' -> text.append('\t');
                    case 'r' -> text.append('\r');
                    default -> text.append(escaped);
                }
            } else {
                text.append(c);
            }
        }
    }

    private static Long number(String json, int[] at) {
        int start = at[0];
        while (at[0] < json.length() && (json.charAt(at[0]) == '-' || Character.isDigit(json.charAt(at[0])))) {
            at[0]++;
        }
        return Long.parseLong(json.substring(start, at[0]));
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
