package io.github.vedirect.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.vedirect.protocol.DeviceStreams.Chunking;
import io.github.vedirect.protocol.DeviceStreams.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of {@link VeDirectDecoder} with Jazzer: whatever bytes come down the line,
 * in whatever chunks, the decoder must not throw, must count every byte, must emit only blocks that
 * are well-formed and decode back to themselves, and must keep its memory bounded.
 *
 * <p>Input format, so that the fuzzer also chooses the chunking: byte 0 is a header {@code h};
 * {@code h & 3} chunk sizes follow, each one byte (size = value + 1), cycled over the stream (none:
 * the stream goes in as one chunk); {@code h & 4} feeds every second chunk as a ByteBuffer. The rest
 * is the byte stream. Seeds (real captures with a header byte) are in
 * {@code src/test/resources/io/github/vedirect/protocol/VeDirectDecoderFuzzTestInputs/decoderKeepsItsInvariantsOnAnyBytes/};
 * findings are written there too and replayed on every later run.
 *
 * <p>{@code mvn verify} runs without {@code JAZZER_FUZZ}, so the test only replays those inputs: the same
 * result every run. With {@code -Dfresh-seeds} the pom sets {@code JAZZER_FUZZ=1} and this really fuzzes,
 * for {@code fuzz.seconds} seconds (default 30; a campaign: {@code mvn test -Dtest=VeDirectDecoderFuzzTest
 * -Dfresh-seeds -Dfuzz.seconds=3600}). Jazzer 0.24 only takes a duration from {@link FuzzTest#maxDuration()}, a
 * compile-time constant, so the pom hands libFuzzer {@code -max_total_time=${fuzz.seconds}} through
 * the {@code jazzer.internal.arg.N} configuration parameters, which Jazzer appends last to libFuzzer's
 * command line; the {@code maxDuration} below only applies outside Maven (an IDE with JAZZER_FUZZ set).
 * The corpus a fuzzing run generates is kept in .cifuzz-corpus/ and is not read without JAZZER_FUZZ.
 */
class VeDirectDecoderFuzzTest {

    @DictionaryFile(resourcePath = "vedirect.dict")
    @FuzzTest(maxDuration = "30s")
    void decoderKeepsItsInvariantsOnAnyBytes(byte[] input) {
        int chunkCount = input.length == 0 ? 0 : input[0] & 3;
        int header = input.length == 0 ? 0 : Math.min(input.length, 1 + chunkCount);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < header; i++) {
            sizes.add((input[i] & 0xFF) + 1);
        }
        if (sizes.isEmpty()) {
            sizes.add(Integer.MAX_VALUE);
        }
        Chunking chunking = new Chunking(sizes, input.length > 0 && (input[0] & 4) != 0);
        byte[] stream = Arrays.copyOfRange(input, header, input.length);

        Recorder recorder = new Recorder();
        VeDirectDecoder decoder = new VeDirectDecoder(recorder);
        chunking.feed(decoder, stream);

        DecoderStats stats = decoder.stats();
        assertEquals(stream.length, stats.bytes(), "every byte fed is counted");
        assertEquals(recorder.blocks.size(), stats.blocks());
        assertEquals(recorder.frames.size(), stats.hexFrames());
        assertTrue(decoder.rememberedLabels() <= LabelTable.MAX_LABELS,
                () -> "label table bounded: " + decoder.rememberedLabels());
        for (VeDirectBlock block : recorder.blocks) {
            assertWellFormed(block);
            assertDecodesBackToItself(block);
        }
        for (HexFrame frame : recorder.frames) {
            assertTrue(frame.text().length() - 1 <= VeDirectDecoder.MAX_HEX_DIGITS, frame::text);
            assertEquals(frame, HexFrame.parse(frame.text()), "a HEX frame's text parses back to it");
        }

        // The decoder's state carries over between feed calls: byte at a time must give the same result.
        Recorder reference = new Recorder();
        VeDirectDecoder oneByOne = new VeDirectDecoder(reference);
        Chunking.BYTE_AT_A_TIME.feed(oneByOne, stream);
        assertEquals(reference.events, recorder.events, "chunking changed the output");
        assertEquals(oneByOne.stats(), stats);
    }

    /** What the protocol allows in a block, within the decoder's (doubled) limits. */
    private static void assertWellFormed(VeDirectBlock block) {
        assertTrue(block.size() >= 1 && block.size() <= VeDirectDecoder.MAX_FIELDS, () -> "field count " + block.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < block.size(); i++) {
            String label = block.label(i);
            String value = block.value(i);
            assertTrue(label.length() >= 1 && label.length() <= VeDirectDecoder.MAX_LABEL_LENGTH, () -> "label " + label);
            assertTrue(value.length() <= VeDirectDecoder.MAX_VALUE_LENGTH, () -> "value length " + value.length());
            // Labels have no spaces; values may. Neither can hold ':', which always opens a HEX frame.
            assertTrue(label.chars().allMatch(c -> c > ' ' && c < 0x7F && c != ':'), () -> "label " + label);
            assertTrue(value.chars().allMatch(c -> c >= ' ' && c < 0x7F && c != ':'), () -> "value " + value);
            assertNotEquals("Checksum", label);
            assertTrue(seen.add(label), () -> "label twice in one block: " + label);
        }
    }

    /** An emitted block is one a device could have sent: sent on its own, it comes back unchanged. */
    private static void assertDecodesBackToItself(VeDirectBlock block) {
        Recorder recorder = new Recorder();
        VeDirectDecoder fresh = new VeDirectDecoder(recorder);
        fresh.feed(block.toBytes());
        assertEquals(List.of(block), recorder.events, "re-encoded block");
        assertEquals(block.checksum(), recorder.blocks.get(0).checksum(), "checksum byte");
        assertEquals(new DecoderStats(block.toBytes().length, 1, 0, 0, 0, 0, 0), fresh.stats());
    }
}
