package io.github.vedirect.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.protocol.Captures;
import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class DecodeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        }
    }

    private static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new DecodeCommand(new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path capture(Path dir, String name) throws Exception {
        return Files.write(dir.resolve(name), Captures.read(name));
    }

    @Test
    void printsOneObjectPerBlockWithRawValuesInWireOrder(@TempDir Path dir) throws Exception {
        Run run = run(new byte[0], capture(dir, "karioja_vedirect_bvm702.bin").toString());
        assertEquals(0, run.exit());
        List<JsonNode> lines = run.lines();
        assertEquals(906, lines.size());
        assertEquals("{\"PID\":\"0x203\",\"V\":\"12065\",\"I\":\"-7625\",\"P\":\"-92\",\"CE\":\"-65473\",\"SOC\":\"839\","
                + "\"TTG\":\"942\",\"Alarm\":\"OFF\",\"Relay\":\"OFF\",\"AR\":\"0\",\"BMV\":\"700\",\"FW\":\"0308\"}",
                run.out().substring(0, run.out().indexOf('\n')));
        for (JsonNode line : lines) {
            assertFalse(line.has("Checksum"));
        }
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("906 blocks from 119074 bytes; 0 checksum errors"), run.err());
    }

    @Test
    void dashReadsStandardInput() throws Exception {
        Run run = run(Captures.read("karioja_vedirect_smartsolar_1.39.bin"), "-");
        assertEquals(0, run.exit());
        assertEquals(493, run.lines().size());
        assertTrue(run.err().startsWith("stdin: 493 blocks"), run.err());
    }

    @Test
    void typedPrintsScaledNumbersAndNamedCodes(@TempDir Path dir) throws Exception {
        Run run = run(new byte[0], "--typed", capture(dir, "KinDR007_VictronMPPT-ESPHOME_fake-smartsolar-mppt-150-70-rev3.bin").toString());
        JsonNode first = run.lines().get(0);
        assertEquals(52.7, first.get("V").asDouble());
        assertTrue(first.get("PPV").isIntegralNumber());
        assertEquals(412, first.get("PPV").asInt());
        assertEquals("Bulk", first.get("CS").get("name").asText());
        assertEquals("SmartSolar MPPT 150/70 rev2", first.get("PID").get("name").asText());
        assertEquals("3.16", first.get("FWE").asText());
        JsonNode second = run.lines().get(1);
        assertTrue(second.get("LOAD").asBoolean());
        assertEquals(11.58, second.get("H19").asDouble());
    }

    @Test
    void hexOptionAddsTheFramesInStreamOrder(@TempDir Path dir) throws Exception {
        Run run = run(new byte[0], "--hex", capture(dir, "KinDR007_VictronMPPT-ESPHOME_fake-smartsolar-mppt-150-70-rev3.bin").toString());
        List<JsonNode> lines = run.lines();
        assertEquals(4 + 14, lines.size());
        assertTrue(lines.get(0).has("PID"));
        assertEquals(":A2001002470030093", lines.get(1).get("hex").asText());
        assertEquals("0x0120", lines.get(1).get("register").asText());
        Iterator<JsonNode> it = lines.iterator();
        int blocks = 0;
        while (it.hasNext()) {
            blocks += it.next().has("hex") ? 0 : 1;
        }
        assertEquals(4, blocks);
    }

    @Test
    void missingFileIsOneLineAndExitTwo() {
        Run run = run(new byte[0], "/no/such/capture.bin");
        assertEquals(2, run.exit());
        assertEquals("decode: cannot read /no/such/capture.bin: no such file", run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void unreadableInputIsOneLineAndExitTwo(@TempDir Path dir) {
        Run run = run(new byte[0], dir.toString());
        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("decode: cannot read " + dir), run.err());
    }

    @Test
    void badArgumentsExplainUsage() {
        assertEquals(2, run(new byte[0]).exit());
        assertEquals(2, run(new byte[0], "--bogus", "x").exit());
        assertEquals(2, run(new byte[0], "a", "b").exit());
    }

    // The output decode had when it was written with Jackson, rebuilt here from the decoder's own blocks
    // and frames: decode writes its JSON by hand for speed, and these tests hold it to that format byte for byte.

    /** Jackson's rendering of what the decoder yields for {@code input}, and the summary line as String.format made it. */
    private static String[] reference(byte[] input, String source, boolean typed, boolean hex) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VeDirectDecoder decoder;
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            decoder = new VeDirectDecoder(new JacksonLines(json, typed, hex));
            decoder.feed(input, 0, input.length);
        }
        var stats = decoder.stats();
        String summary = String.format(Locale.ROOT,
                "%s: %d blocks from %d bytes; %d checksum errors, %d malformed blocks, %d HEX frames (%d bad), %d bytes skipped",
                source, stats.blocks(), stats.bytes(), stats.checksumErrors(),
                stats.malformed(), stats.hexFrames(), stats.hexErrors(), stats.skippedBytes());
        return new String[] {out.toString(StandardCharsets.UTF_8), summary + System.lineSeparator()};
    }

    private record JacksonLines(JsonGenerator json, boolean typed, boolean hex) implements DecoderListener {
        @Override
        public void onBlock(VeDirectBlock block) {
            try {
                json.writeStartObject();
                for (int i = 0; i < block.size(); i++) {
                    json.writeFieldName(block.label(i));
                    if (typed) {
                        writeTyped(FieldCatalogue.interpret(block.label(i), block.value(i)));
                    } else {
                        json.writeString(block.value(i));
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onHexFrame(HexFrame frame) {
            if (!hex) {
                return;
            }
            try {
                json.writeStartObject();
                json.writeStringField("hex", frame.text());
                json.writeNumberField("command", frame.command());
                if (frame.isRegisterFrame()) {
                    json.writeStringField("register", String.format(Locale.ROOT, "0x%04X", frame.registerId()));
                    json.writeNumberField("flags", frame.flags());
                    json.writeNumberField("value", frame.unsignedValue());
                }
                json.writeEndObject();
                json.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void writeTyped(FieldValue value) throws IOException {
            if (value instanceof FieldValue.Measurement m) {
                json.writeNumber(BigDecimal.valueOf(m.value()).stripTrailingZeros().toPlainString());
            } else if (value instanceof FieldValue.NotAvailable) {
                json.writeNull();
            } else if (value instanceof FieldValue.Infinite) {
                json.writeString("infinite");
            } else if (value instanceof FieldValue.OnOff o) {
                json.writeBoolean(o.on());
            } else if (value instanceof FieldValue.Enumerated e) {
                json.writeStartObject();
                json.writeNumberField("code", e.code());
                json.writeStringField("name", e.name());
                json.writeEndObject();
            } else if (value instanceof FieldValue.Flags f) {
                json.writeStartObject();
                json.writeNumberField("mask", f.mask());
                json.writeArrayFieldStart("names");
                for (String name : f.names()) {
                    json.writeString(name);
                }
                json.writeEndArray();
                json.writeEndObject();
            } else if (value instanceof FieldValue.Product p) {
                json.writeStartObject();
                json.writeStringField("id", String.format(Locale.ROOT, "0x%04X", p.id()));
                json.writeStringField("name", p.name());
                json.writeEndObject();
            } else if (value instanceof FieldValue.Firmware f) {
                json.writeString(f.version());
            } else {
                json.writeString(value.toString());
            }
        }
    }

    static List<String> captureFiles() {
        List<String> files = new ArrayList<>();
        for (Captures.Capture capture : Captures.all()) {
            files.add(capture.file());
        }
        return files;
    }

    @ParameterizedTest
    @MethodSource("captureFiles")
    void everyCaptureInEveryModeIsPrintedAsJacksonPrintedIt(String file) throws Exception {
        byte[] input = Captures.read(file);
        for (String[] options : new String[][] {{}, {"--typed"}, {"--hex"}, {"--typed", "--hex"}}) {
            boolean typed = List.of(options).contains("--typed");
            boolean hex = List.of(options).contains("--hex");
            String[] args = new String[options.length + 1];
            System.arraycopy(options, 0, args, 0, options.length);
            args[options.length] = "-";
            String[] expected = reference(input, "stdin", typed, hex);
            Run run = run(input, args);
            assertEquals(0, run.exit());
            assertEquals(expected[0], run.out(), file + " " + List.of(options));
            assertEquals(expected[1], run.err(), file + " " + List.of(options));
        }
    }

    @Test
    void quotesAndBackslashesInLabelsAndValuesAreEscapedAsJacksonEscapedThem() throws Exception {
        // The decoder passes printable ASCII but ':' (it starts a HEX frame), so of what JSON escapes only
        // '"' and '\\' can reach the output from the wire; every such byte is sent here, in labels and values.
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", "0x203");
        StringBuilder printable = new StringBuilder();
        for (char c = ' '; c < 0x7F; c++) {
            if (c != ':') {
                printable.append(c);
            }
        }
        for (int i = 0; i < printable.length(); i += 16) {
            fields.put("F" + i, printable.substring(i, Math.min(i + 16, printable.length())));
        }
        fields.put("L\"\\", "\\\"");
        byte[] input = VeDirectBlock.of(fields).toBytes();
        for (String[] args : new String[][] {{"-"}, {"--typed", "-"}}) {
            String[] expected = reference(input, "stdin", args.length == 2, false);
            Run run = run(input, args);
            assertEquals(1, run.lines().size(), "the decoder must pass the block for this test to mean anything: " + run.err());
            assertEquals(expected[0], run.out());
            assertTrue(run.out().contains("\"L\\\"\\\\\":\"\\\\\\\"\""), run.out());
        }
    }

    @Test
    void stringsAreEscapedAsJacksonEscapesThemForEveryChar() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xD800; c++) {
            all.append(c);
        }
        for (char c = 0xE000; c != 0; c++) {
            all.append(c);
        }
        all.append("\uD83D\uDE00 \uDBFF\uDFFF \uD800 \uDFFF\uD800");
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        // A small buffer, so that escapes and multi-byte characters fall across its edge many times.
        JsonOut out = new JsonOut(mine, 1);
        out.writeString(all.toString());
        out.flush();
        ByteArrayOutputStream jackson = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(jackson)) {
            json.writeString(all.toString());
        }
        assertSameBytes(jackson.toByteArray(), mine.toByteArray());
    }

    /** Where two long outputs first differ, instead of both in full. */
    private static void assertSameBytes(byte[] expected, byte[] actual) {
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            if (expected[i] != actual[i]) {
                int from = Math.max(0, i - 16);
                fail("first difference at byte " + i + ": expected ..."
                        + new String(expected, from, Math.min(expected.length - from, 32), StandardCharsets.ISO_8859_1)
                        + "... but got ..." + new String(actual, from, Math.min(actual.length - from, 32), StandardCharsets.ISO_8859_1));
            }
        }
        assertEquals(expected.length, actual.length, "length");
    }

    @Test
    void numbersAreWrittenAsBeforeIncludingTheEdges() throws Exception {
        long[] longs = {0, 1, -1, 9, 10, 99, 100, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MIN_VALUE, 0xFFFFFFFFL};
        int[] hexes = {0, 1, 0x203, 0xA053, 0xFFFF, 0x10000, 0x7FFFFFFF, -1, Integer.MIN_VALUE};
        ByteArrayOutputStream mine = new ByteArrayOutputStream();
        JsonOut out = new JsonOut(mine, 1);
        StringBuilder expected = new StringBuilder();
        for (long value : longs) {
            out.writeLong(value);
            out.write(' ');
            expected.append(value).append(' ');
        }
        for (int value : hexes) {
            out.writeHex4(value);
            out.write(' ');
            expected.append(String.format(Locale.ROOT, "0x%04X", value)).append(' ');
        }
        out.flush();
        assertEquals(expected.toString(), mine.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void measurementsArePrintedAsTheBigDecimalPlainStringTheyWere() {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -92.0, 12.065, 12.8, 100.0, 1e-3, 1e-4, 1.5e-7,
                1e6, 1e7, 1.2345e7, 123456789.0, 1e21, -1e-5, 0.1 + 0.2, Double.MIN_VALUE, Double.MAX_VALUE));
        Random random = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            // Wire integers scaled by the catalogue's decimal shifts, and arbitrary doubles.
            values.add(BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000).movePointLeft(random.nextInt(5)).doubleValue());
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        for (double value : values) {
            if (!Double.isFinite(value)) {
                continue;
            }
            String expected = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
            if (!expected.equals(TypedJson.plainDecimal(value))) {
                fail(value + ": expected " + expected + ", got " + TypedJson.plainDecimal(value));
            }
        }
    }
}
