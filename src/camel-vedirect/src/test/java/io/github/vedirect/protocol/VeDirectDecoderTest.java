package io.github.vedirect.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Situations the captures do not contain, each built from the protocol document's rules. */
class VeDirectDecoderTest {

    private final CaptureDecodingTest.Recorder recorder = new CaptureDecodingTest.Recorder();
    private final VeDirectDecoder decoder = new VeDirectDecoder(recorder);

    private static VeDirectBlock block(String... labelsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            fields.put(labelsAndValues[i], labelsAndValues[i + 1]);
        }
        return VeDirectBlock.of(fields);
    }

    private static VeDirectBlock main(int millivolts) {
        return block("PID", "0xA053", "FW", "156", "SER#", "HQ1942K7LJ8", "V", Integer.toString(millivolts), "I", "-120",
                "VPV", "10", "PPV", "0", "CS", "0", "ERR", "0", "LOAD", "ON", "IL", "0", "H19", "3", "HSDS", "3");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Feeds two clean blocks so that the decoder trusts the device's block shape. */
    private void warmUp() {
        decoder.feed(concat(main(12000).toBytes(), main(12001).toBytes()));
        assertEquals(2, recorder.blocks.size());
        recorder.blocks.clear();
    }

    @Test
    void hexFrameInsideABlockIsTakenOutOfTheTextAndTheSum() {
        byte[] wire = main(12450).toBytes();
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        // Older firmware interrupts a block like this (emonhub#160): HEX frames between a value and the next CR.
        int cut = text.indexOf("\r\nERR");
        byte[] interrupted = concat(ascii(text.substring(0, cut)), ascii(":ADBED001A0D5C\n:A0202000200000045\n"),
                ascii(text.substring(cut)));
        decoder.feed(interrupted);
        assertEquals(List.of(main(12450)), recorder.blocks);
        assertEquals(2, recorder.frames.size());
        assertEquals(0xEDDB, recorder.frames.get(0).registerId());
        assertEquals(0x0202, recorder.frames.get(1).registerId());
    }

    @Test
    void hexFramesStraightAfterTheChecksumByteDoNotDisturbTheNextBlock() {
        decoder.feed(concat(main(1).toBytes(), ascii(":A2001002200000008\n:ADBED00750806\n"), main(2).toBytes()));
        assertEquals(List.of(main(1), main(2)), recorder.blocks);
        assertEquals(2, recorder.frames.size());
    }

    @Test
    void everyAwkwardChecksumByteIsStillTheChecksum() {
        for (int wanted : new int[] {':', '\r', '\n', '\t', 0}) {
            VeDirectBlock forced = null;
            // Two printable characters reach every sum mod 256.
            for (char a = '!'; forced == null && a < 0x7F; a++) {
                for (char b = '!'; forced == null && b < 0x7F; b++) {
                    VeDirectBlock candidate = block("PID", "0x203", "V", "12800", "XPAD", "" + a + b);
                    if (candidate.checksum() == wanted) {
                        forced = candidate;
                    }
                }
            }
            CaptureDecodingTest.Recorder seen = new CaptureDecodingTest.Recorder();
            VeDirectDecoder fresh = new VeDirectDecoder(seen);
            fresh.feed(concat(forced.toBytes(), forced.toBytes(), ascii(":154\n"), forced.toBytes()));
            assertEquals(List.of(forced, forced, forced), seen.blocks, () -> "checksum byte " + wanted);
            assertEquals(1, seen.frames.size());
        }
    }

    @Test
    void protocolLimitsPassAndFarLongerFieldsAreDropped() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            fields.put("F" + i, "1");
        }
        fields.put("LABEL6789", "x".repeat(33));
        VeDirectBlock widest = VeDirectBlock.of(fields);
        decoder.feed(widest.toBytes());
        assertEquals(List.of(widest), recorder.blocks);

        VeDirectBlock longLabel = block("PID", "0x203", "L".repeat(VeDirectDecoder.MAX_LABEL_LENGTH + 1), "1");
        VeDirectBlock longValue = block("PID", "0x203", "V", "9".repeat(VeDirectDecoder.MAX_VALUE_LENGTH + 1));
        decoder.feed(concat(longLabel.toBytes(), longValue.toBytes()));
        assertEquals(1, recorder.blocks.size(), "checksums are right, but no device sends such fields");
        assertEquals(2, decoder.stats().malformed());
    }

    @Test
    void nonPrintableByteDropsTheBlockWhateverItsChecksumSays() {
        VeDirectBlock withControl = block("PID", "0x203", "V", "12\u000100");
        decoder.feed(concat(withControl.toBytes(), main(5).toBytes()));
        assertEquals(List.of(main(5)), recorder.blocks);
    }

    @Test
    void unknownLabelsAndMixedCasePass() {
        VeDirectBlock odd = block("PID", "0xA442", "Alarm", "OFF", "NEWFIELD", "42", "hc#", "x");
        decoder.feed(odd.toBytes());
        assertEquals(List.of(odd), recorder.blocks);
        assertEquals("OFF", recorder.blocks.get(0).get("Alarm"));
        assertEquals(null, recorder.blocks.get(0).get("ALARM"));
    }

    @Test
    void resetAfterSilenceForgetsHalfABlock() {
        byte[] wire = main(7).toBytes();
        decoder.feed(wire, 0, wire.length / 2);
        assertTrue(decoder.isMidBlock());
        decoder.reset();
        assertFalse(decoder.isMidBlock());
        // The second half alone must not pass, and the next whole block must.
        decoder.feed(wire, wire.length / 2, wire.length - wire.length / 2);
        decoder.feed(main(8).toBytes());
        assertEquals(List.of(main(8)), recorder.blocks);
        assertEquals(1, decoder.stats().malformed());
    }

    @Test
    void blockCutShortByTheNextOneLosesOnlyItself() {
        warmUp();
        byte[] cut = main(100).toBytes();
        decoder.feed(concat(java.util.Arrays.copyOf(cut, 60), main(101).toBytes(), main(102).toBytes()));
        assertEquals(List.of(main(101), main(102)), recorder.blocks);
    }

    @Test
    void lostChecksumByteLosesOnlyItsBlock() {
        warmUp();
        byte[] wire = main(200).toBytes();
        decoder.feed(concat(java.util.Arrays.copyOf(wire, wire.length - 1), main(201).toBytes()));
        assertEquals(List.of(main(201)), recorder.blocks);
    }

    @Test
    void tailOfABlockJoinedMidwayIsNeverEmitted() {
        warmUp();
        String text = new String(main(300).toBytes(), StandardCharsets.ISO_8859_1);
        // Whatever the tail's sum, a block cannot start with a label the device only sends inside blocks.
        for (int start = text.indexOf("\r\nV\t"); start > 0; start = text.indexOf("\r\n", start + 1)) {
            decoder.reset();
            decoder.feed(ascii(text.substring(start)));
        }
        assertEquals(List.of(), recorder.blocks);
        decoder.feed(main(301).toBytes());
        assertEquals(List.of(main(301)), recorder.blocks);
    }

    @Test
    void overlongOrBrokenHexFramesDoNotTakeTheNextBlockDown() {
        decoder.feed(concat(ascii(":A" + "0".repeat(150) + "\n"), main(1).toBytes(), ascii(":A01zz\r"), main(2).toBytes(),
                ascii(":A0102000542\n"), main(3).toBytes()));
        assertEquals(List.of(main(1), main(2), main(3)), recorder.blocks);
        assertEquals(0, recorder.frames.size());
        assertEquals(3, decoder.stats().hexErrors());
    }

    @Test
    void brokenHexFrameInsideABlockCondemnsTheBlock() {
        String text = new String(main(9).toBytes(), StandardCharsets.ISO_8859_1);
        int cut = text.indexOf("\r\nERR");
        // A byte damaged into ':' mid-block: even if what is left happened to sum right, it is not what was sent.
        decoder.feed(concat(ascii(text.substring(0, cut)), ascii(":A01"), ascii(text.substring(cut))));
        assertEquals(List.of(), recorder.blocks);
    }

    @Test
    void byteBufferFeedingMatchesArrayFeeding() {
        byte[] wire = Captures.read("karioja_vedirect_bluesolar_1.23.bin");
        decoder.feed(ByteBuffer.wrap(wire));
        assertEquals(248, recorder.blocks.size());
        assertEquals(wire.length, decoder.stats().bytes());
    }

    @Test
    void noiseIsCountedAndNeverEmitted() {
        java.util.Random random = new java.util.Random(1);
        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        decoder.feed(noise);
        decoder.feed(main(1).toBytes());
        assertEquals(List.of(main(1)), recorder.blocks.subList(recorder.blocks.size() - 1, recorder.blocks.size()));
        assertTrue(decoder.stats().skippedBytes() > 100_000);
    }
}
