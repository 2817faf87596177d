package io.github.vedirect.component;

import io.github.vedirect.Await;
import io.github.vedirect.protocol.Captures;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregation strategy in a real aggregate EIP, fed the blocks of real captures as the consumer
 * sends them. A record must be exactly the blocks of one device cycle, never a mix of two.
 */
class RecordAggregationTest extends CamelTestSupport {

    private final List<Exchange> records = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:blocks")
                        .aggregate(header(VeDirectConstants.SOURCE), new VeDirectRecordAggregationStrategy())
                        .completionTimeout(60_000).discardOnCompletionTimeout()
                        .process(records::add);
            }
        };
    }

    private static List<VeDirectBlock> decode(byte[]... captures) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] capture : captures) {
            all.writeBytes(capture);
        }
        List<VeDirectBlock> blocks = new ArrayList<>();
        new VeDirectDecoder(blocks::add).feed(all.toByteArray());
        return blocks;
    }

    private void send(String source, long connection, VeDirectBlock block) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(VeDirectConstants.SOURCE, source);
        headers.put(VeDirectConstants.CONNECTION, connection);
        template.sendBodyAndHeaders("direct:blocks", VeDirectRecord.of(block), headers);
    }

    private void sendAll(String source, List<VeDirectBlock> blocks) {
        for (VeDirectBlock block : blocks) {
            send(source, 1, block);
        }
    }

    private static VeDirectRecord join(VeDirectBlock... blocks) {
        VeDirectRecord record = new VeDirectRecord();
        for (VeDirectBlock block : blocks) {
            record.putAll(VeDirectRecord.of(block));
        }
        return record;
    }

    /** The records once {@code expected} of them have come out (the aggregator sends them from its own thread) and no more follow. */
    private List<VeDirectRecord> bodies(int expected) throws InterruptedException {
        Await.until(expected + " records", java.time.Duration.ofSeconds(10), () -> records.size() >= expected);
        Thread.sleep(100);
        return records.stream().map(e -> e.getIn().getBody(VeDirectRecord.class)).toList();
    }

    @Test
    void bmv702MainAndHistoryBlocksMakeOneRecordPerCycle() throws Exception {
        List<VeDirectBlock> blocks = decode(Captures.read("karioja_vedirect_bvm702.bin"));
        sendAll("bmv", blocks);
        // The first cycle teaches the strategy what a whole record is; every later cycle is one record.
        List<VeDirectRecord> bodies = bodies(blocks.size() / 2 - 1);
        assertEquals(blocks.size() / 2 - 1, bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals(join(blocks.get(2 * i + 2), blocks.get(2 * i + 3)), bodies.get(i), "record " + i);
            assertEquals(2, records.get(i).getIn().getHeader(VeDirectConstants.RECORD_BLOCKS));
        }
        assertEquals(List.of("PID", "V", "I", "P", "CE", "SOC", "TTG", "Alarm", "Relay", "AR", "BMV", "FW",
                "H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10", "H11", "H12", "H17", "H18"),
                new ArrayList<>(bodies.get(0).keySet()));
    }

    @Test
    void recordIsSentAsSoonAsItsLastBlockArrivesOnceTheCycleIsKnown() throws Exception {
        List<VeDirectBlock> blocks = decode(Captures.read("karioja_vedirect_bvm702.bin"));
        for (int i = 0; i < 6; i++) {
            send("bmv", 1, blocks.get(i));
        }
        // Blocks 0-1 are the cycle learned when block 2 starts the next; 2-3 and 4-5 go out with blocks 3 and 5.
        assertEquals(List.of(join(blocks.get(2), blocks.get(3)), join(blocks.get(4), blocks.get(5))), bodies(2));
        send("bmv", 1, blocks.get(6));
        send("bmv", 1, blocks.get(7));
        assertEquals(3, bodies(3).size(), "the record went out with its last block, before the next cycle began");
    }

    @Test
    void smartShuntJoinedMidCycleDropsTheFirstPartialRecord() throws Exception {
        // The recording starts with a history block: the main block of its cycle was never seen.
        List<VeDirectBlock> cycle = decode(Captures.read("jblance_mpp-solar_smartshunt_test_response_2.bin"));
        assertTrue(cycle.get(0).has("H1") && cycle.get(1).has("PID"));
        for (int i = 0; i < 5; i++) {
            sendAll("shunt", cycle);
        }
        List<VeDirectRecord> bodies = bodies(3);
        assertEquals(3, bodies.size(), "the history block seen first is never a record, the next cycle is learned");
        for (VeDirectRecord record : bodies) {
            assertEquals(join(cycle.get(1), cycle.get(0)), record);
        }
    }

    @Test
    void singleBlockMpptGivesOneRecordPerBlock() throws Exception {
        List<VeDirectBlock> blocks = decode(Captures.read("karioja_vedirect_smartsolar_1.39.bin"));
        sendAll("mppt", blocks);
        List<VeDirectRecord> bodies = bodies(blocks.size() - 1);
        assertEquals(blocks.size() - 1, bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals(VeDirectRecord.of(blocks.get(i + 1)), bodies.get(i));
        }
    }

    @Test
    void splitMpptRecordIsJoinedFromItsTwoBlocks() throws Exception {
        byte[] capture = Captures.read("KinDR007_VictronMPPT-ESPHOME_fake-smartsolar-mppt-150-70-rev3.bin");
        List<VeDirectBlock> blocks = decode(capture, capture, capture);
        assertEquals(12, blocks.size());
        sendAll("mppt150", blocks);
        List<VeDirectRecord> bodies = bodies(5);
        assertEquals(5, bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals(join(blocks.get(2 * i + 2), blocks.get(2 * i + 3)), bodies.get(i));
            assertTrue(bodies.get(i).containsKey("PID") && bodies.get(i).containsKey("HSDS"));
        }
    }

    @Test
    void reconnectMidRecordNeverJoinsBlocksOfTwoConnections() throws Exception {
        List<VeDirectBlock> blocks = decode(Captures.read("karioja_vedirect_bvm702.bin"));
        send("bmv", 1, blocks.get(0));
        send("bmv", 1, blocks.get(1));
        send("bmv", 1, blocks.get(2));
        // Cable replugged: the history block of cycle 2 arrives on a new connection.
        send("bmv", 2, blocks.get(3));
        send("bmv", 2, blocks.get(4));
        send("bmv", 2, blocks.get(5));
        // 0-1 are learned; 2 is cut off by the reconnect and 3 came on the new connection without its main block.
        assertEquals(List.of(join(blocks.get(4), blocks.get(5))), bodies(1));
    }

    @Test
    void lostBlockNeitherMixesCyclesNorChangesTheLearnedCycle() throws Exception {
        List<VeDirectBlock> blocks = decode(Captures.read("karioja_vedirect_bvm702.bin"));
        List<VeDirectBlock> withLosses = new ArrayList<>(blocks.subList(0, 12));
        withLosses.remove(7);  // a history block lost to a checksum error
        withLosses.remove(4);  // a main block lost
        sendAll("bmv", withLosses);
        assertEquals(List.of(
                join(blocks.get(2), blocks.get(3)),
                // 4 lost: its history block 5 alone is dropped; 7 lost: main block 6 alone is dropped too.
                join(blocks.get(8), blocks.get(9)),
                join(blocks.get(10), blocks.get(11))), bodies(3));
    }

    @Test
    void deviceThatDropsABlockForGoodIsRelearned() throws Exception {
        List<VeDirectBlock> blocks = decode(Captures.read("karioja_vedirect_bvm702.bin"));
        sendAll("bmv", blocks.subList(0, 6));
        assertEquals(2, bodies(2).size());
        // The history block disappears (a settings change): after a few records the smaller cycle is taken.
        for (int i = 6; i < 40; i += 2) {
            send("bmv", 1, blocks.get(i));
        }
        List<VeDirectRecord> bodies = bodies(2 + 10);
        assertEquals(VeDirectRecord.of(blocks.get(38)), bodies.get(bodies.size() - 1));
    }

    @Test
    void devicesAreJoinedSeparately() throws Exception {
        List<VeDirectBlock> bmv = decode(Captures.read("karioja_vedirect_bvm702.bin"));
        List<VeDirectBlock> mppt = decode(Captures.read("karioja_vedirect_smartsolar_1.39.bin"));
        for (int i = 0; i < 8; i++) {
            send("bmv", 1, bmv.get(i));
            send("mppt", 1, mppt.get(i));
        }
        List<VeDirectRecord> bodies = bodies(3 + 7);
        assertEquals(3 + 7, bodies.size());
        assertTrue(bodies.stream().allMatch(r -> r.containsKey("H1") == r.containsKey("CE")), "a BMV record joined an MPPT block");
    }
}
