package io.github.vedirect.cli;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.influxdb.LineProtocol;
import io.github.vedirect.store.RecordStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export} on a real store: the range, CSV with every label, line protocol as the InfluxDB destination writes it. */
class ExportCommandTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void storeWithTwoDevices() throws Exception {
        // export reads store.folder as the logger does: -D beats application.properties and the default.
        System.setProperty("store.folder", folder.toString());
        try (RecordStore store = RecordStore.open(folder, 31, 1_000_000_000L, Duration.ofSeconds(1))) {
            // 2026-12-01 23:59:59 and 2026-12-02 00:00:30 in Amsterdam (UTC+1), then the next day.
            store.add("house", "BMV-712 Smart", "HQ2110ABCDE", Instant.parse("2026-12-01T22:59:59.250Z"), fields(12815, "OFF"));
            store.add("solar", "SmartSolar MPPT 75/15", "HQ1", Instant.parse("2026-12-01T23:00:10Z"), Map.of("V", 13100L));
            store.add("house", "BMV-712 Smart", "HQ2110ABCDE", Instant.parse("2026-12-01T23:00:30Z"), fields(12790, "ON"));
            store.add("house", "BMV-712 Smart", "HQ2110ABCDE", Instant.parse("2026-12-02T23:00:30Z"), fields(12700, "ON"));
            assertTrue(store.flush(Duration.ofSeconds(30)));
        }
    }

    @AfterEach
    void forget() {
        System.clearProperty("store.folder");
    }

    private static Map<String, Object> fields(long volts, String alarm) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("PID", "0xA389");
        fields.put("V", volts);
        fields.put("I", -7625L);
        fields.put("FW", "0413");
        fields.put("Alarm", alarm);
        return fields;
    }

    private int export(String... args) {
        return new ExportCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ZONE)
                .run(args);
    }

    @Test
    void csvHasTheDaysRecordsOfTheDeviceWithEveryLabelAndTheLocalTime() {
        assertEquals(0, export("--device", "house", "--from", "2026-12-02", "--to", "2026-12-02"), err.toString());
        assertEquals(List.of("time,device,product,serial,PID,V,I,FW,Alarm",
                        "2026-12-02T00:00:30.000+01:00,house,BMV-712 Smart,HQ2110ABCDE,0xA389,12790,-7625,0413,ON"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void influxLinesAreThoseOfTheInfluxDbDestination() {
        assertEquals(0, export("--device", "house", "--from", "2026-12-01T23:00", "--to", "2026-12-02T00:01", "--format", "influx"),
                err.toString());
        VeDirectRecord first = new VeDirectRecord(fields(12815, "OFF"));
        VeDirectRecord second = new VeDirectRecord(fields(12790, "ON"));
        assertEquals(List.of(
                        LineProtocol.line("house", "BMV-712 Smart", "HQ2110ABCDE", first, Instant.parse("2026-12-01T22:59:59.250Z")),
                        LineProtocol.line("house", "BMV-712 Smart", "HQ2110ABCDE", second, Instant.parse("2026-12-01T23:00:30Z"))),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void withoutToItRunsUntilNow() {
        assertEquals(0, export("--device", "house", "--from", "2026-12-01T00:00:00Z"), err.toString());
        assertEquals(4, out.toString(StandardCharsets.UTF_8).lines().count(), out.toString());
    }

    @Test
    void mistakesAreOneLineAndExitTwo() {
        assertEquals(2, export("--device", "boat", "--from", "2026-12-01"));
        assertTrue(err.toString().startsWith("vedirect-logger export: the store has no records of a device called boat (it has: house, solar)"),
                err.toString());
        err.reset();
        assertEquals(2, export("--device", "house", "--from", "1 December"));
        assertTrue(err.toString().startsWith("vedirect-logger export: not a date or time: '1 December'"), err.toString());
        err.reset();
        assertEquals(2, export("--device", "house"));
        assertTrue(err.toString().startsWith("vedirect-logger export: --device and --from are needed"), err.toString());
        err.reset();
        assertEquals(2, export("--device", "house", "--from", "2026-12-01", "--format", "json"));
        assertTrue(err.toString().startsWith("vedirect-logger export: --format must be csv or influx"), err.toString());
        assertEquals("", out.toString());
    }
}
