package io.github.vedirect.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vedirect.protocol.DeviceChanges.Score;
import io.github.vedirect.protocol.DeviceChanges.Source;
import io.github.vedirect.protocol.DeviceChanges.Stream;
import io.github.vedirect.protocol.DeviceStreams.Recorder;
import io.github.vedirect.protocol.VeDirectDecoderProperties.Emission;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * One decoder for a port's whole life while the device on the line changes (issue 9): every real
 * capture, simulated device and generated device followed by every other, in both orders, clean and
 * damaged, and longer streams of several devices. Judged against what each stream records it sent:
 * no block that was not sent intact, and every intact block out. Seeds are fixed so that a failure
 * is reproduced (jqwik examples, because the streams are drawn with jqwik generators); the recall and wrong-block counts of each run are printed.
 */
class DeviceChangeTest {

    private static final List<Source> SOURCES = DeviceChanges.allSources();

    @Example
    void theCapturesAndSimulatorsTheStreamsAreBuiltFromAreAllThere() {
        // 17 captures with text blocks, 5 simulated devices (bmv702, smartshunt, mppt, mppt-split, bmv712), 8 generated families.
        assertEquals(17 + 5 + 8, SOURCES.size(), () -> SOURCES.stream().map(Source::name).toList().toString());
    }

    @Example
    void everyDeviceFollowedByEveryOtherCleanDecodesExactly() {
        Random random = new Random(9);
        List<String> failures = new ArrayList<>();
        Score total = Score.NONE;
        for (Source first : SOURCES) {
            for (Source second : SOURCES) {
                if (first != second) {
                    Stream stream = DeviceChanges.pair(random, first, second, false);
                    Recorder recorder = new Recorder();
                    VeDirectDecoder decoder = new VeDirectDecoder(recorder);
                    decoder.feed(stream.bytes());
                    total = total.plus(DeviceChanges.score(stream, recorder.blocks));
                    String problem = DeviceChanges.notDecodedExactly(stream, recorder.blocks, decoder.stats());
                    if (problem != null) {
                        failures.add(first.name() + " then " + second.name() + ": " + problem + stream);
                    }
                }
            }
        }
        report("clean pairs", total, failures);
    }

    @Example
    void everyDeviceFollowedByEveryOtherDamagedLosesOnlyDamagedBlocks() {
        Random random = new Random(99);
        List<String> failures = new ArrayList<>();
        Score total = Score.NONE;
        for (int round = 0; round < 2; round++) {
            for (Source first : SOURCES) {
                for (Source second : SOURCES) {
                    if (first != second) {
                        Stream stream = DeviceChanges.pair(random, first, second, true);
                        total = total.plus(judge(stream, failures));
                    }
                }
            }
        }
        report("damaged pairs", total, failures);
    }

    @Example
    void streamsOfSeveralDevicesCleanDecodeExactly() {
        Random random = new Random(2024);
        List<String> failures = new ArrayList<>();
        Score total = Score.NONE;
        for (int i = 0; i < 1000; i++) {
            Stream stream = DeviceChanges.stream(random, SOURCES, false);
            Recorder recorder = new Recorder();
            VeDirectDecoder decoder = new VeDirectDecoder(recorder);
            decoder.feed(stream.bytes());
            total = total.plus(DeviceChanges.score(stream, recorder.blocks));
            String problem = DeviceChanges.notDecodedExactly(stream, recorder.blocks, decoder.stats());
            if (problem != null) {
                failures.add("stream " + i + ": " + problem + stream);
            }
        }
        report("clean multi-device streams", total, failures);
    }

    @Example
    void streamsOfSeveralDevicesDamagedLoseOnlyDamagedBlocks() {
        Random random = new Random(4096);
        List<String> failures = new ArrayList<>();
        Score total = Score.NONE;
        for (int i = 0; i < 1000; i++) {
            total = total.plus(judge(DeviceChanges.stream(random, SOURCES, true), failures));
        }
        report("damaged multi-device streams", total, failures);
    }

