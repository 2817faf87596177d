package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three devices on one logger, as an owner wires them: a BMV-702 (main and history block in turn, a record
 * every 2 s), a SmartSolar whose record is split over two blocks (also a record every 2 s), a SmartShunt, each on its own
 * pseudo-terminal behind a Victron by-id link, at the real one tick a second, through the packaged jar to
 * the fake Domoticz running lua/vedirect.lua and to the CSV. Every device's uploads must be its own
 * records, the newest, as fresh as with one device; pulling one cable must leave the others untouched.
 * And {@code vedirect.port=auto} must pick up a cable plugged in while it runs.
 */
class ManyDevicesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GRACE = Duration.ofMillis(500);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T thing) {
        open.add(thing);
        return thing;
    }

    private static Path cableIn(Path folder, String serial) {
        return folder.resolve("usb-VictronEnergy_BV_VE_Direct_cable_" + serial + "-if00-port0");
    }

    private static final String FAST_RECONNECT = "?reconnectDelay=500&maxReconnectDelay=500&staleTimeout=3000";

    /** The device name and record of an upload. */
    private static JsonNode dataOf(RecordedRequest request) throws Exception {
        return JSON.readTree(request.uri().get("data"));
    }

    /**
     * Checks every upload of the window: it names a device, carries a record that device sent whole, the
     * newest, within one device cycle + 0.5 s of its last byte. Returns the uploads per device.
     */
    private static Map<String, Integer> checkUploads(List<RecordedRequest> requests, Map<String, SimulatedCable> cables,
                                                     Map<String, Duration> cycles, List<String> problems, List<Double> ages) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RecordedRequest request : requests) {
            JsonNode data = dataOf(request);
            String device = data.path("device").asText(null);
            SimulatedCable cable = device == null ? null : cables.get(device);
            if (cable == null) {
                problems.add("request " + request.sequence() + " names no known device: " + device);
                continue;
            }
            counts.merge(device, 1, Integer::sum);
            SimulatedCable.Match match = cable.match(data, request.at(), GRACE);
            if (match.index() < 0) {
                problems.add("request " + request.sequence() + " for " + device + " carries a record " + device + " never sent whole: " + data);
                continue;
            }
            Duration age = Duration.between(match.lastByte(), request.at());
            ages.add(E2e.millis(age));
            if (age.compareTo(cycles.get(device).plus(GRACE)) > 0) {
                problems.add("request " + request.sequence() + " for " + device + " is " + age.toMillis() + " ms old");
            }
            if (match.newerWholeRecords() > 0) {
                problems.add("request " + request.sequence() + " for " + device + " carries record " + match.index() + " while "
                        + match.newerWholeRecords() + " newer were whole");
            }
            if (request.status() != 200) {
                problems.add("request " + request.sequence() + " answered " + request.status());
            }
        }
        return counts;
    }

    @Test
    void threeDevicesEachGetFreshUploadsOfTheirOwnAndAPulledCableLeavesTheOthers() throws Exception {
        int seconds = E2e.intProperty("e2e.many.seconds", 30);
        Path dir = LoggerProcess.newWorkDir("many");
        Path byId = Files.createDirectories(dir.resolve("by-id"));
        FakeDomoticz domoticz = keep(FakeDomoticz.start(Path.of("lua")));
        long seed = E2e.random("ManyDevicesIT").nextLong();
        Map<String, SimulatedCable> cables = new LinkedHashMap<>();
        cables.put("bmv", keep(new SimulatedCable("bmv702", seed, cableIn(byId, "VEBMV0001"), 100)));
        cables.put("solar", keep(new SimulatedCable("mppt-split", seed + 1, cableIn(byId, "VESOL0002"), 400)));
        cables.put("shunt", keep(new SimulatedCable("smartshunt", seed + 2, cableIn(byId, "VESHU0003"), 700)));
        // Each sends one block a second and needs two for a record: main and history, or the two halves.
        Map<String, Duration> cycles = Map.of("bmv", Duration.ofSeconds(2), "solar", Duration.ofSeconds(2), "shunt", Duration.ofSeconds(2));

        Map<String, String> settings = new LinkedHashMap<>();
        cables.forEach((name, cable) -> settings.put("vedirect.port." + name, cable.link() + FAST_RECONNECT));
        // Under a device's block period: every record passes the gate, so every record is a chance to be replaced.
        settings.put("vedirect.interval", "0.5");
        settings.put("domoticz.url", domoticz.baseUri().toString());
        settings.put("domoticz.timeout", "2");
        settings.put("csv.file", "vedirect_data.csv");
        LoggerProcess logger = keep(LoggerProcess.start(dir, settings));
        logger.awaitHealthy(Duration.ofSeconds(40));
        E2e.await("an upload from every device", Duration.ofSeconds(30), () -> {
            List<String> seen = new ArrayList<>();
            for (RecordedRequest r : domoticz.requests()) {
                seen.add(dataOf(r).path("device").asText());
            }
            return seen.containsAll(cables.keySet());
        });

        Instant from = Instant.now();
        Thread.sleep(seconds * 1000L);
        Instant until = Instant.now();
        List<String> problems = new ArrayList<>();
        List<Double> ages = new ArrayList<>();
        Map<String, Integer> counts = checkUploads(domoticz.answeredBetween(from, until), cables, cycles, problems, ages);
        System.out.printf("ManyDevicesIT: uploads in %d s %s, age median %.1f ms, max %.1f ms%n", seconds, counts, E2e.median(ages), E2e.max(ages));
        E2e.figure("many.uploads", counts.toString());
        E2e.figure("many.age.median.ms", E2e.median(ages));
        E2e.figure("many.age.max.ms", E2e.max(ages));
        assertTrue(problems.isEmpty(), problems.size() + " wrong uploads:\n" + String.join("\n", problems) + logger.tail());
        for (String name : cables.keySet()) {
            // One upload per record: none replaced by another device's.
            long expected = seconds / cycles.get(name).toSeconds();
            assertTrue(counts.getOrDefault(name, 0) >= expected - 2, name + ": " + counts + " uploads for " + expected + " records" + logger.tail());
        }

        // One CSV per device, each with its family's heading and a line per record.
        Map<String, String> headings = Map.of("bmv", "Time,Volts,Amps,AHr,SOC", "shunt", "Time,Volts,Amps,AHr,SOC",
                "solar", "Time,Volts,Amps,PanelVolts,PanelWatts,State,YieldTodayKWh");
        for (String name : cables.keySet()) {
            List<String> lines = Files.readAllLines(dir.resolve("vedirect_data-" + name + ".csv"));
            assertEquals(headings.get(name), lines.get(0), name);
            assertEquals(1, lines.stream().filter(l -> l.startsWith("Time,")).count(), name + ": one heading");
            assertTrue(lines.size() - 1 >= seconds / cycles.get(name).toSeconds() - 2, name + ": " + lines.size() + " lines");
        }
        assertTrue(!Files.exists(dir.resolve("vedirect_data.csv")), "no shared file with several devices");

        // Identity: product from PID; SER# where sent, the cable's serial for a BMV-702, which sends none.
        JsonNode devices = logger.status().get("devices");
        assertEquals("VEBMV0001", devices.path("bmv").path("serial").asText(), devices.toString());
        assertTrue(devices.path("bmv").path("product").asText().startsWith("BMV-702"), devices.toString());
        assertNotEquals("VESOL0002", devices.path("solar").path("serial").asText(), "the MPPT's own SER#: " + devices);
        assertTrue(devices.path("solar").path("product").asText().contains("MPPT"), devices.toString());
        for (String name : cables.keySet()) {
            JsonNode device = devices.path(name);
            assertEquals(name, device.path("name").asText());
            // A record every 2 s: its age is 0 to 2 s when /status is read; three times the cycle allows a slow read.
            assertTrue(device.path("lastRecordAgeSeconds").asDouble(99) < 6, devices.toString());
            assertTrue(device.path("validBlocks").asLong() > 0 && device.has("invalidBlocks"), devices.toString());
        }

        // Pull the solar charger's cable: its own check goes DOWN with the reason, the others stay UP and fresh.
        cables.get("solar").unplug();
        Instant pulled = Instant.now();
        LoggerProcess.HttpReply[] lastHealth = new LoggerProcess.HttpReply[1];
        JsonNode checks;
        try {
            checks = E2e.await("the solar check DOWN", Duration.ofSeconds(10), () -> {
                LoggerProcess.HttpReply health = logger.health();
                lastHealth[0] = health;
                JsonNode all = health.json().get("devices");
                return health.status == 503 && all.path("solar").asText().startsWith("DOWN") ? all : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last /health " + lastHealth[0] + logger.tail(), e);
        }
        assertTrue(checks.path("solar").asText().contains("VESOL0002"), "with the reason: " + checks);
        assertEquals("UP", checks.path("bmv").asText(), checks.toString());
        assertEquals("UP", checks.path("shunt").asText(), checks.toString());
        Thread.sleep(8000);
        problems.clear();
        Map<String, Integer> withoutSolar = checkUploads(domoticz.answeredBetween(pulled.plusSeconds(2), Instant.now()),
                cables, cycles, problems, ages);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(withoutSolar.getOrDefault("bmv", 0) >= 2 && withoutSolar.getOrDefault("shunt", 0) >= 2, withoutSolar.toString());
        assertEquals(0, withoutSolar.getOrDefault("solar", 0), "nothing from a pulled cable: " + withoutSolar);
        assertTrue(logger.isAlive());

        // Plug it back: it resumes by itself.
        cables.get("solar").replug();
        Instant replugged = Instant.now();
        E2e.await("an upload from solar after the replug", Duration.ofSeconds(15), () -> {
            for (RecordedRequest r : domoticz.requestsBetween(replugged, Instant.now().plusSeconds(1))) {
                if ("solar".equals(dataOf(r).path("device").asText())) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void autoPicksUpACablePluggedInWhileItRuns() throws Exception {
        Path dir = LoggerProcess.newWorkDir("auto");
        Path byId = Files.createDirectories(dir.resolve("by-id"));
        FakeDomoticz domoticz = keep(FakeDomoticz.start(Path.of("lua")));
        long seed = E2e.random("ManyDevicesIT.auto").nextLong();
        keep(new SimulatedCable("smartshunt", seed, cableIn(byId, "VEAUTO001"), 200));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("vedirect.port", "auto" + FAST_RECONNECT);
        settings.put("vedirect.auto-folder", byId.toString());
        settings.put("vedirect.name.VEAUTO002", "solar");
        settings.put("vedirect.interval", "0.5");
        settings.put("domoticz.url", domoticz.baseUri().toString());
        settings.put("csv.file", "vedirect_data.csv");
        LoggerProcess logger = keep(LoggerProcess.start(dir, settings));
        logger.awaitLogLine("adding the cable there at start", Duration.ofSeconds(40), l -> l.contains("Device VEAUTO001 on "));
        E2e.await("an upload from VEAUTO001", Duration.ofSeconds(20),
                () -> domoticz.requests().stream().anyMatch(r -> r.uri().get("data").contains("\"device\":\"VEAUTO001\"")));

        keep(new SimulatedCable("mppt-split", seed + 1, cableIn(byId, "VEAUTO002"), 600));
        Instant plugged = Instant.now();
        String added = logger.awaitLogLine("adding the new cable", Duration.ofSeconds(10), l -> l.contains("Device solar on "));
        assertTrue(added.contains("VEAUTO002"), added);
        E2e.await("an upload from the new cable, named by vedirect.name", Duration.ofSeconds(15),
                () -> domoticz.requests().stream().anyMatch(r -> r.uri().get("data").contains("\"device\":\"solar\"")));
        Duration found = Duration.between(plugged, Instant.now());
        E2e.figure("auto.plugged.to.first.upload.ms", found.toMillis());
        JsonNode devices = logger.status().get("devices");
        assertNotNull(devices.get("solar"), devices.toString());
        assertEquals("VEAUTO001", devices.path("VEAUTO001").path("name").asText(), devices.toString());
        assertTrue(Files.exists(dir.resolve("vedirect_data-VEAUTO001.csv")));
        E2e.await("the solar CSV", Duration.ofSeconds(5), () -> Files.exists(dir.resolve("vedirect_data-solar.csv")));
    }
}
