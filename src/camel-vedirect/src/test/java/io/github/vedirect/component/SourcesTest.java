package io.github.vedirect.component;

import io.github.vedirect.Await;
import io.github.vedirect.protocol.Captures;
import io.github.vedirect.protocol.DecoderStats;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCP bridge, replay and simulator sources, and what an endpoint URI may and may not say. */
class SourcesTest {

    private static final Duration SETTLE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Path capture(String name) throws Exception {
        return Files.write(dir.resolve(name), Captures.read(name));
    }

    private static List<VeDirectBlock> decode(byte[] bytes) {
        List<VeDirectBlock> blocks = new ArrayList<>();
        new VeDirectDecoder(blocks::add).feed(bytes);
        return blocks;
    }

    @Test
    void tcpBridgeIsReadAndReconnectedWhenItDropsTheConnection() throws Exception {
        byte[] capture = Captures.read("karioja_vedirect_smartsolar_1.39.bin");
        int expected = decode(capture).size();
        try (ServerSocket bridge = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DeviceRoute route = new DeviceRoute("vedirect:tcp:127.0.0.1:" + bridge.getLocalPort() + "?reconnectDelay=200")) {
            for (int connection = 1; connection <= 2; connection++) {
                try (Socket client = bridge.accept(); OutputStream out = client.getOutputStream()) {
                    out.write(capture);
                    out.flush();
                    int wanted = expected * connection;
                    Await.until("blocks of connection " + connection, SETTLE, () -> route.exchanges.size() >= wanted);
                }
            }
            assertEquals(2L, route.exchanges.get(route.exchanges.size() - 1).getIn().getHeader(VeDirectConstants.CONNECTION));
            assertEquals("0xA05F", route.exchanges.get(0).getIn().getHeader(VeDirectConstants.PRODUCT_ID));
            assertEquals("SmartSolar MPPT 100/20", route.exchanges.get(0).getIn().getHeader(VeDirectConstants.PRODUCT_NAME));
            assertEquals("HQ18486U2B4", route.exchanges.get(0).getIn().getHeader(VeDirectConstants.SERIAL_NUMBER));
        }
    }

