package io.github.vedirect.logger;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a record into one CSV line for the file the route appends to: local time with seconds first,
 * then each configured column scaled by its multiplier, an empty cell where the device said {@code ---}
 * or did not send the label. Writes the heading when the file is new or empty, never again on restart,
 * and begins with a line break when the file ends in a line cut by a power loss, so the cut line is
 * never glued to the next.
 */
public class CsvLines {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final Path file;
    private final String timeHeading;
    private final List<CsvColumn> columns;
    private final ZoneId zone;
    private final AtomicLong lines = new AtomicLong();

    public CsvLines(Path file, String timeHeading, List<CsvColumn> columns, ZoneId zone) {
        this.file = file;
        this.timeHeading = timeHeading;
        this.columns = columns;
        this.zone = zone;
    }

    /** The text to append for this exchange's record. */
    public String line(Exchange exchange) {
        VeDirectRecord record = exchange.getIn().getBody(VeDirectRecord.class);
        Instant at = exchange.getIn().getHeader(VeDirectConstants.RECEIVED_AT, Instant.class);
        StringBuilder text = new StringBuilder(128);
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size > 0 && lastByte() != '\n') {
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

    private int lastByte() throws IOException {
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
}
