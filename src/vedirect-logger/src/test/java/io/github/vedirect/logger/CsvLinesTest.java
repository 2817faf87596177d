package io.github.vedirect.logger;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvLinesTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    private static final List<CsvColumn> COLUMNS = List.of(new CsvColumn("Volts", "V", new BigDecimal("0.001")),
            new CsvColumn("Amps", "I", new BigDecimal("0.001")), new CsvColumn("AHr", "CE", new BigDecimal("0.001")),
            new CsvColumn("SOC", "SOC", new BigDecimal("0.1")));

    private final CamelContext context = new DefaultCamelContext();

    @TempDir
    Path dir;

    private Exchange record(Instant at, Object... labelsAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            fields.put((String) labelsAndValues[i], labelsAndValues[i + 1]);
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(new VeDirectRecord(fields));
        exchange.getIn().setHeader(VeDirectConstants.RECEIVED_AT, at);
        return exchange;
    }

    /** Appends as the route's file endpoint does. */
    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void headingOnceThenScaledValuesWithLocalTime() throws IOException {
        Path file = dir.resolve("vedirect_data.csv");
        CsvLines csv = new CsvLines(file, "Time", COLUMNS, ZONE);
        append(file, csv.line(record(Instant.parse("2026-06-01T10:00:00Z"), "PID", "0x203", "V", 12065L, "I", -7625L, "CE", -65473L, "SOC", 839L)));
        append(file, csv.line(record(Instant.parse("2026-06-01T10:00:30Z"), "V", 12800L, "I", 0L, "CE", "---", "SOC", "---")));
        assertEquals("Time,Volts,Amps,AHr,SOC\n"
                + "2026-06-01 12:00:00,12.065,-7.625,-65.473,83.9\n"
                + "2026-06-01 12:00:30,12.8,0,,\n", Files.readString(file));
        assertEquals(2, csv.lines());
    }

    @Test
    void restartAppendsWithoutASecondHeading() throws IOException {
        Path file = dir.resolve("data.csv");
        append(file, new CsvLines(file, "Time", COLUMNS, ZONE).line(record(Instant.parse("2026-06-01T10:00:00Z"), "V", 1L)));
        append(file, new CsvLines(file, "Time", COLUMNS, ZONE).line(record(Instant.parse("2026-06-01T10:00:30Z"), "V", 2L)));
        assertEquals(List.of("Time,Volts,Amps,AHr,SOC", "2026-06-01 12:00:00,0.001,,,", "2026-06-01 12:00:30,0.002,,,"),
                Files.readAllLines(file));
    }

    @Test
    void aLineCutByAPowerLossIsNotGluedToTheNext() throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, "Time,Volts,Amps,AHr,SOC\n2026-06-01 12:00:00,12.065,-7.6");
        append(file, new CsvLines(file, "Time", COLUMNS, ZONE).line(record(Instant.parse("2026-06-01T10:00:30Z"), "V", 12066L)));
        assertEquals(List.of("Time,Volts,Amps,AHr,SOC", "2026-06-01 12:00:00,12.065,-7.6", "2026-06-01 12:00:30,12.066,,,"),
                Files.readAllLines(file));
    }

    @Test
    void anEmptyFileGetsTheHeading() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.csv"));
        append(file, new CsvLines(file, "When", List.of(new CsvColumn("Alarm", "Alarm", BigDecimal.ONE)), ZONE)
                .line(record(Instant.parse("2026-01-01T00:00:00Z"), "Alarm", "ON")));
        assertEquals("When,Alarm\n2026-01-01 01:00:00,ON\n", Files.readString(file));
    }
}
