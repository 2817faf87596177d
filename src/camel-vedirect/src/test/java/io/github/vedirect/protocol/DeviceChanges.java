package io.github.vedirect.protocol;

import io.github.vedirect.protocol.DeviceStreams.BlockItem;
import io.github.vedirect.protocol.DeviceStreams.DeviceStream;
import io.github.vedirect.protocol.DeviceStreams.Family;
import io.github.vedirect.protocol.DeviceStreams.Fault;
import io.github.vedirect.protocol.DeviceStreams.HexItem;
import io.github.vedirect.protocol.DeviceStreams.Item;
import io.github.vedirect.simulator.SimulatedDevice;
import io.github.vedirect.simulator.Simulators;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: streams on which the device changes, as on a replay of several captures, a
 * {@code tcp:} serial server whose cable is moved, or a USB isolator that keeps the port open. Each
 * segment is a run of one device's blocks, cut anywhere between blocks, taken from a real capture
 * (src/test/resources/captures), from one of the simulator's devices, or from the generators of
 * {@link DeviceStreams}. The stream records what it sent and which blocks damage touched, so a
 * decoder's output can be judged against it.
 *
 * <p>Everything is drawn from a {@link Random}, so a stream is reproduced from its seed.
 */
final class DeviceChanges {

    private DeviceChanges() {
    }

    /** One block as sent: HEX frames before it, its own bytes (HEX inside included), HEX frames after it. */
    record Unit(byte[] before, byte[] block, byte[] after, VeDirectBlock sent) {
    }

    /** A run of one device's blocks. */
    record Segment(String source, List<Unit> units) {
    }

    /** Where a segment's blocks come from. */
    interface Source {

        String name();

        /** Between {@code min} and {@code max} blocks of this device, starting anywhere in its cycle. */
        Segment draw(Random random, int min, int max);
    }

    // ---------------------------------------------------------------------------------------------
    // Real captures

    private static final Pattern HEX_FRAME = Pattern.compile(":[0-9A-F]+\n");
    private static final Pattern FIELD = Pattern.compile("\r\n([^\t\r\n:]+)\t([^\r\n:]*)");

    /**
     * The intact blocks of a byte stream whose blocks have no HEX inside (every capture and every
     * simulator tick), with the well-formed HEX frames between them; junk and fragments left out.
     * Found with a parser of its own, not the decoder under test: a block is a run of CR LF
     * label TAB value fields ending in CR LF "Checksum" TAB and one byte, whose bytes sum to 0.
     */
    static List<Unit> units(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Unit> units = new ArrayList<>();
        int chunkStart = 0;
        for (int at = text.indexOf("\r\nChecksum\t"); at >= 0 && at + 11 < text.length();
             at = text.indexOf("\r\nChecksum\t", at + 1)) {
            int end = at + 12;
            String chunk = text.substring(chunkStart, end);
            // The block is the longest run of well-formed fields before the checksum.
            int start = at - chunkStart;
            while (true) {
                int previous = chunk.lastIndexOf("\r\n", start - 1);
                if (previous < 0 || chunk.startsWith("\r\nChecksum\t", previous) || !FIELD.matcher(chunk.substring(previous, start)).matches()) {
                    break;
                }
                start = previous;
            }
            String block = chunk.substring(start);
            if (start < at - chunkStart && sum(block) == 0) {
                LinkedHashMap<String, String> fields = new LinkedHashMap<>();
                Matcher field = FIELD.matcher(block.substring(0, block.length() - 12));
                boolean repeated = false;
                while (field.find()) {
                    repeated |= fields.put(field.group(1), field.group(2)) != null;
                }
                VeDirectBlock sent = VeDirectBlock.of(fields);
                if (!repeated && new String(sent.toBytes(), StandardCharsets.ISO_8859_1).equals(block)) {
                    units.add(new Unit(hexFramesIn(chunk.substring(0, start)), iso(block), new byte[0], sent));
                }
            }
            chunkStart = end;
        }
        if (!units.isEmpty()) {
            Unit last = units.remove(units.size() - 1);
            units.add(new Unit(last.before(), last.block(), hexFramesIn(text.substring(chunkStart)), last.sent()));
        }
        return units;
    }

    private static byte[] hexFramesIn(String text) {
        StringBuilder frames = new StringBuilder();
        Matcher frame = HEX_FRAME.matcher(text);
        while (frame.find()) {
            frames.append(frame.group());
        }
        return iso(frames.toString());
    }

