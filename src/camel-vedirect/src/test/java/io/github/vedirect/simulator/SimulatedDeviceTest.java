package io.github.vedirect.simulator;

import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.DecoderStats;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two simulated days of every model, one tick per second, through the real decoder: framing, the real
 * devices' label sequences and cadence, and whether the values behave like a battery, a load and the sun.
 */
class SimulatedDeviceTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    /** Midsummer, 10:00 local: the run passes two noons, two nights and two midnights. */
    private static final ZonedDateTime START = ZonedDateTime.of(2024, 6, 20, 10, 0, 0, 0, ZONE);
    private static final int TWO_DAYS = 2 * 86400;
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final long SEED = 20240620L;

    // Label sequences of the real devices (see src/test/resources/captures).
    private static final List<String> BMV_MAIN =
            List.of("PID", "V", "I", "P", "CE", "SOC", "TTG", "Alarm", "Relay", "AR", "BMV", "FW");
    private static final List<String> BMV_HISTORY = List.of(
            "H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10", "H11", "H12", "H17", "H18");
    private static final List<String> SHUNT_MAIN =
            List.of("PID", "V", "VS", "I", "P", "CE", "SOC", "TTG", "Alarm", "AR", "BMV", "FW", "MON");
    private static final List<String> SHUNT_HISTORY = List.of("H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8",
            "H9", "H10", "H11", "H12", "H15", "H16", "H17", "H18");
    private static final List<String> MPPT = List.of("PID", "FW", "SER#", "V", "I", "VPV", "PPV", "CS", "MPPT",
            "OR", "ERR", "LOAD", "IL", "H19", "H20", "H21", "H22", "H23", "HSDS");
    private static final List<String> SPLIT_FIRST =
            List.of("PID", "FWE", "SER#", "V", "I", "VPV", "PPV", "MPPT", "CS", "OR");
    private static final List<String> SPLIT_SECOND =
            List.of("ERR", "LOAD", "Relay", "H19", "H20", "H21", "H22", "H23", "HSDS");

    /** One tick as the decoder saw it: its one block and the HEX frames after it. */
    record Tick(int index, ZonedDateTime time, VeDirectBlock block, List<HexFrame> frames) {
        int integer(String label) {
            String value = block.get(label);
            assertNotNull(value, () -> label + " missing at " + time + ": " + block);
            return Integer.parseInt(value);
        }

        String text(String label) {
            return block.get(label);
        }

        boolean at(int fromHour, int fromMinute, int toHour, int toMinute) {
            LocalTime local = time.toLocalTime();
            return !local.isBefore(LocalTime.of(fromHour, fromMinute)) && local.isBefore(LocalTime.of(toHour, toMinute));
        }
    }

    /**
     * Feeds {@code ticks} ticks {@code step} apart through one decoder. Each tick must hold exactly one
     * valid block, byte for byte as {@link VeDirectBlock#toBytes} writes it, and after it only HEX
     * frames that {@link HexFrame#parse} accepts and the decoder reported. At the end: no checksum
     * error, no malformed block, no bad HEX frame, no stray byte.
     */
    static DecoderStats run(SimulatedDevice device, ZonedDateTime start, Duration step, int ticks, Consumer<Tick> check) {
        List<VeDirectBlock> blocks = new ArrayList<>();
        List<HexFrame> frames = new ArrayList<>();
        VeDirectDecoder decoder = new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                blocks.add(block);
            }

            @Override
            public void onHexFrame(HexFrame frame) {
                frames.add(frame);
            }
        });
        Instant first = start.toInstant();
        for (int i = 0; i < ticks; i++) {
            Instant now = first.plus(step.multipliedBy(i));
            byte[] bytes = device.nextTick(now);
            blocks.clear();
            frames.clear();
            decoder.feed(bytes);
            int index = i;
            assertEquals(1, blocks.size(), () -> "tick " + index + " at " + now + " gave " + blocks.size() + " blocks");
            VeDirectBlock block = blocks.get(0);
            byte[] blockBytes = block.toBytes();
            assertArrayEquals(blockBytes, Arrays.copyOf(bytes, blockBytes.length), () -> "tick " + index);
            String tail = new String(bytes, blockBytes.length, bytes.length - blockBytes.length, StandardCharsets.ISO_8859_1);
            assertEquals(parseFrames(tail), frames, () -> "tick " + index + ": " + tail);
            check.accept(new Tick(i, now.atZone(ZONE), block, List.copyOf(frames)));
        }
        DecoderStats stats = decoder.stats();
        assertEquals(ticks, stats.blocks(), stats::toString);
        assertEquals(0, stats.checksumErrors(), stats::toString);
        assertEquals(0, stats.malformed(), stats::toString);
        assertEquals(0, stats.hexErrors(), stats::toString);
        assertEquals(0, stats.skippedBytes(), stats::toString);
        return stats;
    }

    /** The HEX frames of a tick's tail, each ending in LF, each one checked by {@link HexFrame#parse}. */
    static List<HexFrame> parseFrames(String tail) {
        List<HexFrame> frames = new ArrayList<>();
        int start = 0;
        while (start < tail.length()) {
            int end = tail.indexOf('\n', start);
            assertTrue(end > start, () -> "unterminated HEX frame in " + tail);
            HexFrame frame = HexFrame.parse(tail.substring(start, end + 1));
            assertNotNull(frame, () -> "not a HEX frame: " + tail);
            assertEquals(HexFrame.ASYNC, frame.command());
            assertEquals(0, frame.flags());
            frames.add(frame);
            start = end + 1;
        }
        return frames;
    }

    /** Distinct values seen per label, to tell a living value from a stuck one. */
    static final class Distinct {
        private final Map<String, Set<String>> values = new HashMap<>();

        void add(VeDirectBlock block) {
            for (Map.Entry<String, String> field : block.asMap().entrySet()) {
                values.computeIfAbsent(field.getKey(), k -> new HashSet<>()).add(field.getValue());
            }
        }

        void assertVaries(int atLeast, String... labels) {
            for (String label : labels) {
                int count = values.getOrDefault(label, Set.of()).size();
                assertTrue(count >= atLeast, () -> label + " took only " + count + " values: " + values.get(label));
            }
        }

        void assertConstant(String label, String value) {
            assertEquals(Set.of(value), values.get(label), label);
        }
    }

    // --- Battery monitors -------------------------------------------------------------------------

    @Test
    void bmv702TwoDays() {
        batteryMonitorTwoDays(Simulators.create("bmv702", SEED, ZONE), BMV_MAIN, BMV_HISTORY);
    }

    @Test
    void smartShuntTwoDays() {
        Distinct distinct = batteryMonitorTwoDays(Simulators.create("smartshunt", SEED, ZONE), SHUNT_MAIN, SHUNT_HISTORY);
        distinct.assertConstant("BMV", "SmartShunt 500A/50mV");
        distinct.assertConstant("FW", "0416");
        distinct.assertConstant("MON", "0");
        distinct.assertVaries(10, "VS");
    }

    private Distinct batteryMonitorTwoDays(SimulatedDevice device, List<String> main, List<String> history) {
        Distinct distinct = new Distinct();
        boolean shunt = main.contains("VS");
        int[] soc = {Integer.MAX_VALUE, Integer.MIN_VALUE};
        int[] volts = {Integer.MAX_VALUE, Integer.MIN_VALUE};
        int[] ttg = {0, 0};
        Map<String, Integer> last = new HashMap<>();
        int[] vs = {0};
        run(device, START, SECOND, TWO_DAYS, tick -> {
            boolean isMain = tick.index() % 2 == 0;
            assertEquals(isMain ? main : history, tick.block().labels(), () -> "tick " + tick.index());
            assertTrue(tick.frames().isEmpty(), "a battery monitor sends no HEX frames unasked");
            distinct.add(tick.block());
            if (isMain) {
                assertEquals(device.productId(), tick.text("PID"));
                int v = tick.integer("V");
                int i = tick.integer("I");
                int s = tick.integer("SOC");
                int ce = tick.integer("CE");
                assertTrue(v >= 10500 && v <= 15500, () -> "V " + v + " at " + tick.time());
                assertTrue(s >= 0 && s <= 1000, () -> "SOC " + s);
                assertTrue(ce <= 0, () -> "CE " + ce);
                assertTrue(Math.abs(tick.integer("P") - v * (double) i / 1e6) <= 0.5 + 1e-9, () -> "P of " + tick.block());
                int t = tick.integer("TTG");
                assertTrue(t == -1 || t >= 0, () -> "TTG " + t);
                ttg[t == -1 ? 0 : 1]++;
                int ar = tick.integer("AR");
                assertEquals(0, ar & ~3, "only low and high voltage alarms are configured");
                assertEquals(ar != 0 ? "ON" : "OFF", tick.text("Alarm"), () -> tick.block().toString());
                if (v < 11500) {
                    assertEquals(1, ar & 1, () -> "low voltage without the alarm: " + tick.block());
                }
                if (!shunt) {
                    assertTrue(Set.of("ON", "OFF").contains(tick.text("Relay")));
                } else {
                    vs[0] = tick.integer("VS");
                    assertTrue(vs[0] > 11000 && vs[0] < 13500, () -> "VS " + vs[0]);
                }
                soc[0] = Math.min(soc[0], s);
                soc[1] = Math.max(soc[1], s);
                volts[0] = Math.min(volts[0], v);
                volts[1] = Math.max(volts[1], v);
                last.put("CE", ce);
            } else {
                Map<String, Integer> h = new HashMap<>();
                for (String label : history) {
                    h.put(label, tick.integer(label));
                }
                assertTrue(h.get("H1") <= h.get("H2") && h.get("H2") <= 0, () -> "H1/H2 " + tick.block());
                assertTrue(h.get("H1") <= last.get("CE"), "the deepest discharge is at least the present one");
                if (!last.containsKey("H10") || h.get("H10").equals(last.get("H10"))) {
                    // (unless a synchronisation since the main block started a new discharge)
                    assertTrue(h.get("H2") <= last.get("CE"), "the last discharge is at least the present one");
                }
                assertTrue(h.get("H7") <= volts[0], "H7 is the lowest voltage seen");
                assertTrue(h.get("H8") >= volts[1], "H8 is the highest voltage seen");
                if (shunt) {
                    assertTrue(h.get("H15") <= vs[0] && vs[0] <= h.get("H16"), "H15 <= VS <= H16");
                }
                if (last.containsKey("H1")) {
                    for (String up : List.of("H4", "H5", "H10", "H11", "H12", "H17", "H18")) {
                        assertTrue(h.get(up) >= last.get(up), () -> up + " went down: " + tick.block());
                    }
                    for (String down : List.of("H1", "H6")) {
                        assertTrue(h.get(down) <= last.get(down), () -> down + " went up: " + tick.block());
                    }
                    if (h.get("H10") > last.get("H10")) {
                        assertTrue(h.get("H9") <= 2, "a synchronisation resets the time since full");
                    } else {
                        assertEquals(last.get("H9") + 2, h.get("H9"), "H9 counts seconds");
                    }
                }
                last.putAll(h);
            }
        });
        assertTrue(soc[1] > soc[0], "SOC changes");
        assertTrue(volts[1] - volts[0] > 1000, () -> "V spans " + volts[0] + ".." + volts[1]);
        assertTrue(ttg[0] > 0 && ttg[1] > 0, "TTG is -1 while charging and counts down while discharging");
        distinct.assertVaries(100, "V", "I", "P", "CE", "SOC", "TTG", "H6", "H9");
        distinct.assertVaries(20, "H17");
        distinct.assertVaries(2, "H2", "H3", "H10", "H18");
        return distinct;
    }

    /** In a dark December week the battery sags: the low-voltage alarm goes off and is counted in H11. */
    @Test
    void lowVoltageAlarmInWinter() {
        ZonedDateTime december = ZonedDateTime.of(2024, 12, 10, 10, 0, 0, 0, ZONE);
        Duration step = Duration.ofSeconds(5);
        for (long seed = 1; seed <= 10; seed++) {
            boolean[] seen = new boolean[2];
            int[] h11 = {-1, -1};
            int[] minSoc = {1000};
            run(Simulators.create("bmv702", seed, ZONE), december, step, 5 * 86400 / 5, tick -> {
                if (tick.block().has("Alarm")) {
                    minSoc[0] = Math.min(minSoc[0], tick.integer("SOC"));
                    if ("ON".equals(tick.text("Alarm"))) {
                        assertEquals(1, tick.integer("AR"));
                        assertTrue(tick.integer("V") < 11800, tick.block()::toString);
                        seen[0] = true;
                    }
                    if ("ON".equals(tick.text("Relay"))) {
                        assertTrue(tick.integer("SOC") < 900, "the relay pulls in at low SOC");
                        seen[1] = true;
                    }
                } else {
                    if (h11[0] < 0) {
                        h11[0] = tick.integer("H11");
                    }
                    h11[1] = tick.integer("H11");
                }
            });
            if (seen[0]) {
                assertTrue(h11[1] > h11[0], "H11 counts the low-voltage alarms");
                assertEquals(minSoc[0] < 500, seen[1], "the relay pulls in below 50 % SOC");
                return;
            }
        }
        fail("no low-voltage alarm in ten dark weeks");
    }

    // --- Solar chargers ---------------------------------------------------------------------------

    @Test
    void mpptTwoDays() {
        SimulatedDevice device = Simulators.create("mppt", SEED, ZONE);
        Distinct distinct = new Distinct();
        SolarDay day = new SolarDay();
        int[] lastCs = {-1};
        Set<Integer> registers = new TreeSet<>();
        int[] frameBursts = {0};
        run(device, START, SECOND, TWO_DAYS, tick -> {
            assertEquals(MPPT, tick.block().labels());
            distinct.add(tick.block());
            int cs = tick.integer("CS");
            boolean csChanged = cs != lastCs[0];
            lastCs[0] = cs;
            day.check(tick, tick);
            assertTrue(Set.of("ON", "OFF").contains(tick.text("LOAD")));
            int il = tick.integer("IL");
            assertEquals(0, il % 100, "IL in 0.1 A steps");
            if ("OFF".equals(tick.text("LOAD"))) {
                assertEquals(0, il);
            }
            // HEX frames: every fifth block and when the state changes, consistent with the block.
            boolean due = tick.index() % 5 == 4 || csChanged;
            assertEquals(due, !tick.frames().isEmpty(), () -> "frames at tick " + tick.index());
            if (due) {
                frameBursts[0]++;
                Map<Integer, Long> values = frameValues(tick.frames(), registers);
                assertEquals(csChanged, values.containsKey(0x0201), "0x0201 exactly when CS changed");
                if (csChanged) {
                    assertEquals(cs, values.get(0x0201));
                }
                checkChargerFrames(tick, values);
            }
        });
        assertEquals(Set.of(0x0201, 0xEDBB, 0xEDBC, 0xEDD5, 0xEDD7), registers);
        assertTrue(frameBursts[0] >= TWO_DAYS / 5);
        day.assertSawEverything();
        distinct.assertConstant("PID", "0xA05F");
        distinct.assertConstant("FW", "159");
        distinct.assertConstant("ERR", "0");
        distinct.assertVaries(100, "V", "I", "VPV", "PPV");
        distinct.assertVaries(20, "IL", "H19", "H20", "H21");
        assertTrue(device.productId().equals("0xA05F") && device.model().equals("mppt"));
    }

    @Test
    void splitMpptTwoDays() {
        SimulatedDevice device = Simulators.create("mppt-split", SEED, ZONE);
        Distinct distinct = new Distinct();
        SolarDay day = new SolarDay();
        Tick[] first = new Tick[1];
        int[] lastCs = {-1};
        long[] lastUptime = {-1};
        Set<Integer> registers = new TreeSet<>();
        run(device, START, SECOND, TWO_DAYS, tick -> {
            distinct.add(tick.block());
            if (tick.index() % 2 == 0) {
                assertEquals(SPLIT_FIRST, tick.block().labels());
                assertFalse(tick.frames().isEmpty(), "HEX frames follow the first half");
                Map<Integer, Long> values = frameValues(tick.frames(), registers);
                long uptime = values.get(0x0120);
                assertTrue(lastUptime[0] < 0 || uptime == lastUptime[0] + 2, "uptime counts seconds");
                lastUptime[0] = uptime;
                int cs = tick.integer("CS");
                assertEquals(cs != lastCs[0], values.containsKey(0x0201), "0x0201 exactly when CS changed");
                if (cs != lastCs[0]) {
                    assertEquals(cs, values.get(0x0201));
                }
                lastCs[0] = cs;
                if (values.containsKey(0xED8D)) {
                    assertEquals(values.get(0xEDD5), values.get(0xED8D));
                }
                long celsius = (short) (long) values.get(0xEDDB);
                assertTrue(celsius > 0 && celsius < 6000, () -> "heat sink at " + celsius / 100.0 + " °C");
                checkChargerFrames(tick, values);
                first[0] = tick;
            } else {
                assertEquals(SPLIT_SECOND, tick.block().labels());
                assertTrue(tick.frames().isEmpty(), "nothing between the second half and the next record");
                day.check(first[0], tick);
            }
        });
        assertTrue(registers.containsAll(Set.of(0x0120, 0x0201, 0xEDDB, 0xEDBB, 0xEDBC, 0xEDD5, 0xED8D, 0xEDD7)),
                registers::toString);
        day.assertSawEverything();
        distinct.assertConstant("PID", "0xA06C");
        distinct.assertConstant("FWE", "316FF");
        distinct.assertConstant("Relay", "OFF");
        distinct.assertVaries(100, "V", "I", "VPV", "PPV");
        distinct.assertVaries(20, "H19", "H20", "H21");
    }

    /** Register id to unsigned value, noting the ids seen. */
    private static Map<Integer, Long> frameValues(List<HexFrame> frames, Set<Integer> registers) {
        Map<Integer, Long> values = new HashMap<>();
        for (HexFrame frame : frames) {
            assertTrue(frame.isRegisterFrame());
            assertEquals(null, values.put(frame.registerId(), frame.unsignedValue()), "register twice in one burst");
            registers.add(frame.registerId());
        }
        return values;
    }

    /** The async registers say what the block before them says. */
    private static void checkChargerFrames(Tick tick, Map<Integer, Long> values) {
        if (values.containsKey(0xEDD5)) {
            assertEquals(tick.integer("V") / 10, values.get(0xEDD5), "0xEDD5 battery voltage, 0.01 V");
        }
        assertEquals(tick.integer("VPV") / 10, values.get(0xEDBB), "0xEDBB panel voltage, 0.01 V");
        assertTrue(Math.abs(values.get(0xEDBC) / 100.0 - tick.integer("PPV")) <= 0.5, "0xEDBC panel power, 0.01 W");
        if (values.containsKey(0xEDD7)) {
            assertTrue(values.get(0xEDD7) <= 700, "0xEDD7 charger current, 0.1 A");
        }
    }

    /** Checks a solar charger's record against the sun and the calendar, over the whole run. */
    private static final class SolarDay {
        private final Set<Integer> states = new TreeSet<>();
        private int nightChecks;
        private int noonChecks;
        private int rollovers;
        private LocalDate date;
        private int hsds = -1;
        private int h19;
        private int h20;
        private int h21;
        private String serial;

        /** {@code live} carries V, I, VPV, PPV, CS, MPPT, OR; {@code history} carries H19..HSDS (one block or two). */
        void check(Tick live, Tick history) {
            int v = live.integer("V");
            assertTrue(v >= 10500 && v <= 15500, () -> "V " + v);
            assertEquals(0, v % 10, "V in 10 mV steps");
            assertEquals(0, live.integer("I") % 10, "I in 10 mA steps");
            int ppv = live.integer("PPV");
            int vpv = live.integer("VPV");
            int cs = live.integer("CS");
            assertTrue(ppv >= 0 && vpv >= 0);
            assertTrue(Set.of(0, 3, 4, 5).contains(cs), () -> "CS " + cs);
            states.add(cs);
            assertEquals(cs == 0 ? "0x00000001" : "0x00000000", live.text("OR"));
            assertEquals(cs == 0 ? 0 : 1, Math.min(1, live.integer("MPPT")), "MPPT off exactly when the charger is");
            if (cs == 0) {
                assertEquals(0, ppv, "no panel power while off");
            }
            String ser = live.text("SER#");
            assertTrue(ser.matches("HQ\\d{4}[0-9A-Z]{5}"), ser);
            assertTrue(serial == null || serial.equals(ser), "one serial number");
            serial = ser;
            if (live.at(1, 30, 2, 30)) {
                assertEquals(0, ppv, () -> "PPV at night, " + live.time());
                assertEquals(0, cs);
                nightChecks++;
            }
            if (live.at(11, 30, 12, 30)) {
                assertTrue(ppv > 0, () -> "PPV around noon, " + live.time());
                assertTrue(cs != 0);
                noonChecks++;
            }

            int total = history.integer("H19");
            int today = history.integer("H20");
            int max = history.integer("H21");
            int seq = history.integer("HSDS");
            assertTrue(seq >= 0 && seq <= 364);
            assertTrue(max >= ppv, "H21 is the highest power today");
            LocalDate now = history.time().toLocalDate();
            if (date != null && now.isAfter(date)) {
                rollovers++;
                assertEquals((hsds + 1) % 365, seq, "HSDS counts days");
                assertEquals(0, today, "H20 starts again at midnight");
                assertEquals(0, max, "H21 starts again at midnight");
                assertEquals(h20, history.integer("H22"), "yesterday's yield is the last H20");
                assertEquals(h21, history.integer("H23"), "yesterday's maximum is the last H21");
                assertTrue(h20 > 0, "a summer day yields something");
            } else if (date != null) {
                assertEquals(hsds, seq, "HSDS changes only at midnight");
                assertTrue(today >= h20 && max >= h21, "H20 and H21 only grow during the day");
            }
            if (date != null) {
                assertTrue(total >= h19, "H19 only grows");
            }
            date = now;
            hsds = seq;
            h19 = total;
            h20 = today;
            h21 = max;
        }

        void assertSawEverything() {
            assertEquals(2, rollovers, "two midnights");
            assertTrue(nightChecks > 1000 && noonChecks > 1000, nightChecks + " night, " + noonChecks + " noon checks");
            assertEquals(Set.of(0, 3, 4, 5), states, "off at night, bulk, absorption and float by day");
        }
    }

    // --- All models -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"bmv702", "smartshunt", "mppt", "mppt-split"})
    void sameSeedSameBytesOtherSeedOtherBytes(String model) {
        byte[] once = bytes(Simulators.create(model, 7, ZONE), 3 * 3600);
        byte[] again = bytes(Simulators.create(model, 7, ZONE), 3 * 3600);
        byte[] other = bytes(Simulators.create(model, 8, ZONE), 3 * 3600);
        assertArrayEquals(once, again);
        assertFalse(Arrays.equals(once, other));
    }

    @Test
    void eachNameGivesItsOwnSeedSoTwoDevicesOfOneModelDiffer() {
        long house = Simulators.seedOf("house");
        long solar = Simulators.seedOf("solar");
        assertEquals(house, Simulators.seedOf("house"), "the same name, the same seed: values stay from run to run");
        assertTrue(house != solar && house != Simulators.DEFAULT_SEED && solar != Simulators.DEFAULT_SEED);
        assertTrue(Simulators.seedOf("Solar") != solar, "names are case-sensitive, as the logger's are");
        // Two BMV-702s, one called house and one solar, over the same hour: hardly a voltage in common (one
        // seed for both gives the same voltage in every block, see sameSeedSameBytesOtherSeedOtherBytes).
        List<String> houseVolts = volts(Simulators.create("bmv702", house, ZONE));
        List<String> solarVolts = volts(Simulators.create("bmv702", solar, ZONE));
        assertEquals(houseVolts.size(), solarVolts.size());
        long same = java.util.stream.IntStream.range(0, houseVolts.size())
                .filter(i -> houseVolts.get(i).equals(solarVolts.get(i))).count();
        assertTrue(same * 10 < houseVolts.size(), same + " of " + houseVolts.size() + " blocks with one voltage: "
                + houseVolts.subList(0, 5) + " " + solarVolts.subList(0, 5));
    }

    /** The V of each main block over an hour. */
    private static List<String> volts(SimulatedDevice device) {
        List<String> volts = new ArrayList<>();
        VeDirectDecoder decoder = new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                for (int i = 0; i < block.size(); i++) {
                    if (block.label(i).equals("V")) {
                        volts.add(block.value(i));
                    }
                }
            }
        });
        decoder.feed(bytes(device, 3600));
        return volts;
    }

    private static byte[] bytes(SimulatedDevice device, int ticks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < ticks; i++) {
            out.writeBytes(device.nextTick(START.toInstant().plusSeconds(i)));
        }
        return out.toByteArray();
    }

    /** A logger polling every ten seconds, a repeated instant, a clock stepping back, a day without ticks. */
    @ParameterizedTest
    @ValueSource(strings = {"bmv702", "smartshunt", "mppt", "mppt-split"})
    void irregularTicksStillGiveValidBlocksInCadence(String model) {
        SimulatedDevice device = Simulators.create(model, 3, ZONE);
        List<String> firstLabels = new ArrayList<>();
        run(device, START, Duration.ofSeconds(10), 8640, tick -> {
            if (tick.index() < 2) {
                firstLabels.add(String.join(" ", tick.block().labels()));
            } else {
                assertEquals(firstLabels.get(tick.index() % 2), String.join(" ", tick.block().labels()));
            }
        });
        Instant later = START.plusDays(1).toInstant();
        List<VeDirectBlock> blocks = new ArrayList<>();
        VeDirectDecoder decoder = new VeDirectDecoder(blocks::add);
        for (Instant now : List.of(later, later, later.minusSeconds(30), later.plus(Duration.ofDays(1)), later.plus(Duration.ofDays(1)).plusSeconds(1))) {
            decoder.feed(device.nextTick(now));
        }
        assertEquals(5, blocks.size());
        assertEquals(0, decoder.stats().checksumErrors() + decoder.stats().malformed() + decoder.stats().hexErrors());
    }

    @Test
    void modelsAndTheirIdentity() {
        assertEquals(List.of("bmv702", "smartshunt", "mppt", "mppt-split", "bmv712"), Simulators.models());
        assertThrows(UnsupportedOperationException.class, () -> Simulators.models().add("x"));
        Map<String, String> pids = Map.of("bmv702", "0x204", "smartshunt", "0xA389", "mppt", "0xA05F", "mppt-split", "0xA06C",
                "bmv712", "0xA381");
        for (String model : Simulators.models()) {
            SimulatedDevice device = Simulators.create(model.toUpperCase(), 1);
            assertEquals(model, device.model());
            assertEquals(pids.get(model), device.productId());
        }
        assertEquals("bmv702", Simulators.create("BMV702", 1, ZONE).model());
        assertEquals("mppt-split", Simulators.create("Mppt-Split", 1, ZONE).model());
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        for (String bad : Arrays.asList("bmv700", "", " bmv702", null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simulators.create(bad, 1));
            for (String model : Simulators.models()) {
                assertTrue(e.getMessage().contains(model), e.getMessage());
            }
        }
    }
}