    /**
     * A longer run, off by default: {@code -Ddevicechange.rounds=20} adds 20 rounds of 1000 damaged
     * multi-device streams, round r drawn from seed 100000 + r (docs/reliability.md's 20000 streams).
     */
    @Example
    void longerRunsOfStreamsOfSeveralDevicesDamaged() {
        int rounds = Integer.getInteger("devicechange.rounds", 0);
        List<String> failures = new ArrayList<>();
        Score total = Score.NONE;
        for (int round = 1; round <= rounds; round++) {
            Random random = new Random(100_000 + round);
            for (int i = 0; i < 1000; i++) {
                total = total.plus(judge(DeviceChanges.stream(random, SOURCES, true), failures));
            }
        }
        if (rounds > 0) {
            report(rounds + "000 more damaged multi-device streams", total, failures);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The two wrong blocks of the damaged multi-device streams (seed 4096, streams 66 and 111), shrunk
    // by hand. Both are a new device's damaged first block whose leftover summed right (1 in 256)
    // while the decoder knew nothing of the new device's shapes.

    private static VeDirectBlock block(String... labelsAndValues) {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            fields.put(labelsAndValues[i], labelsAndValues[i + 1]);
        }
        return VeDirectBlock.of(fields);
    }

    private static final VeDirectBlock MPPT = block("PID", "0xA042", "FW", "123", "SER#", "HQ1411MYIKN", "V", "12530",
            "I", "590", "VPV", "32000", "PPV", "7", "CS", "3", "ERR", "0", "LOAD", "ON", "H19", "8272", "HSDS", "274");
    private static final VeDirectBlock BMV_MAIN = block("PID", "0xA389", "V", "12282", "I", "-2288", "P", "-28",
            "CE", "-74900", "SOC", "916", "TTG", "10350", "Alarm", "OFF", "Relay", "OFF", "AR", "0", "BMV", "SmartShunt 500A/50mV", "FW", "0405");
    private static final VeDirectBlock BMV_HISTORY = block("H1", "-76138", "H2", "-76138", "H3", "0", "H4", "0",
            "H5", "0", "H6", "-1876218", "H17", "2404", "H18", "2415");

    private static List<VeDirectBlock> decodeAll(String... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String part : parts) {
            bytes.writeBytes(part.getBytes(StandardCharsets.ISO_8859_1));
        }
        Recorder recorder = new Recorder();
        new VeDirectDecoder(recorder).feed(bytes.toByteArray());
        return recorder.blocks;
    }

    private static String text(VeDirectBlock block) {
        return new String(block.toBytes(), StandardCharsets.ISO_8859_1);
    }

