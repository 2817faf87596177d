package io.github.vedirect.csv;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.identity.DeviceHeaders;
import io.github.vedirect.settings.CsvColumn;
import io.github.vedirect.settings.LoggerSettings;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a record into one CSV line for the file the route appends to: local time with seconds first,
 * then each configured column scaled by its multiplier, an empty cell where the device said {@code ---}
 * or did not send the label. Writes the heading when the file is new or empty, never again on restart,
 * and begins with a line break when the file ends in a line cut by a power loss, so the cut line is
 * never glued to the next.
 *
 * <p>Several devices: one file per device ({@code vedirect_data.csv} becomes {@code vedirect_data-house.csv}),
 * each with its own heading, so that each file reads on its own as today's one did. The route appends to
 * the file named in the {@value #FILE_HEADER} header this sets. A device without configured columns gets
 * those of its family, known from its first record: a battery monitor today's Volts, Amps, AHr, SOC.
 */
public class CsvLines {

    /** The name of the file, in the CSV folder, the line is for. */
    public static final String FILE_HEADER = "VeDirectCsvFile";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    /** Battery monitors (BMV, SmartShunt): the columns the original tool wrote, unchanged. */
    public static final List<CsvColumn> BATTERY_MONITOR = List.of(column("Volts", "V", "0.001"), column("Amps", "I", "0.001"),
            column("AHr", "CE", "0.001"), column("SOC", "SOC", "0.1"));
    /** Solar chargers: the battery side, the panel side, what the charger is doing and today's harvest. */
    static final List<CsvColumn> SOLAR_CHARGER = List.of(column("Volts", "V", "0.001"), column("Amps", "I", "0.001"),
            column("PanelVolts", "VPV", "0.001"), column("PanelWatts", "PPV", "1"), column("State", "CS", "1"),
            column("YieldTodayKWh", "H20", "0.01"));
    /** Inverters: the AC output and the state. */
    static final List<CsvColumn> INVERTER = List.of(column("ACVolts", "AC_OUT_V", "0.01"), column("ACAmps", "AC_OUT_I", "0.1"),
            column("ACVA", "AC_OUT_S", "1"), column("State", "CS", "1"));
    /** Chargers, Orion DC-DC and anything else: battery voltage and current, state. */
    static final List<CsvColumn> OTHER = List.of(column("Volts", "V", "0.001"), column("Amps", "I", "0.001"), column("State", "CS", "1"));

    private final Path file;
    private final boolean filePerDevice;
    private final String timeHeading;
    private final List<CsvColumn> columns;
    private final Map<String, List<CsvColumn>> columnsByDevice;
    private final ZoneId zone;
    private final AtomicLong lines = new AtomicLong();
    private final Map<String, DeviceFile> files = new ConcurrentHashMap<>();

    /** A device's file and the columns it was given when its first record came. */
    private record DeviceFile(Path file, List<CsvColumn> columns, AtomicLong lines) {
    }

    /** One file with these columns, whatever the device: as before there were several. */
    public CsvLines(Path file, String timeHeading, List<CsvColumn> columns, ZoneId zone) {
        this(file, false, timeHeading, columns, Map.of(), zone);
    }

    /**
     * @param file            {@code csv.file}, absolute
     * @param filePerDevice   whether each device has a file of its own, named after it
     * @param columns         {@code csv.columns}; empty: each device's family's columns
     * @param columnsByDevice {@code csv.columns.NAME}
     */
    public CsvLines(Path file, boolean filePerDevice, String timeHeading, List<CsvColumn> columns,
                    Map<String, List<CsvColumn>> columnsByDevice, ZoneId zone) {
        this.file = file;
        this.filePerDevice = filePerDevice;
        this.timeHeading = timeHeading;
        this.columns = columns;
        this.columnsByDevice = Map.copyOf(columnsByDevice);
        this.zone = zone;
    }

    private static CsvColumn column(String heading, String label, String multiplier) {
        return new CsvColumn(heading, label, new BigDecimal(multiplier));
    }

    /** {@code vedirect_data.csv} and {@code house}: {@code vedirect_data-house.csv}. */
    public static String fileNameFor(String fileName, String device) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) + "-" + device + fileName.substring(dot) : fileName + "-" + device;
    }

    /** The columns that fit a device, told by what its record holds (its PID alone would need a table of every product). */
    static List<CsvColumn> familyColumns(VeDirectRecord record) {
        if (record.containsKey("AC_OUT_V")) {
            return INVERTER;
        }
        if (record.containsKey("PPV") || record.containsKey("VPV")) {
            return SOLAR_CHARGER;
        }
        if (record.containsKey("SOC") || record.containsKey("CE")) {
            return BATTERY_MONITOR;
        }
        return OTHER;
    }

    private DeviceFile fileOf(String device, VeDirectRecord record) {
        String key = device == null ? LoggerSettings.DEFAULT_NAME : device;
        return files.computeIfAbsent(key, name -> {
            Path path = filePerDevice ? file.resolveSibling(fileNameFor(file.getFileName().toString(), name)) : file;
            List<CsvColumn> chosen = columnsByDevice.get(name);
            if (chosen == null) {
                chosen = columns.isEmpty() ? columnsFor(path, record) : columns;
            }
            keepIfHeadingDiffers(path, heading(chosen));
            return new DeviceFile(path, chosen, new AtomicLong());
        });
    }

    /**
     * Lines under another heading would be read as the wrong columns: a file begun with other columns (the user
     * changed csv.columns) is kept as it is, renamed with the date, and a new file starts with the new heading.
     */
    private static void keepIfHeadingDiffers(Path path, String heading) {
        String existing = firstLine(path);
        if (existing == null || existing.isEmpty() || existing.equals(heading)) {
            return;
        }
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        String date = java.time.LocalDate.now().toString();
        Path kept = path.resolveSibling(stem + "." + date + extension);
        for (int n = 2; Files.exists(kept); n++) {
            kept = path.resolveSibling(stem + "." + date + "-" + n + extension);
        }
        try {
            Files.move(path, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + path + " aside before starting it with new columns: " + e.getMessage(), e);
        }
        LoggerFactory.getLogger(CsvLines.class).info("The CSV columns changed: {} (heading {}) is kept as {}, and {} starts again "
                + "with the heading {}", name, existing, kept.getFileName(), name, heading);
    }

    /**
     * A file already begun keeps its columns when its heading is that of a family (a single MPPT's file
     * written with the old default columns goes on with them); a new file gets the device's family's.
     */
    private List<CsvColumn> columnsFor(Path path, VeDirectRecord record) {
        String existing = firstLine(path);
        if (existing != null) {
            for (List<CsvColumn> family : List.of(BATTERY_MONITOR, SOLAR_CHARGER, INVERTER, OTHER)) {
                if (existing.equals(heading(family))) {
                    return family;
                }
            }
        }
        return familyColumns(record);
    }

    private String heading(List<CsvColumn> chosen) {
        StringBuilder text = new StringBuilder(timeHeading);
        chosen.forEach(c -> text.append(',').append(c.heading()));
        return text.toString();
    }

    private static String firstLine(Path path) {
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The text to append for this exchange's record; sets {@value #FILE_HEADER} to the name of its device's
     * file.
     */
    public String line(Exchange exchange) {
        VeDirectRecord record = exchange.getIn().getBody(VeDirectRecord.class);
        DeviceFile device = fileOf(exchange.getIn().getHeader(DeviceHeaders.NAME, String.class), record);
        exchange.getIn().setHeader(FILE_HEADER, device.file().getFileName().toString());
        String text = line(device.file(), device.columns(), record, exchange.getIn().getHeader(VeDirectConstants.RECEIVED_AT, Instant.class));
        device.lines().incrementAndGet();
        return text;
    }

    private String line(Path file, List<CsvColumn> columns, VeDirectRecord record, Instant at) {
        StringBuilder text = new StringBuilder(128);
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size > 0 && lastByte(file) != '\n') {
                text.append('\n');
            }
            try (CSVPrinter csv = new CSVPrinter(text, FORMAT)) {
                if (size == 0) {
                    List<String> headings = new ArrayList<>();
                    headings.add(timeHeading);
                    columns.forEach(column -> headings.add(column.heading()));
                    csv.printRecord(headings);
                }
                List<String> cells = new ArrayList<>();
                cells.add(LocalDateTime.ofInstant(at == null ? Instant.now() : at, zone).format(TIME));
                for (CsvColumn column : columns) {
                    cells.add(cell(record.raw(column.label()), column.multiplier()));
                }
                csv.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CSV line for " + file + ": " + e.getMessage(), e);
        }
        lines.incrementAndGet();
        return text.toString();
    }

    private static int lastByte(Path file) throws IOException {
        try (RandomAccessFile tail = new RandomAccessFile(file.toFile(), "r")) {
            tail.seek(tail.length() - 1);
            return tail.read();
        }
    }

    static String cell(String raw, BigDecimal multiplier) {
        if (raw == null || raw.equals("---")) {
            return "";
        }
        try {
            return new BigDecimal(raw).multiply(multiplier).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    public long lines() {
        return lines.get();
    }

    /** Lines written for one device, by its name. */
    public long lines(String device) {
        DeviceFile file = files.get(device);
        return file == null ? 0 : file.lines().get();
    }
}
