package io.github.vedirect.cli;

import io.github.vedirect.influxdb.LineProtocol;
import io.github.vedirect.logger.LoggerLauncher;
import io.github.vedirect.settings.Setting;
import io.github.vedirect.store.StoreReader;
import io.github.vedirect.store.StoredRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code export --device NAME --from DATE [--to DATE] [--format csv|influx]}: a device's records from the record
 * store (store.folder, read as the logger reads its settings) on standard output, as CSV or as the InfluxDB line
 * protocol the InfluxDB destination writes (same measurement, tags and fields), for re-importing a gap by hand.
 * Exit: 0 done, 1 the store cannot be read, 2 bad input.
 */
final class ExportCommand {

    static final String HELP = String.join("\n",
            "usage: java -jar vedirect-logger.jar export --device NAME --from DATE [--to DATE] [--format csv|influx]",
            "  DATE: 2026-12-01 (local midnight; as --to, the whole day is included), 2026-12-01T14:30 (local time)",
            "        or 2026-12-01T14:30:00Z / +01:00. --to defaults to now.",
            "  csv: time (ISO 8601 with offset), device, product, serial, then every label the records have, values",
            "       as the device sent them. influx: InfluxDB line protocol, timestamps in ms (precision=ms).",
            "  The store is store.folder (application.properties in the working directory, or -Dstore.folder=...).",
            "  Exit: 0 done, 1 the store cannot be read, 2 bad input.");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final PrintStream out;
    private final PrintStream err;
    private final ZoneId zone;

    ExportCommand(PrintStream out, PrintStream err, ZoneId zone) {
        this.out = out;
        this.err = err;
        this.zone = zone;
    }

    int run(String[] args) {
        String device = null;
        String from = null;
        String to = null;
        String format = "csv";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                out.println(HELP);
                return 0;
            }
            if (i + 1 >= args.length || !option.startsWith("--")) {
                return usage(option.startsWith("--") ? option + " needs a value" : "unexpected '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--device" -> device = value;
                case "--from" -> from = value;
                case "--to" -> to = value;
                case "--format" -> format = value;
                default -> {
                    return usage("unknown option " + option);
                }
            }
        }
        if (device == null || from == null) {
            return usage("--device and --from are needed");
        }
        if (!format.equals("csv") && !format.equals("influx")) {
            return usage("--format must be csv or influx, not " + format);
        }
        Instant start;
        Instant end;
        try {
            start = time(from, false);
            end = to == null ? Instant.now().plusMillis(1) : time(to, true);
        } catch (DateTimeParseException e) {
            return usage("not a date or time: '" + e.getParsedString() + "' (2026-12-01, 2026-12-01T14:30 or 2026-12-01T14:30:00Z)");
        }
        String folder;
        try {
            Properties properties = LoggerLauncher.effectiveProperties();
            folder = Setting.STORE_FOLDER.in(properties::getProperty);
        } catch (IOException e) {
            err.println("vedirect-logger export: cannot read application.properties: " + e.getMessage());
            return 2;
        }
        if (folder.isEmpty()) {
            err.println("vedirect-logger export: store.folder is empty: the logger keeps no store");
            return 2;
        }
        try (StoreReader store = StoreReader.open(Path.of(folder).toAbsolutePath())) {
            if (!store.devices().contains(device)) {
                err.println("vedirect-logger export: the store has no records of a device called " + device
                        + " (it has: " + (store.devices().isEmpty() ? "none" : String.join(", ", store.devices())) + ")");
                return 2;
            }
            List<StoredRecord> records = new ArrayList<>();
            store.between(device, start, end, records::add);
            if (format.equals("influx")) {
                for (StoredRecord record : records) {
                    String line = LineProtocol.line(record.device(), record.product(), record.serial(), record.fields(), record.time());
                    if (line != null) {
                        out.println(line);
                    }
                }
            } else {
                csv(records);
            }
            out.flush();
            return 0;
        } catch (SQLException e) {
            err.println("vedirect-logger export: cannot read the store in " + folder + ": " + e.getMessage());
            return 1;
        }
    }

    private void csv(List<StoredRecord> records) {
        // Every label of the range, in the order first met: a device's records normally all have the same.
        Set<String> labels = new LinkedHashSet<>();
        records.forEach(record -> labels.addAll(record.fields().keySet()));
        try {
            // Not closed: that would close standard output.
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            List<String> heading = new ArrayList<>(List.of("time", "device", "product", "serial"));
            heading.addAll(labels);
            csv.printRecord(heading);
            for (StoredRecord record : records) {
                List<String> cells = new ArrayList<>(heading.size());
                cells.add(TIME.format(record.time().atZone(zone)));
                cells.add(record.device());
                cells.add(record.product() == null ? "" : record.product());
                cells.add(record.serial() == null ? "" : record.serial());
                for (String label : labels) {
                    String raw = record.fields().raw(label);
                    cells.add(raw == null ? "" : raw);
                }
                csv.printRecord(cells);
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A date (its midnight; as an end, the next midnight), a local date-time, or a time with an offset. */
    private Instant time(String text, boolean end) {
        if (text.length() == 10) {
            LocalDate date = LocalDate.parse(text);
            return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        }
    }

    private int usage(String problem) {
        err.println("vedirect-logger export: " + problem);
        err.println(HELP);
        return 2;
    }
}