    @Test
    void unreachableBridgeIsOneClearProblem() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (DeviceRoute route = new DeviceRoute("vedirect:tcp:127.0.0.1:" + closedPort + "?reconnectDelay=200")) {
            Await.until("health DOWN", SETTLE, () -> route.health().getState() == HealthCheck.State.DOWN
                    && route.health().getMessage().orElse("").contains("connection refused"));
            assertEquals("cannot open tcp:127.0.0.1:" + closedPort + ": connection refused", route.health().getMessage().orElseThrow());
        }
    }

    @Test
    void replayAsFastAsPossibleGivesEveryBlockWithHeaders() throws Exception {
        Path file = capture("karioja_vedirect_bvm702.bin");
        Instant before = Instant.now();
        try (DeviceRoute route = new DeviceRoute("vedirect:replay:" + file + "?replayRate=0")) {
            Await.until("906 blocks", SETTLE, () -> route.exchanges.size() == 906);
            VeDirectRecord first = route.bodies().get(0);
            assertEquals(12065L, first.get("V"), "numbers as numbers");
            assertEquals("0308", first.get("FW"), "a value that would not read back the same stays a string");
            assertEquals("OFF", first.get("Alarm"));
            assertEquals(12.065, first.scaled("V"));
            assertEquals("0308", first.raw("FW"));
            var headers = route.exchanges.get(905).getIn().getHeaders();
            assertEquals(906L, headers.get(VeDirectConstants.BLOCK_NUMBER));
            assertInstanceOf(DecoderStats.class, headers.get(VeDirectConstants.DECODER_STATS));
            assertEquals(0L, headers.get(VeDirectConstants.CHECKSUM_ERRORS));
            assertTrue(!((Instant) headers.get(VeDirectConstants.RECEIVED_AT)).isBefore(before));
            Thread.sleep(300);
            assertEquals(906, route.exchanges.size(), "a replay without loop plays once");
        }
    }

    @Test
    void replayAtTheLinksRateTakesTheLinksTime() throws Exception {
        Path file = capture("KinDR007_VictronMPPT-ESPHOME_fake-smartsolar-mppt-150-70-rev3.bin");
        long start = System.nanoTime();
        try (DeviceRoute route = new DeviceRoute("vedirect:replay:" + file + "?replayLoop=true")) {
            Await.until("8 blocks, twice round the capture", SETTLE, () -> route.exchanges.size() >= 8);
            // 658 bytes a loop at 1920 bytes/s: the second loop cannot end before ~0.6 s.
            assertTrue(System.nanoTime() - start > Duration.ofMillis(600).toNanos());
        }
    }

    @Test
    void missingReplayFileIsOneClearProblem() throws Exception {
        try (DeviceRoute route = new DeviceRoute("vedirect:replay:" + dir.resolve("nope.bin") + "?reconnectDelay=200")) {
            Await.until("health DOWN", SETTLE, () -> route.health().getState() == HealthCheck.State.DOWN
                    && route.health().getMessage().orElse("").contains("no such file"));
        }
    }

    @Test
    void simulatorSendsAlternatingBmvBlocks() throws Exception {
        try (DeviceRoute route = new DeviceRoute("vedirect:simulator:bmv702?blockInterval=20")) {
            Await.until("7 blocks", SETTLE, () -> route.exchanges.size() >= 7);
            List<VeDirectRecord> bodies = route.bodies();
            for (int i = 0; i < 6; i++) {
                boolean main = bodies.get(i).containsKey("PID");
                assertEquals(main, !bodies.get(i + 1).containsKey("PID"), "main and history blocks alternate");
            }
            assertNotNull(route.exchanges.get(0).getIn().getHeader(VeDirectConstants.PRODUCT_ID));
            assertEquals(HealthCheck.State.UP, route.health().getState());
        }
    }

    @Test
    void badUrisAreRefusedAtStartWithTheReason() {
        Exception noSource = assertThrows(Exception.class, () -> new DeviceRoute("vedirect:?reconnectDelay=100"));
        assertTrue(rootMessage(noSource).contains("needs a source"), rootMessage(noSource));
        Exception unknownModel = assertThrows(Exception.class, () -> new DeviceRoute("vedirect:simulator:bmv999"));
        assertTrue(rootMessage(unknownModel).contains("known models: "), rootMessage(unknownModel));
        Exception badTcp = assertThrows(Exception.class, () -> new DeviceRoute("vedirect:tcp:nohostport"));
        assertTrue(rootMessage(badTcp).contains("tcp:HOST:PORT"), rootMessage(badTcp));
        Exception badOption = assertThrows(Exception.class, () -> new DeviceRoute("vedirect:simulator:mppt?stale=5"));
        assertTrue(badOption instanceof FailedToCreateRouteException || badOption.getCause() instanceof ResolveEndpointFailedException,
                badOption.toString());
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    @Test
    void componentAndItsMetadataAreFoundOnTheClasspath() throws Exception {
        try (DeviceRoute route = new DeviceRoute("vedirect:simulator:mppt")) {
            assertInstanceOf(VeDirectComponent.class, route.context.getComponent("vedirect"));
            JsonNode json = new ObjectMapper().readTree(ResourceHelper.resolveMandatoryResourceAsInputStream(route.context,
                    "classpath:" + ComponentPage.JSON.substring(1)));
            List<String> names = new ArrayList<>();
            json.get("componentProperties").fieldNames().forEachRemaining(names::add);
            json.get("properties").fieldNames().forEachRemaining(names::add);
            json.get("headers").fieldNames().forEachRemaining(names::add);
            assertTrue(names.containsAll(List.of("source", "staleTimeout", "baudRate", VeDirectConstants.SOURCE)), names.toString());
        }
    }
}
