package io.github.vedirect.component;

import io.github.vedirect.Await;
import io.github.vedirect.hex.FlashWriteGuard;
import io.github.vedirect.hex.HexException;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexReply;
import io.github.vedirect.protocol.HexValue;
import io.github.vedirect.protocol.HexValueException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The producer and the consumer on one simulated device behind a pseudo-terminal, through the real
 * serial code (jSerialComm): the consumer reads the port, the producer's commands go through the
 * consumer's connection.
 */
class HexProducerTest {

    private final CamelContext context = new DefaultCamelContext();
    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private PtyDevice device;
    private ProducerTemplate template;

    @BeforeEach
    void forgetFlashWrites() {
        FlashWriteGuard.reset(null);
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        if (device != null) {
            device.close();
        }
    }

    private String start(String model, long tickMillis, String options) throws Exception {
        device = new PtyDevice(model, tickMillis);
        String uri = "vedirect:" + device.port() + options;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("device").process(received::add);
            }
        });
        context.start();
        template = context.createProducerTemplate();
        Await.until("the first block", Duration.ofSeconds(10), () -> blocks().size() > 0);
        return uri;
    }

    private List<VeDirectRecord> blocks() {
        return received.stream().map(e -> e.getIn().getBody()).filter(VeDirectRecord.class::isInstance)
                .map(VeDirectRecord.class::cast).toList();
    }

    private VeDirectConsumer consumer() {
        return (VeDirectConsumer) context.getRoute("device").getConsumer();
    }

    private Exchange send(String uri, String command, String register, Object value) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(VeDirectConstants.COMMAND, command);
        if (register != null) {
            headers.put(VeDirectConstants.REGISTER, register);
        }
        if (value != null) {
            headers.put(VeDirectConstants.VALUE, value);
        }
        Exchange exchange = template.request(uri, e -> e.getIn().setHeaders(headers));
        return exchange;
    }

    private Object body(String uri, String command, String register, Object value) {
        Exchange exchange = send(uri, command, register, value);
        if (exchange.getException() != null) {
            throw new AssertionError(exchange.getException());
        }
        return exchange.getMessage().getBody();
    }

    private static Throwable failure(Exchange exchange) {
        assertTrue(exchange.getException() != null, "expected the exchange to fail");
        return exchange.getException();
    }

    private long descriptorsOn(Path port) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(port);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void getSetPingAndHistoryThroughTheConsumersConnection() throws Exception {
        String uri = start("mppt", 250, "?asyncHex=true");
        assertEquals("1.59", body(uri, "ping", null, null));
        assertEquals("1.59", body(uri, "appVersion", null, null));
        assertEquals("0xA05F", body(uri, "productId", null, null));

        Exchange maxCurrent = send(uri, "get", "0xEDF0", null);
        assertEquals("20.0 A", maxCurrent.getMessage().getBody(HexValue.class).toString());
        assertEquals("A", maxCurrent.getMessage().getHeader(VeDirectConstants.UNIT));
        assertEquals(200L, maxCurrent.getMessage().getHeader(VeDirectConstants.RAW_VALUE));
        assertEquals("SmartSolar Charger MPPT 100/20", body(uri, "get", "modelName", null).toString());

        // The volatile limit: written, read back, held by the device.
        Exchange set = send(uri, "set", "chargeCurrentLimit", "12.5 A");
        assertEquals(new BigDecimal("12.5"), set.getMessage().getBody(HexValue.class).number());
        assertEquals(Boolean.TRUE, set.getMessage().getHeader(VeDirectConstants.WRITTEN));
        assertEquals(125, device.hex().setting(0x2015).orElseThrow()[0] & 0xFF);

        // The load output control by a code's name; kept in flash, so read first, written once, read back.
        Exchange off = send(uri, "set", "loadOutputControl", "off");
        assertEquals("off (0)", off.getMessage().getBody(HexValue.class).toString());
        assertEquals(0, device.hex().setting(0xEDAB).orElseThrow()[0]);
        assertEquals(1, device.hex().flashWrites(0xEDAB));
        Await.until("LOAD OFF in the text", Duration.ofSeconds(15),
                () -> "OFF".equals(blocks().get(blocks().size() - 1).raw("LOAD")));
        assertTrue(failure(send(uri, "set", "loadOutputControl", "dim")).getMessage()
                .startsWith("0xEDAB loadOutputControl: 'dim' is not one of its codes (0 off, 1 automatic,"));

        HexHistory.Day today = assertInstanceOf(HexHistory.Day.class, body(uri, "get", "0x1050", null));
        HexHistory.Day monthAgo = assertInstanceOf(HexHistory.Day.class, body(uri, "get", "historyDay30", null));
        assertEquals(today.daySequence() - 30, monthAgo.daySequence());
        assertInstanceOf(HexHistory.Total.class, body(uri, "get", "historyTotal", null));

        // One port, one connection: the producer used the consumer's.
        assertEquals(1, descriptorsOn(device.port()));
        // Blocks kept coming, none lost to the exchanges.
        int before = blocks().size();
        Await.until("more blocks", Duration.ofSeconds(15), () -> blocks().size() > before + 2);
        assertEquals(0, consumer().getDecoderStats().checksumErrors());
        // Async frames are offered to the route, typed.
        Await.until("an async charger voltage", Duration.ofSeconds(15), () -> received.stream()
                .anyMatch(e -> "0xEDD5".equals(e.getIn().getHeader(VeDirectConstants.REGISTER))
                        && e.getIn().getBody() instanceof HexValue value && value.toString().endsWith(" V")));
    }

    @Test
    void aReplyInTheMiddleOfATextBlock() throws Exception {
        String uri = start("mppt", 300, "");
        device.hex().repliesMidBlock(true);
        device.answerLate(true);
        long checksumErrors = consumer().getDecoderStats().checksumErrors();
        for (int i = 0; i < 3; i++) {
            assertEquals("20.0 A", body(uri, "get", "batteryMaximumCurrent", null).toString());
        }
        int before = blocks().size();
        Await.until("blocks after the interrupted ones", Duration.ofSeconds(15), () -> blocks().size() > before + 1);
        assertEquals(checksumErrors, consumer().getDecoderStats().checksumErrors(),
                "a HEX reply inside a block must not break the block's checksum");
    }

    @Test
    void theTextPauseAfterAnExchangeIsNotStaleness() throws Exception {
        // Blocks every second, stale after 1.5 s of silence, a device that holds its text 2 s after an exchange.
        String uri = start("bmv712", 1000, "?staleTimeout=1500");
        assertEquals(Duration.ofSeconds(2), device.hex().textPause());
        Await.until("the health check up", Duration.ofSeconds(15), () -> consumer().getProblem() == null);
        int before = blocks().size();
        Instant asked = Instant.now();
        assertTrue(body(uri, "get", "stateOfCharge", null).toString().endsWith(" %"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            assertNull(consumer().getProblem(), "the text pause was taken for an outage");
            Thread.sleep(50);
        }
        // The pause really happened (else this test proves nothing): a gap of more than the stale timeout.
        List<Instant> times = received.stream().skip(before)
                .map(e -> e.getIn().getHeader(VeDirectConstants.RECEIVED_AT, Instant.class)).toList();
        Instant previous = asked;
        long longest = 0;
        for (Instant at : times) {
            longest = Math.max(longest, Duration.between(previous, at).toMillis());
            previous = at;
        }
        assertTrue(longest > 1500, "expected a text pause longer than the stale timeout, longest gap " + longest + " ms");
    }

    @Test
    void unknownIdIsOneLineAndNeverRetried() throws Exception {
        String uri = start("bmv712", 300, "");
        int frames = device.framesReceived();
        Throwable error = failure(send(uri, "get", "0xEDF0", null));
        HexException hex = assertInstanceOf(HexException.class, error);
        assertEquals(HexException.Reason.DEVICE_REFUSED, hex.reason());
        assertEquals(HexReply.Kind.UNKNOWN_ID, hex.kind());
        assertEquals("0xEDF0 batteryMaximumCurrent: the device does not have this register (unknown id)", hex.getMessage());
        // A retry would follow the answer timeout (500 ms): watch for three times that.
        Thread.sleep(1500);
        assertEquals(frames + 1, device.framesReceived(), "one frame sent, no retry");
        // A set on a BMV register, all read-only: the catalogue refuses it and nothing is sent.
        Throwable readOnly = failure(send(uri, "set", "stateOfCharge", "50"));
        assertInstanceOf(HexValueException.class, readOnly);
        assertEquals("0x0FFF stateOfCharge: read-only, cannot be set", readOnly.getMessage());
        assertEquals(frames + 1, device.framesReceived());
    }

    @Test
    void aDeviceThatNeverAnswersFailsAfterThreeTries() throws Exception {
        String uri = start("mppt", 300, "");
        device.mute(true);
        int frames = device.framesReceived();
        long start = System.nanoTime();
        HexException hex = assertInstanceOf(HexException.class, failure(send(uri, "get", "panelVoltage", null)));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(HexException.Reason.NO_ANSWER, hex.reason());
        assertTrue(hex.getMessage().startsWith("0xEDBB panelVoltage: no answer from "), hex.getMessage());
        assertTrue(took >= 1500 && took < 6000, "3 tries of 500 ms, took " + took + " ms");
        // The simulated device counts a frame on its own thread, possibly after the third try has timed out.
        Await.until("the device to count the third try", Duration.ofSeconds(10), () -> device.framesReceived() >= frames + 3);
        Thread.sleep(1500);
        assertEquals(frames + 3, device.framesReceived(), "three tries, no fourth (watched for three answer timeouts)");
        // Out of range: refused before sending.
        assertInstanceOf(HexValueException.class, failure(send(uri, "set", "0x2015", "150")));
        assertEquals(frames + 3, device.framesReceived());
    }

    @Test
    void flashIsWrittenOnceAnHourWithOneWarning() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger guardLog = (Logger) LogManager.getLogger(FlashWriteGuard.class);
        AbstractAppender appender = new AbstractAppender("warnings", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel() == Level.WARN) {
                    warnings.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        guardLog.addAppender(appender);
        try {
            String uri = start("mppt", 250, "");
            List<Object> outcomes = new CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            // A rule that asks every second for a new maximum current: 10, 11, 12, 13, 14 A.
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:rule?period=1000&repeatCount=5").routeId("rule")
                            .setHeader(VeDirectConstants.COMMAND, constant("set"))
                            .setHeader(VeDirectConstants.REGISTER, constant("0xEDF0"))
                            .process(e -> e.getIn().setHeader(VeDirectConstants.VALUE,
                                    Integer.toString(9 + asked.incrementAndGet())))
                            .doTry()
                                .to(uri)
                                .process(e -> outcomes.add(e.getIn().getBody()))
                            .doCatch(HexException.class)
                                .process(e -> outcomes.add(e.getProperty(Exchange.EXCEPTION_CAUGHT)))
                            .end();
                }
            });
            Await.until("five requests", Duration.ofSeconds(15), () -> outcomes.size() == 5);
            assertEquals("10.0 A", outcomes.get(0).toString());
            for (Object later : outcomes.subList(1, 5)) {
                HexException refused = assertInstanceOf(HexException.class, later);
                assertEquals(HexException.Reason.FLASH_WRITE_LIMIT, refused.reason());
                assertTrue(refused.getMessage().contains("use the volatile 0x2015 chargeCurrentLimit"), refused.getMessage());
            }
            assertEquals(1, device.hex().flashWrites(0xEDF0));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("0xEDF0 batteryMaximumCurrent: kept in flash"), warnings.get(0));
            // Asking for the value it already holds is no write at all, and no refusal.
            Exchange same = send(uri, "set", "batteryMaximumCurrent", "10");
            assertNull(same.getException());
            assertEquals(Boolean.FALSE, same.getMessage().getHeader(VeDirectConstants.WRITTEN));
            assertEquals(1, device.hex().flashWrites(0xEDF0));
        } finally {
            guardLog.removeAppender(appender);
        }
    }

    @Test
    void withoutAConsumerTheProducerOpensThePortForTheExchange() throws Exception {
        device = new PtyDevice("mppt", 250);
        context.start();
        template = context.createProducerTemplate();
        String uri = "vedirect:" + device.port();
        assertEquals("20.0 A", body(uri, "get", "0xEDF0", null).toString());
        assertEquals(0, descriptorsOn(device.port()), "the port is closed after the exchange");
        // And the simulator answers as well, for machines without a device.
        assertEquals("0xA05F", body("vedirect:simulator:mppt", "productId", null, null));
        assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader("vedirect:simulator:mppt", null, VeDirectConstants.REGISTER, "noSuchRegister"));
    }
}