    private static int sum(String text) {
        int sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += text.charAt(i);
        }
        return sum & 0xFF;
    }

    private static byte[] iso(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A capture replayed in a loop from any of its blocks, as a replay or an emulator would. */
    record CaptureSource(String file, List<Unit> all) implements Source {

        @Override
        public String name() {
            return "capture " + file;
        }

        @Override
        public Segment draw(Random random, int min, int max) {
            int first = random.nextInt(all.size());
            int count = min + random.nextInt(max - min + 1);
            List<Unit> units = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                units.add(all.get((first + i) % all.size()));
            }
            return new Segment(name() + " from block " + first, units);
        }
    }

    /** Every capture with at least one intact block. */
    static List<Source> captures() {
        List<Source> sources = new ArrayList<>();
        for (Captures.Capture capture : Captures.all()) {
            List<Unit> units = units(capture.bytes());
            if (capture.valid() > 0) {
                if (units.size() != capture.valid()) {
                    throw new AssertionError(capture + ": found " + units.size() + " intact blocks, SOURCES.md says " + capture.valid());
                }
                sources.add(new CaptureSource(capture.file(), List.copyOf(units)));
            }
        }
        return sources;
    }

    // ---------------------------------------------------------------------------------------------
    // Simulated devices

    /** One of the simulator's devices, started with a drawn seed at a drawn time of day. */
    record SimulatorSource(String model) implements Source {

        @Override
        public String name() {
            return "simulator " + model;
        }

        @Override
        public Segment draw(Random random, int min, int max) {
            long seed = random.nextLong();
            SimulatedDevice device = Simulators.create(model, seed, ZoneOffset.UTC);
            Instant now = Instant.parse("2024-06-21T00:00:00Z").plusSeconds(random.nextInt(86_400));
            // The device was already sending when the segment starts: drop some ticks to start anywhere in its cycle.
            int skip = random.nextInt(3);
            int count = min + random.nextInt(max - min + 1);
            List<Unit> units = new ArrayList<>();
            for (int tick = 0; units.size() < count; tick++) {
                List<Unit> sent = units(device.nextTick(now.plusSeconds(tick)));
                if (sent.size() != 1) {
                    throw new AssertionError(name() + " tick " + tick + ": " + sent.size() + " blocks");
                }
                if (tick >= skip) {
                    units.addAll(sent);
                }
            }
            return new Segment(name() + " seed " + seed + " from tick " + skip, units);
        }
    }

    static List<Source> simulators() {
        return Simulators.models().stream().<Source>map(SimulatorSource::new).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // Generated devices

    /** A device of one family drawn by {@link DeviceStreams}, with HEX frames between and inside blocks. */
    record GeneratedSource(Family family) implements Source {

        @Override
        public String name() {
            return "generated " + family;
        }

        @Override
        public Segment draw(Random random, int min, int max) {
            DeviceStream stream = DeviceStreams.streams(DeviceStreams.devices(family), 0, 1 + max, 1 + max,
                    DeviceStreams.someForced()).generator(1000).next(random).value();
            int cycle = stream.device.cycle().size();
            int skip = random.nextInt(cycle);
            int count = min + random.nextInt(max - min + 1);
            List<Unit> units = new ArrayList<>();
            ByteArrayOutputStream before = new ByteArrayOutputStream();
            int blocks = 0;
            for (Item item : stream.items) {
                if (item instanceof HexItem hex) {
                    before.writeBytes(hex.bytes());
                } else if (item instanceof BlockItem block) {
                    if (blocks++ >= skip && units.size() < count) {
                        units.add(new Unit(before.toByteArray(), block.bytes(), new byte[0], block.block()));
                    }
                    before.reset();
                }
            }
            return new Segment(name() + " " + stream.device + " from block " + skip, units);
        }
    }

    static List<Source> generated() {
        List<Source> sources = new ArrayList<>();
        for (Family family : Family.values()) {
            sources.add(new GeneratedSource(family));
        }
        return sources;
    }

    static List<Source> allSources() {
        List<Source> sources = new ArrayList<>(captures());
        sources.addAll(simulators());
        sources.addAll(generated());
        return sources;
    }

    // ---------------------------------------------------------------------------------------------
    // Streams

    /** Segments in the order sent, and the faults by block number (0 is the stream's first block). */
    record Stream(List<Segment> segments, TreeMap<Integer, Fault> faults) {

        List<Unit> units() {
            List<Unit> units = new ArrayList<>();
            segments.forEach(segment -> units.addAll(segment.units()));
            return units;
        }

        List<VeDirectBlock> sent() {
            return units().stream().map(Unit::sent).toList();
        }

        /**
         * The blocks no damage touched. A fault touches its own block and, when it hits that block's
         * checksum field (CR LF "Checksum" TAB and the byte) or cuts the block off (which takes the
         * checksum field with it), the next block too: the checksum field is the only mark of where
         * a block ends and the next begins, so without it the next block's bytes run on from the
         * damaged one's, and where they start can only be known from the next block's shape, which
         * a device just come on the line has not shown yet. A block that merely follows a damaged
         * one whose checksum field came through is not touched.
         */
        boolean[] clean() {
            List<Unit> units = units();
            boolean[] clean = new boolean[units.size()];
            Arrays.fill(clean, true);
            faults.forEach((block, fault) -> {
                clean[block] = false;
                if (block + 1 < clean.length && cutsBoundary(fault, units.get(block).block())) {
                    clean[block + 1] = false;
                }
            });
            return clean;
        }

        /**
         * The blocks a decoder can be held to: the {@link #clean} ones, less the first clean block of a
         * shape the device before did not send, from a device with the same PID and SER# (or none, as a
         * SmartShunt sends) as the one before it. On the line that is one device whose firmware changed
         * its block shape (the simulated SmartShunt with MON, then a real one without): its first block
         * of the new shape could be a join of the old shapes' head and a tail (issue 18), the decoder
         * holds it back until the shape is confirmed, and issue 18 lets such a change lose that one block.
         */
        boolean[] knowable() {
            boolean[] knowable = clean();
            int block = 0;
            Segment before = null;
            for (Segment segment : segments) {
                if (before != null && sameIdentity(before, segment)) {
                    List<List<String>> shapes = before.units().stream().map(unit -> unit.sent().labels()).toList();
                    for (int i = 0; i < segment.units().size(); i++) {
                        if (knowable[block + i] && !shapes.contains(segment.units().get(i).sent().labels())) {
                            knowable[block + i] = false;
                            break;
                        }
                    }
                }
                block += segment.units().size();
                before = segment;
            }
            return knowable;
        }

        /** Clean blocks a decoder cannot be held to ({@link #knowable}). */
        int excused() {
            boolean[] clean = clean();
            boolean[] knowable = knowable();
            int excused = 0;
            for (int i = 0; i < clean.length; i++) {
                excused += clean[i] && !knowable[i] ? 1 : 0;
            }
            return excused;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Unit> units = units();
            for (int i = 0; i < units.size(); i++) {
                Unit unit = units.get(i);
                Fault fault = faults.get(i);
                out.writeBytes(unit.before());
                out.writeBytes(fault == null ? unit.block() : fault.apply(unit.block()));
                out.writeBytes(unit.after());
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            int block = 0;
            for (Segment segment : segments) {
                text.append("\n").append(segment.source());
                for (Unit unit : segment.units()) {
                    Fault fault = faults.get(block);
                    text.append("\n  #").append(block++).append(' ').append(unit.sent().labels());
                    if (fault != null) {
                        text.append("  DAMAGED: ").append(fault.describe(unit.block()));
                        if (cutsBoundary(fault, unit.block())) {
                            text.append(", the next block's start with it");
                        }
                    }
                }
            }
            return text.append("\n  bytes: ").append(DeviceStreams.javaLiteral(bytes())).toString();
        }
    }

    /**
     * Two to five segments from drawn sources, each a different device than the one before it, each
     * 1 to 6 blocks long. With {@code damage}, after a clean first segment of at least four blocks, each
     * block is damaged with probability 2/5 by one {@link DeviceStreams#faults()} fault, never two
     * blocks in a row (the block after a damaged one is where recovery is judged), whichever device sent them.
     */
    static Stream stream(Random random, List<Source> sources, boolean damage) {
        List<Segment> segments = new ArrayList<>();
        int count = 2 + random.nextInt(4);
        Source previous = null;
        for (int s = 0; s < count; s++) {
            Source source;
            do {
                source = sources.get(random.nextInt(sources.size()));
            } while (source == previous);
            segments.add(source.draw(random, s == 0 && damage ? 4 : 1, 6));
            previous = source;
        }
        return new Stream(segments, damage ? faults(random, segments.get(0).units().size(),
                segments.stream().mapToInt(segment -> segment.units().size()).sum()) : new TreeMap<>());
    }

    /** Two given sources, one after the other. */
    static Stream pair(Random random, Source first, Source second, boolean damage) {
        List<Segment> segments = List.of(first.draw(random, 4, 6), second.draw(random, 1, 6));
        return new Stream(segments, damage ? faults(random, segments.get(0).units().size(),
                segments.get(0).units().size() + segments.get(1).units().size()) : new TreeMap<>());
    }

    /** "\r\nChecksum\t" and the checksum byte. */
    private static final int CHECKSUM_FIELD_LENGTH = 12;

    /** Does the fault hit the block's checksum field or cut the block off, so that the next block's start is lost with it? */
    /** Do both segments' devices give the same PID, and the same SER# or none? Then the line cannot tell them apart. */
    private static boolean sameIdentity(Segment first, Segment second) {
        String pid = identity(first, "PID");
        return pid != null && pid.equals(identity(second, "PID"))
                && java.util.Objects.equals(identity(first, "SER#"), identity(second, "SER#"));
    }

    private static String identity(Segment segment, String label) {
        return segment.units().stream().map(Unit::sent).filter(block -> block.has(label))
                .map(block -> block.get(label)).findFirst().orElse(null);
    }

    static boolean cutsBoundary(Fault fault, byte[] block) {
        return fault.kind() == DeviceStreams.FaultKind.TRUNCATE || fault.position(block) >= block.length - CHECKSUM_FIELD_LENGTH;
    }

    private static TreeMap<Integer, Fault> faults(Random random, int warmup, int blocks) {
        TreeMap<Integer, Fault> faults = new TreeMap<>();
        for (int block = warmup; block < blocks; block++) {
            if (random.nextInt(5) < 2 && !faults.containsKey(block - 1)) {
                faults.put(block, DeviceStreams.faults().generator(1000).next(random).value());
            }
        }
        return faults;
    }

    // ---------------------------------------------------------------------------------------------
    // Judging

    /**
     * What a decoder made of a stream: the blocks it can be held to ({@link Stream#knowable}) sent and
     * emitted, blocks emitted that were never sent intact, and the same count over every clean block
     * (those a firmware change may lose included).
     */
    record Score(int intact, int intactEmitted, int wrong, int clean, int cleanEmitted) {

        static final Score NONE = new Score(0, 0, 0, 0, 0);

        Score plus(Score other) {
            return new Score(intact + other.intact, intactEmitted + other.intactEmitted, wrong + other.wrong,
                    clean + other.clean, cleanEmitted + other.cleanEmitted);
        }

        double recall() {
            return intact == 0 ? 1 : (double) intactEmitted / intact;
        }

        @Override
        public String toString() {
            return String.format("recall %.4f (%d of %d intact blocks), %d wrong blocks; %d of %d clean blocks"
                    + " (the first of a new shape after a change to a device with the same PID and SER# included)",
                    recall(), intactEmitted, intact, wrong, cleanEmitted, clean);
        }
    }

    /**
     * Pairs emitted blocks with sent ones in order. An emitted block equal to no sent block after the
     * ones paired before it (greedily) is wrong. Intact blocks emitted: the most knowable sent blocks any
     * in-order pairing covers (the longest common subsequence, counting knowable blocks), since a capture
     * may send equal blocks and a greedy pairing would pair an emitted block with an equal damaged one.
     * A damaged block that came through unchanged (a doubled 0x00 checksum byte) is not wrong, and
     * counts for nothing.
     */
    static Score score(Stream stream, List<VeDirectBlock> emitted) {
        List<VeDirectBlock> sent = stream.sent();
        int next = 0;
        int wrong = 0;
        for (VeDirectBlock block : emitted) {
            int match = next;
            while (match < sent.size() && !sent.get(match).equals(block)) {
                match++;
            }
            if (match == sent.size()) {
                wrong++;
            } else {
                next = match + 1;
            }
        }
        boolean[] knowable = stream.knowable();
        boolean[] clean = stream.clean();
        return new Score(count(knowable), covered(sent, knowable, emitted), wrong, count(clean), covered(sent, clean, emitted));
    }

    /**
     * Why a clean stream was not decoded exactly, or null: every block sent comes out, in order, and
     * nothing else, except that a block {@link Stream#knowable} excuses may be held back (counted as
     * malformed, no more than it excuses); no checksum error.
     */
    static String notDecodedExactly(Stream stream, List<VeDirectBlock> emitted, DecoderStats stats) {
        String problem = VeDirectDecoderProperties.Emission.notASubsequence(stream.sent(), emitted);
        if (problem == null) {
            problem = VeDirectDecoderProperties.Emission.undamagedBlockLost(stream.sent(), stream.knowable(), emitted);
        }
        if (problem == null && (stats.checksumErrors() != 0 || stats.malformed() > stream.excused())) {
            problem = "blocks given up in a clean stream: " + stats;
        }
        return problem;
    }

    private static int count(boolean[] flags) {
        int count = 0;
        for (boolean flag : flags) {
            count += flag ? 1 : 0;
        }
        return count;
    }

    /** The most counted sent blocks an in-order pairing with the emitted ones covers. */
    private static int covered(List<VeDirectBlock> sent, boolean[] counted, List<VeDirectBlock> emitted) {
        int[][] most = new int[sent.size() + 1][emitted.size() + 1];
        for (int i = 1; i <= sent.size(); i++) {
            for (int j = 1; j <= emitted.size(); j++) {
                most[i][j] = Math.max(most[i - 1][j], most[i][j - 1]);
                if (sent.get(i - 1).equals(emitted.get(j - 1))) {
                    most[i][j] = Math.max(most[i][j], most[i - 1][j - 1] + (counted[i - 1] ? 1 : 0));
                }
            }
        }
        return most[sent.size()][emitted.size()];
    }
}
