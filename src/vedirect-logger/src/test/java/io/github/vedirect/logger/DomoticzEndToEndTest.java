package io.github.vedirect.logger;

import io.github.vedirect.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.domoticz.DeviceUpdate;
import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;
import io.github.vedirect.logging.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulator → the real routes → a local server that treats json.htm as Domoticz does and runs the shipped
 * Lua parser in a real Lua: the values the virtual devices get, and what happens when Domoticz misbehaves.
 */
class DomoticzEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private FakeDomoticz domoticz;
    private RunningLogger logger;

    private RunningLogger start(Map<String, String> extra) throws Exception {
        domoticz = FakeDomoticz.start(Path.of("lua"));
        Map<String, String> settings = new HashMap<>();
        settings.put("vedirect.port", "simulator:bmv702?blockInterval=100");
        settings.put("vedirect.interval", "1");
        settings.put("domoticz.url", domoticz.baseUri().toString());
        settings.put("domoticz.timeout", "1");
        settings.putAll(extra);
        logger = new RunningLogger(dir.resolve("vedirect_data.csv"), settings);
        return logger;
    }

    @AfterEach
    void stop() {
        if (logger != null) {
            logger.close();
        }
        if (domoticz != null) {
            domoticz.close();
        }
    }

    private static String scaled(JsonNode record, String label, String multiplier) {
        String text = new BigDecimal(record.get(label).asText()).multiply(new BigDecimal(multiplier)).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    /** The CSV's data rows as Volts,Amps,AHr,SOC strings. */
    private List<String> csvValues() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : logger.csvLines().subList(Math.min(1, logger.csvLines().size()), logger.csvLines().size())) {
            rows.add(line.substring(line.indexOf(',') + 1));
        }
        return rows;
    }

    private static String values(JsonNode record) {
        return scaled(record, "V", "0.001") + "," + scaled(record, "I", "0.001") + "," + scaled(record, "CE", "0.001") + ","
                + scaled(record, "SOC", "0.1");
    }

    private static JsonNode data(RecordedRequest request) throws Exception {
        return JSON.readTree(request.uri().get("data"));
    }

    @Test
    void theLuaParserGivesTheVirtualDevicesTheRecordsValues() throws Exception {
        start(Map.of());
        domoticz.awaitAnswered(4, WAIT);
        logger.close();
        List<RecordedRequest> requests = domoticz.requests();
        RecordedRequest last = requests.get(requests.size() - 1);
        assertEquals("udevices", last.params().get("param"));
        assertEquals("vedirect.lua", last.params().get("script"));
        JsonNode record = data(last);
        // The whole record: main and history block, numbers as numbers, the rest as strings.
        assertTrue(record.get("V").isIntegralNumber() && record.get("H17").isIntegralNumber(), record.toString());
        assertEquals("0x204", record.get("PID").asText());
        assertEquals("0308", record.get("FW").asText());
        assertEquals(scaled(record, "V", "0.001"), domoticz.svalue(1).orElseThrow());
        assertEquals(scaled(record, "I", "0.001"), domoticz.svalue(2).orElseThrow());
        assertEquals(scaled(record, "CE", "0.001"), domoticz.svalue(3).orElseThrow());
        assertEquals(scaled(record, "SOC", "0.1"), domoticz.svalue(4).orElseThrow());
        for (DeviceUpdate update : domoticz.updates()) {
            assertFalse(update.svalue().endsWith(".0") || update.svalue().matches(".*\\.\\d{4,}"), "float trap: " + update);
        }
        // Domoticz and the CSV get the same records.
        List<String> csv = csvValues();
        for (RecordedRequest request : requests) {
            assertTrue(csv.contains(values(data(request))), "uploaded record not in the CSV: " + values(data(request)));
        }
        assertTrue(requests.stream().allMatch(r -> r.status() == 200));
    }

    @Test
    void domoticzFaultsNeverCostACsvLineAndUploadsResumeWithTheNewestRecord() throws Exception {
        start(Map.of());
        domoticz.awaitAnswered(2, WAIT);
        List<Runnable> faults = List.of(domoticz::refuseConnections, () -> domoticz.answerHttpStatus(500),
                () -> domoticz.answerHttpStatus(401), domoticz::answerErr, domoticz::stallUntilChanged);
        for (Runnable fault : faults) {
            int linesBefore = logger.csvLines().size();
            fault.run();
            Instant faultStart = Instant.now();
            long faultFrom = System.nanoTime();
            // The fault lasts three and a half upload intervals at least, and until the CSV has had three lines
            // meanwhile, however slowly a loaded machine runs the logger.
            Await.until("three CSV lines during " + domoticz.fault(), WAIT, () -> {
                try {
                    return System.nanoTime() - faultFrom >= Duration.ofMillis(3500).toNanos()
                            && logger.csvLines().size() - linesBefore >= 3;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(logger.context().getInflightRepository().size() <= 4,
                    "exchanges pile up: " + logger.context().getInflightRepository().size());
            if (!domoticz.isListening()) {
                domoticz.listenAgain();
            }
            domoticz.answerNormally();
            Instant back = Instant.now();
            Await.until("an upload after " + faultStart, WAIT, () -> domoticz.requests().stream()
                    .anyMatch(r -> r.at().isAfter(back) && r.status() == 200));
            RecordedRequest first = domoticz.requests().stream().filter(r -> r.at().isAfter(back) && r.status() == 200)
                    .findFirst().orElseThrow();
            String uploaded = values(data(first));
            // The CSV route writes the same record on its own thread: it may be a moment behind the upload. The CSV is
            // taken as it is when the record first shows there (read later, it has grown by as many lines as the
            // test thread ran late).
            AtomicReference<List<String>> csvWithIt = new AtomicReference<>();
            Await.until("the uploaded record in the CSV", WAIT, () -> {
                try {
                    List<String> now = csvValues();
                    csvWithIt.set(now);
                    return now.contains(uploaded);
                } catch (Exception e) {
                    return false;
                }
            });
            List<String> csv = csvWithIt.get();
            int index = csv.lastIndexOf(uploaded);
            assertTrue(index >= csv.size() - 3, "the first upload after the fault is not among the newest records: "
                    + uploaded + " at " + index + " of " + csv.size());
        }
        DomoticzResponsesCheck.assertCounted(logger);
    }

    @Test
    void basicAuthIsSentWhenConfiguredAndThePasswordNeverLogged() throws Exception {
        String password = "s3cret+p@ss";
        try (LogCapture log = new LogCapture()) {
            start(Map.of("domoticz.username", "pi", "domoticz.password", password));
            domoticz.requireBasicAuth("pi", password);
            domoticz.awaitUpdates(1, 2, WAIT);
            domoticz.requireBasicAuth("pi", "changed");
            // Three refused uploads: a warning per upload would show by then.
            Await.until("three 401s", WAIT, () -> domoticz.requests().stream().filter(r -> r.status() == 401).count() >= 3);
            String encoded = Base64.getEncoder().encodeToString(("pi:" + password).getBytes(StandardCharsets.UTF_8));
            for (String line : log.lines()) {
                assertFalse(line.contains(password) || line.contains(encoded), "secret in the log: " + line);
            }
            assertEquals(1, log.count("refused the credentials (HTTP 401)"), "one warning, not one per upload, and it says "
                    + "the credentials were refused (a username is set): " + log.lines());
        }
    }

    @Test
    void directModeUpdatesEachDeviceWithTheSvalueItsTypeExpects() throws Exception {
        start(Map.of("domoticz.mode", "direct", "domoticz.devices", "V:21:number,SOC:22:number,Alarm:23:alert,Relay:24:switch,H17:25:counter"));
        domoticz.awaitUpdates(25, 2, WAIT);
        logger.close();
        RecordedRequest last = domoticz.requests().get(domoticz.requests().size() - 1);
        assertEquals("udevice", last.params().get("param"));
        assertTrue(domoticz.svalue(21).orElseThrow().matches("1\\d\\.\\d+"), domoticz.svalue(21).orElseThrow());
        assertTrue(domoticz.svalue(22).orElseThrow().matches("\\d+(\\.\\d)?"), domoticz.svalue(22).orElseThrow());
        DeviceUpdate alarm = domoticz.updates(23).get(domoticz.updates(23).size() - 1);
        assertEquals(1, alarm.nvalue(), "alarm OFF shows green");
        DeviceUpdate relay = domoticz.updates(24).get(domoticz.updates(24).size() - 1);
        assertEquals(0, relay.nvalue());
        assertTrue(domoticz.svalue(25).orElseThrow().matches("\\d+;\\d+"), "POWER;ENERGY in Wh: " + domoticz.svalue(25).orElseThrow());
    }

    @Test
    void anOutageIsOneWarningWhenItStartsAndOneLineWithItsLengthWhenItEnds() throws Exception {
        try (LogCapture log = new LogCapture()) {
            start(Map.of());
            domoticz.awaitAnswered(2, WAIT);
            domoticz.refuseConnections();
            Thread.sleep(2500);
            domoticz.listenAgain();
            domoticz.answerHttpStatus(500);
            Thread.sleep(2500);
            domoticz.answerNormally();
            Await.until("the recovery line", WAIT, () -> log.count("Domoticz accepts uploads again after") == 1);
            List<String> warnings = log.lines().stream().filter(line -> line.startsWith("WARN")).toList();
            assertEquals(1, warnings.size(), "one warning for the whole outage (refused, then HTTP 500): " + log.lines());
            assertTrue(warnings.get(0).contains("Domoticz did not answer"), warnings.get(0));
            String recovery = log.lines().stream().filter(line -> line.contains("accepts uploads again")).findFirst().orElseThrow();
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("after (\\d+) s \\((\\d+) uploads failed\\)").matcher(recovery);
            assertTrue(length.find(), "the outage's length and failed uploads: " + recovery);
            int seconds = Integer.parseInt(length.group(1));
            assertTrue(seconds >= 4 && seconds <= 30, "about 5 s of outage: " + recovery);
            assertTrue(Integer.parseInt(length.group(2)) >= 3, recovery);
        }
    }

    @Test
    void aWrongIdxInDirectModeIsOneLineNamingLabelAndIdxAndTheOtherDevicesGoOn() throws Exception {
        try (LogCapture log = new LogCapture()) {
            start(Map.of("domoticz.mode", "direct", "domoticz.devices", "V:21:number,SOC:99:number,Alarm:23:alert"));
            domoticz.onlyDevices(21, 23);
            domoticz.awaitUpdates(21, 4, WAIT);
            domoticz.awaitUpdates(23, 4, WAIT);
            List<String> refused = log.lines().stream().filter(line -> line.contains("refused the update")).toList();
            assertEquals(1, refused.size(), "one line, not one per interval: " + log.lines());
            assertTrue(refused.get(0).contains("SOC (idx 99)") && !refused.get(0).contains("\n"), refused.get(0));
            assertEquals(0, log.count("uploads go on"), "a refused device is not an outage: " + log.lines());
        }
    }
}
