package io.github.vedirect.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real decoder on the real recordings: exactly the counts SOURCES.md states for each. */
class CaptureDecodingTest {

    static List<Captures.Capture> captures() {
        List<Captures.Capture> all = Captures.all();
        assertEquals(18, all.size(), "SOURCES.md rows parsed");
        return all;
    }

    static final class Recorder implements DecoderListener {
        final List<VeDirectBlock> blocks = new ArrayList<>();
        final List<HexFrame> frames = new ArrayList<>();

        @Override
        public void onBlock(VeDirectBlock block) {
            blocks.add(block);
        }

        @Override
        public void onHexFrame(HexFrame frame) {
            frames.add(frame);
        }
    }

    static Recorder decode(byte[] bytes, int chunk) {
        Recorder recorder = new Recorder();
        VeDirectDecoder decoder = new VeDirectDecoder(recorder);
        for (int i = 0; i < bytes.length; i += chunk) {
            decoder.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
        assertEquals(bytes.length, decoder.stats().bytes());
        assertEquals(recorder.blocks.size(), decoder.stats().blocks());
        assertEquals(recorder.frames.size(), decoder.stats().hexFrames());
        return recorder;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void findsExactlyTheValidBlocksAndHexFramesSourcesLists(Captures.Capture capture) {
        Recorder whole = decode(capture.bytes(), Integer.MAX_VALUE);
        assertEquals(capture.valid(), whole.blocks.size(), "valid blocks");
        assertEquals(capture.hex(), whole.frames.size(), "valid HEX frames");
        // Chunk boundaries must not matter: the serial port hands over whatever it has.
        Recorder byteAtATime = decode(capture.bytes(), 1);
        assertEquals(whole.blocks, byteAtATime.blocks);
        assertEquals(whole.frames, byteAtATime.frames);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyEmittedBlockReencodesToTheBytesSent(Captures.Capture capture) {
        String wire = new String(capture.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (VeDirectBlock block : decode(capture.bytes(), 4096).blocks) {
            String sent = new String(block.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            // A block with HEX inside is not contiguous on the wire; all real captures have HEX only between blocks.
            assertTrue(wire.contains(sent), () -> "not on the wire: " + block);
        }
    }

    @Test
    void bmv702BlocksKeepLabelCaseAndRawValues() {
        List<VeDirectBlock> blocks = decode(Captures.read("karioja_vedirect_bvm702.bin"), 512).blocks;
        Map<String, String> first = new LinkedHashMap<>();
        String[] fields = {"PID", "0x203", "V", "12065", "I", "-7625", "P", "-92", "CE", "-65473", "SOC", "839",
                "TTG", "942", "Alarm", "OFF", "Relay", "OFF", "AR", "0", "BMV", "700", "FW", "0308"};
        for (int i = 0; i < fields.length; i += 2) {
            first.put(fields[i], fields[i + 1]);
        }
        assertEquals(first, blocks.get(0).asMap());
        assertEquals(List.of("H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10", "H11", "H12", "H17", "H18"),
                blocks.get(1).labels());
        assertEquals(12.065, blocks.get(0).number("V").orElseThrow());
        assertEquals(-7.625, blocks.get(0).number("I").orElseThrow());
        assertEquals(83.9, blocks.get(0).number("SOC").orElseThrow());
        // The recording's seven ':' checksum bytes are what trips decoders that start HEX on every ':'.
        assertEquals(7, blocks.stream().filter(block -> block.checksum() == ':').count());
        for (int i = 0; i < blocks.size(); i++) {
            assertEquals(i % 2 == 0 ? "PID" : "H1", blocks.get(i).label(0), "main and history blocks alternate");
        }
    }

    @Test
    void orionXsBlockWithCarriageReturnChecksumIsKept() {
        List<VeDirectBlock> blocks = decode(Captures.read("KinDR007_VictronMPPT-ESPHOME_fake-orion-xs-0xa3f0.bin"), 7).blocks;
        assertEquals('\r', blocks.get(0).checksum());
        assertEquals("0xA3F0", blocks.get(0).get("PID"));
        assertEquals("0x00000009", blocks.get(1).get("OR"), "no input power + remote input, as the protocol notes say");
    }

    @Test
    void splitMpptRecordComesAsTwoBlocksWithHexBetween() {
        Recorder recorder = decode(Captures.read("KinDR007_VictronMPPT-ESPHOME_fake-smartsolar-mppt-150-70-rev3.bin"), 64);
        assertEquals(List.of("PID", "FWE", "SER#", "V", "I", "VPV", "PPV", "MPPT", "CS", "OR"), recorder.blocks.get(0).labels());
        assertEquals(List.of("ERR", "LOAD", "Relay", "H19", "H20", "H21", "H22", "H23", "HSDS"), recorder.blocks.get(1).labels());
        HexFrame uptime = recorder.frames.get(0);
        assertEquals(HexFrame.ASYNC, uptime.command());
        assertEquals(0x0120, uptime.registerId());
    }

    @Test
    void blueSmartChargerKeepsUndocumentedLabels() {
        VeDirectBlock block = decode(Captures.read("KinDR007_VictronMPPT-ESPHOME_fake-bluesmart-ip22-0xa332.bin"), 3).blocks.get(0);
        assertTrue(block.has("HC#"));
        assertEquals("---", block.get("T"));
        assertEquals(FieldValue.NotAvailable.NOT_AVAILABLE, block.typed("T").orElseThrow());
    }
}
