package io.github.vedirect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.protocol.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