    private static int sum(String text) {
        int sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += text.charAt(i);
        }
        return sum & 0xFF;
    }

    /**
     * A new device's main block cut off before its checksum field, so its history block runs on from
     * the cut: when the head sums to 0 mod 256 the whole run sums right too, and was emitted as one
     * block (PID, V, H1, H2, ...) that no device sent. H1 opens blocks and sits nowhere else, so two
     * readings sum right (one block, or a head and a history block) and neither is emitted: the
     * history block is lost with the main block, whose checksum field went.
     */
    @Example
    void aBlockCutShortWhoseHeadSumsRightIsNotGluedToTheNextBlock() {
        String head = "\r\nPID\t0xA389\r\nV\t";
        assertEquals(0, sum(head), "the case needs a head that sums to 0 mod 256");
        assertEquals(List.of(MPPT, MPPT, BMV_MAIN),
                decodeAll(text(MPPT), text(MPPT), head, text(BMV_HISTORY), text(BMV_MAIN)));
    }

    /**
     * A new device's first block with a TAB doubled after FW: the decoder gives the field up and
     * restarts at the next field, SER#. When the fields given up sum to 0 mod 256 the rest sums right
     * and was emitted (SER#, MODE, ...), as the shapes learned from the previous device said nothing
     * against SER#. After damage a block must open as the protocol or the device's own shapes say.
     */
    @Example
    void theTailOfANewDevicesDamagedBlockIsNotEmittedWhenItSumsRight() {
        String head = "\r\nPID\t0xA2AA\r\nFW\t799";
        assertEquals(0, sum(head), "the case needs a head that sums to 0 mod 256");
        VeDirectBlock inverter = block("PID", "0xA2AA", "FW", "799", "SER#", "HQ1544JWK7Y", "MODE", "5", "CS", "2",
                "AC_OUT_V", "22073", "AC_OUT_I", "0", "AC_OUT_S", "576", "V", "14767", "AR", "0", "WARN", "0", "OR", "0x00000009");
        String damaged = text(inverter).replace("FW\t", "FW\t\t");
        assertEquals(List.of(BMV_MAIN, BMV_HISTORY, BMV_MAIN, BMV_HISTORY, inverter),
                decodeAll(text(BMV_MAIN), text(BMV_HISTORY), text(BMV_MAIN), text(BMV_HISTORY), damaged, text(inverter)));
    }

    /**
     * A block damaged inside a value whose checksum byte is CR: the decoder cannot tell at once
     * whether that CR is the checksum byte or the next block's first byte (the checksum byte lost).
     * The next byte, CR and not LF, says the former: the next block starts where a block can start,
     * not after damage, so a new device's block is taken although it opens with a label the previous
     * device had inside its blocks (damaged pairs, seed 99, stream 667).
     */
    @Example
    void aDamagedBlockWhoseChecksumByteIsCrDoesNotCostTheNextBlock() {
        VeDirectBlock first = block("PID", "0xA06C", "FWE", "316FF", "SER#", "HQ2247EP3FN", "V", "13120", "I", "1014",
                "VPV", "103880", "PPV", "100", "MPPT", "2", "CS", "3", "OR", "0x00000000");
        assertEquals('\r', first.toBytes()[first.toBytes().length - 1], "the case needs CR as the checksum byte");
        VeDirectBlock second = block("ERR", "0", "LOAD", "ON", "Relay", "OFF", "H19", "1158", "H20", "77", "H21", "479",
                "H22", "135", "H23", "525", "HSDS", "2");
        String damaged = text(first).replace("HQ2247", "Q2247");
        assertEquals(List.of(MPPT, MPPT, second), decodeAll(text(MPPT), text(MPPT), damaged, text(second)));
    }

    /**
     * A history block with one byte lost, "H10" turned "H1": a second H1 in the block, from which
     * the rest summed right. H1 only opens blocks, but one lost byte makes it out of H10 to H18 (or
     * MPPT's H19), so it is not trusted to start a block inside a candidate on its own (found by a
     * longer run of damaged multi-device streams, seed 100020, stream 331).
     */
    @Example
    void aLabelThatOnlyOpensBlocksMadeByDamageDoesNotStartABlock() {
        VeDirectBlock main = block("PID", "0xA389", "V", "26624", "VS", "-1", "I", "0", "P", "0", "CE", "0", "SOC",
                "1000", "TTG", "-1", "Alarm", "OFF", "AR", "0", "BMV", "SmartShunt 500A/50mV", "FW", "0405");
        VeDirectBlock history = block("H1", "-32914", "H2", "0", "H3", "0", "H4", "0", "H5", "0", "H6", "-35652",
                "H7", "12041", "H8", "14282", "H9", "0", "H10", "0", "H11", "0", "H12", "0", "H15", "-22", "H16", "0",
                "H17", "46", "H18", "48");
        String damaged = text(history).replace("H10\t", "H1\t");
        assertEquals(0, sum(damaged.substring(damaged.indexOf("\r\nH1\t0"))), "the case needs the rest to sum right");
        assertEquals(List.of(main, main), decodeAll(text(main), damaged, text(main)));
    }

    /**
     * A new split MPPT's first block cut off inside SER#, so its second block runs on from the cut;
     * the head sums to 0 mod 256, so the whole run sums right from a block boundary. The second block
     * was seen once already: two readings sum right (one block, or a head and that block), and
     * neither is emitted; the second block is lost with the first, whose checksum field went (seed
     * 100014, stream 891).
     */
    @Example
    void aBlockCutShortIsNotGluedToTheNextWhenTheNextIsAShapeSeenBefore() {
        VeDirectBlock first = block("PID", "0xA06C", "FWE", "316FF", "SER#", "HQ2247ZZ3FN", "V", "13120", "I", "7600",
                "VPV", "103880", "PPV", "412", "MPPT", "2", "CS", "3", "OR", "0x00000000");
        VeDirectBlock second = block("ERR", "0", "LOAD", "ON", "Relay", "OFF", "H19", "1158", "H20", "77", "H21", "479",
                "H22", "135", "H23", "525", "HSDS", "2");
        String head = text(first).substring(0, text(first).indexOf("ZZ") + 2);
        assertEquals(0, sum(head), "the case needs a head that sums to 0 mod 256");
        assertEquals(List.of(BMV_MAIN, first, second),
                decodeAll(text(BMV_MAIN), text(first), text(second), head, text(second)));
    }

    static Score judge(Stream stream, List<String> failures) {
        Recorder recorder = new Recorder();
        new VeDirectDecoder(recorder).feed(stream.bytes());
        String problem = Emission.notASubsequence(stream.sent(), recorder.blocks);
        if (problem == null) {
            problem = Emission.undamagedBlockLost(stream.sent(), stream.knowable(), recorder.blocks);
        }
        if (problem != null) {
            failures.add(problem + stream);
        }
        return DeviceChanges.score(stream, recorder.blocks);
    }

    private static void report(String what, Score total, List<String> failures) {
        System.out.println("[device change] " + what + ": " + total + "; " + failures.size() + " streams failed");
        assertTrue(failures.isEmpty(), () -> failures.size() + " streams failed; first:\n" + failures.get(0));
        assertEquals(0, total.wrong());
        assertEquals(total.intact(), total.intactEmitted());
    }
}
