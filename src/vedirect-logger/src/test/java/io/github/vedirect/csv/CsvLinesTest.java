package io.github.vedirect.csv;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.settings.CsvColumn;
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

    private Exchange of(String device, Exchange exchange) {
        exchange.getIn().setHeader(io.github.vedirect.identity.DeviceHeaders.NAME, device);
        return exchange;
    }

    /** Appends to the file the line names, in the CSV folder, as the route's file endpoint does. */
    private void appendNamed(CsvLines csv, Exchange exchange) throws IOException {
        String text = csv.line(exchange);
        append(dir.resolve(exchange.getIn().getHeader(CsvLines.FILE_HEADER, String.class)), text);
    }

    @Test
    void severalDevicesEachHaveAFileWithTheirFamilysColumns() throws IOException {
        CsvLines csv = new CsvLines(dir.resolve("vedirect_data.csv"), true, "Time", List.of(),
                Map.of("inverter", List.of(new CsvColumn("Watts", "P", BigDecimal.ONE))), ZONE);
        Instant at = Instant.parse("2026-06-01T10:00:00Z");
        appendNamed(csv, of("house", record(at, "PID", "0x203", "V", 12065L, "I", -7625L, "CE", -65473L, "SOC", 839L)));
        appendNamed(csv, of("solar", record(at, "PID", "0xA053", "V", 13200L, "I", 4000L, "VPV", 18500L, "PPV", 60L, "CS", 3L, "H20", 12L)));
        appendNamed(csv, of("inverter", record(at, "PID", "0xA231", "AC_OUT_V", 23000L, "P", 150L)));
        appendNamed(csv, of("house", record(at.plusSeconds(30), "PID", "0x203", "V", 12066L, "I", -7600L, "CE", -65470L, "SOC", 838L)));
        assertEquals("Time,Volts,Amps,AHr,SOC\n2026-06-01 12:00:00,12.065,-7.625,-65.473,83.9\n2026-06-01 12:00:30,12.066,-7.6,-65.47,83.8\n",
                Files.readString(dir.resolve("vedirect_data-house.csv")));
        assertEquals("Time,Volts,Amps,PanelVolts,PanelWatts,State,YieldTodayKWh\n2026-06-01 12:00:00,13.2,4,18.5,60,3,0.12\n",
                Files.readString(dir.resolve("vedirect_data-solar.csv")));
        assertEquals("Time,Watts\n2026-06-01 12:00:00,150\n", Files.readString(dir.resolve("vedirect_data-inverter.csv")),
                "csv.columns.NAME over the family's");
        assertEquals(2, csv.lines("house"));
        assertEquals(4, csv.lines());
        assertEquals(false, Files.exists(dir.resolve("vedirect_data.csv")));
    }

    @Test
    void oneDeviceKeepsTheFileNameAndAFileBegunWithOtherFamilyColumnsKeepsThem() throws IOException {
        Path file = dir.resolve("vedirect_data.csv");
        // A single MPPT's file written by an earlier release with the default battery-monitor columns.
        append(file, "Time,Volts,Amps,AHr,SOC\n2026-06-01 11:59:30,13.1,3,,\n");
        CsvLines csv = new CsvLines(file, false, "Time", List.of(), Map.of(), ZONE);
        Exchange line = of("default", record(Instant.parse("2026-06-01T10:00:00Z"), "PID", "0xA053", "V", 13200L, "I", 4000L, "VPV", 18500L, "PPV", 60L));
        appendNamed(csv, line);
        assertEquals("vedirect_data.csv", line.getIn().getHeader(CsvLines.FILE_HEADER));
        assertEquals("Time,Volts,Amps,AHr,SOC\n2026-06-01 11:59:30,13.1,3,,\n2026-06-01 12:00:00,13.2,4,,\n", Files.readString(file));
    }

    @Test
    void fileNamesGetTheDeviceBeforeTheExtension() {
        assertEquals("vedirect_data-house.csv", CsvLines.fileNameFor("vedirect_data.csv", "house"));
        assertEquals("log-solar_1", CsvLines.fileNameFor("log", "solar_1"));
    }

    @Test
    void changedColumnsNeverGoUnderTheOldHeadingTheOldFileIsKeptWithItsDate() throws IOException {
        Path file = dir.resolve("vedirect_data.csv");
        String old = "Time,Volts,Amps,AHr,SOC\n2026-06-01 12:00:00,12.065,-7.625,-65.473,83.9\n";
        Files.writeString(file, old);
        List<CsvColumn> changed = List.of(new CsvColumn("Volts", "V", new BigDecimal("0.001")), new CsvColumn("Watts", "P", BigDecimal.ONE));
        CsvLines csv = new CsvLines(file, "Time", changed, ZONE);
        append(file, csv.line(record(Instant.parse("2026-06-01T10:00:00Z"), "V", 12065L, "P", -92L)));
        assertEquals("Time,Volts,Watts\n2026-06-01 12:00:00,12.065,-92\n", Files.readString(file));
        Path kept = dir.resolve("vedirect_data." + java.time.LocalDate.now() + ".csv");
        assertEquals(old, Files.readString(kept), "the old file is kept as it was");

        // The same change again the same day: another name, nothing overwritten.
        Files.writeString(file, old);
        CsvLines again = new CsvLines(file, "Time", changed, ZONE);
        append(file, again.line(record(Instant.parse("2026-06-01T10:00:30Z"), "V", 12066L, "P", -91L)));
        assertEquals(old, Files.readString(dir.resolve("vedirect_data." + java.time.LocalDate.now() + "-2.csv")));
        assertEquals(old, Files.readString(kept));
    }

    @Test
    void theSameHeadingAppendsAsBefore() throws IOException {
        Path file = dir.resolve("vedirect_data.csv");
        Files.writeString(file, "Time,Volts,Amps,AHr,SOC\n2026-06-01 12:00:00,12.065,-7.625,-65.473,83.9\n");
        CsvLines csv = new CsvLines(file, "Time", COLUMNS, ZONE);
        append(file, csv.line(record(Instant.parse("2026-06-01T10:00:00Z"), "V", 12065L, "I", -7625L, "CE", -65473L, "SOC", 839L)));
        assertEquals(3, Files.readAllLines(file).size());
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no file kept aside");
        }
    }
}
