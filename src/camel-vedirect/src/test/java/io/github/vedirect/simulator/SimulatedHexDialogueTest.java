package io.github.vedirect.simulator;

import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.HexCommand;
import io.github.vedirect.protocol.HexEncoder;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexReply;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host talking HEX to the simulated SmartSolar and BMV-712 over a {@link SimulatedWire}, with every
 * byte the device sends going through the real decoder: answers must come back as valid frames that
 * match their commands, and the text blocks around them must stay intact.
 */
class SimulatedHexDialogueTest {

    /** Noon in summer, so the charger is charging and its readings are not all zero. */
    private static final Instant NOON = Instant.parse("2024-06-21T12:00:00Z");

    /** The host side: a wire, the real decoder, and what the decoder found. */
    private static final class Host {
        final SimulatedWire wire;
        final List<VeDirectBlock> blocks = new ArrayList<>();
        final List<HexFrame> frames = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final VeDirectDecoder decoder = new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                blocks.add(block);
            }

            @Override
            public void onHexFrame(HexFrame frame) {
                frames.add(frame);
            }
        });

        Host(String model) {
            this(Simulators.create(model, 11, ZoneOffset.UTC));
        }

        Host(SimulatedDevice device) {
            wire = new SimulatedWire(device, NOON);
        }

        HexResponder hex() {
            return wire.device().hex();
        }

        byte[] read(int max) {
            byte[] bytes = wire.read(max);
            received.writeBytes(bytes);
            decoder.feed(bytes);
            return bytes;
        }

        byte[] readTick() {
            return read(Integer.MAX_VALUE);
        }

        /** Sends the command part-way into the current tick, reads the rest of it, returns the answer. */
        HexReply ask(HexCommand command) {
            int before = frames.size();
            wire.write(command.bytes());
            readTick();
            HexFrame answer = frames.subList(before, frames.size()).stream().filter(command::answeredBy)
                    .findFirst().orElse(null);
            assertNotNull(answer, command + " got no answer");
            return command.reply(answer);
        }

        VeDirectBlock lastBlock() {
            return blocks.get(blocks.size() - 1);
        }
    }

    private static HexReply.Success success(HexReply reply) {
        return assertInstanceOf(HexReply.Success.class, reply, reply.toString());
    }

    private static HexReply.Failure failure(HexReply reply, HexReply.Kind kind) {
        HexReply.Failure failure = assertInstanceOf(HexReply.Failure.class, reply, reply.toString());
        assertEquals(kind, failure.kind(), failure.message());
        return failure;
    }

    private static HexRegister register(String name) {
        return HexRegisters.find(name).orElseThrow();
    }

    private static BigDecimal number(HexReply reply) {
        return success(reply).value().number();
    }

    @Test
    void mpptAnswersPingAppVersionAndProductId() {
        Host host = new Host("mppt");
        host.read(20);
        assertEquals("1.59", success(host.ask(HexCommand.ping())).firmwareVersion());
        host.read(20);
        assertEquals("1.59", success(host.ask(HexCommand.appVersion())).firmwareVersion());
        host.read(20);
        assertEquals(0xA05F, success(host.ask(HexCommand.productId())).unsigned());
        host.read(20);
        HexReply.Success pid = success(host.ask(HexCommand.get(HexRegisters.PRODUCT_ID)));
        assertEquals(0xA05F, HexRegisters.productIdOf(pid.bytes()));
        host.read(20);
        assertEquals("SmartSolar Charger MPPT 100/20",
                success(host.ask(HexCommand.get(HexRegisters.MODEL_NAME))).value().text());
        assertEquals(5, host.blocks.size(), "one intact block per tick around the answers");
    }

    @Test
    void mpptReadingsAgreeWithTheBlockOfTheSameTick() {
        Host host = new Host("mppt");
        for (String[] pair : new String[][] {
                {"chargerVoltage", "V", "0.001"}, {"panelVoltage", "VPV", "0.001"}, {"yieldToday", "H20", "0.01"},
                {"maxPowerToday", "H21", "1"}, {"userYield", "H19", "0.01"}, {"deviceState", "CS", "1"},
                {"trackerMode", "MPPT", "1"}, {"yieldYesterday", "H22", "0.01"}, {"maxPowerYesterday", "H23", "1"}}) {
            host.read(10);
            BigDecimal hex = number(host.ask(HexCommand.get(register(pair[0]))));
            BigDecimal text = new BigDecimal(host.lastBlock().get(pair[1])).multiply(new BigDecimal(pair[2]));
            assertEquals(0, text.compareTo(hex), pair[0] + " " + hex + " vs " + pair[1] + " " + text);
        }
        assertTrue(new BigDecimal(host.lastBlock().get("VPV")).signum() > 0, "a sunny noon");
    }

    @Test
    void newerFirmwareHoldsItsAnswerUntilTheBlockHasEnded() {
        Host host = new Host("mppt");
        assertEquals(false, host.hex().repliesMidBlock());
        host.read(30);
        host.wire.write(HexCommand.get(register("panelPower")).bytes());
        host.readTick();
        String tick = new String(host.received.toByteArray(), StandardCharsets.ISO_8859_1);
        int answer = tick.indexOf(":7BCED");
        assertTrue(answer > tick.indexOf("Checksum\t") + 9, tick);
        assertEquals(1, host.blocks.size());
    }

    @Test
    void olderFirmwareAnswersInTheMiddleOfABlockAndTheBlockSurvives() {
        Host host = new Host("mppt");
        host.hex().repliesMidBlock(true);
        host.read(30);
        HexReply reply = host.ask(HexCommand.get(register("chargerVoltage")));
        String tick = new String(host.received.toByteArray(), StandardCharsets.ISO_8859_1);
        assertEquals(30, tick.indexOf(":7D5ED"), "the answer lands where the host had read up to");
        assertTrue(tick.indexOf(":7D5ED") < tick.indexOf("Checksum\t"), "inside the text block");
        assertEquals(1, host.blocks.size(), "the block around the answer still checks");
        assertEquals(19, host.lastBlock().size());
        assertEquals(0, new BigDecimal(host.lastBlock().get("V")).movePointLeft(3).compareTo(number(reply)));
    }

    @Test
    void registersTheDeviceLacksAreUnknownIds() {
        Host host = new Host("mppt");
        host.read(5);
        // The doc: MPPTs do not know 0xED8F; they report their current in 0xEDD7.
        HexReply.Failure failure = failure(host.ask(HexCommand.get(register("batteryCurrent"))), HexReply.Kind.UNKNOWN_ID);
        assertEquals("0xED8F batteryCurrent: the device does not have this register (unknown id)", failure.message());
        host.read(5);
        failure(host.ask(HexCommand.get(0x1234)), HexReply.Kind.UNKNOWN_ID);
        host.read(5);
        failure(host.ask(HexCommand.get(register("stateOfCharge"))), HexReply.Kind.UNKNOWN_ID);

        Host bmv = new Host("bmv712");
        bmv.read(5);
        failure(bmv.ask(HexCommand.get(register("panelPower"))), HexReply.Kind.UNKNOWN_ID);
    }

    @Test
    void writesToReadOnlyRegistersAreRefusedWithNotSupported() {
        Host host = new Host("mppt");
        host.read(5);
        HexReply.Failure failure = failure(host.ask(HexCommand.setUnchecked(0xEDD5, HexEncoder.littleEndian(1300, 2))),
                HexReply.Kind.NOT_SUPPORTED);
        assertTrue(failure.message().startsWith("0xEDD5 chargerVoltage: "), failure.message());

        Host bmv = new Host("bmv712");
        bmv.read(5);
        failure(bmv.ask(HexCommand.setUnchecked(0x0FFF, HexEncoder.littleEndian(5000, 2))), HexReply.Kind.NOT_SUPPORTED);
        bmv.read(5);
        failure(bmv.ask(HexCommand.setUnchecked(0xEDF0, HexEncoder.littleEndian(100, 2))), HexReply.Kind.UNKNOWN_ID);
    }

    @Test
    void setsAreStoredFlashSurvivesARestartVolatileDoesNot() {
        Host host = new Host("mppt");
        HexRegister maxCurrent = register("batteryMaximumCurrent");
        HexRegister limit = register("chargeCurrentLimit");
        host.read(5);
        assertEquals(new BigDecimal("20.0"), number(host.ask(HexCommand.get(maxCurrent))), "a 100/20's factory value");
        host.read(5);
        assertEquals(new BigDecimal("15.0"), number(host.ask(HexCommand.set(maxCurrent, new BigDecimal("15")))));
        host.read(5);
        assertEquals(new BigDecimal("5.5"), number(host.ask(HexCommand.set(limit, new BigDecimal("5.5")))));
        host.read(5);
        assertEquals(new BigDecimal("5.5"), number(host.ask(HexCommand.get(limit))));
        assertEquals(1, host.hex().flashWrites(maxCurrent.id()));
        assertEquals(0, host.hex().flashWrites(limit.id()));

        int before = host.frames.size();
        host.wire.write(HexEncoder.frame(HexCommand.RESTART, new byte[0]).getBytes(StandardCharsets.US_ASCII));
        host.readTick();
        assertTrue(host.frames.subList(before, host.frames.size()).stream()
                .allMatch(frame -> frame.command() == HexFrame.ASYNC), "restart is not answered");
        assertEquals(1, host.hex().restarts());

        host.read(5);
        assertEquals(new BigDecimal("15.0"), number(host.ask(HexCommand.get(maxCurrent))), "kept in flash");
        host.read(5);
        assertEquals(new BigDecimal("20.0"), number(host.ask(HexCommand.get(limit))), "volatile: back to default");
    }

    @Test
    void valuesBeyondTheDevicesOwnLimitGetParameterError() {
        Host host = new Host("mppt");
        HexRegister maxCurrent = register("batteryMaximumCurrent");
        host.read(5);
        // 25 A passes the catalogue (any VE.Direct charger) but not a 100/20.
        HexReply.Failure failure = failure(host.ask(HexCommand.set(maxCurrent, new BigDecimal("25"))),
                HexReply.Kind.PARAMETER_ERROR);
        assertTrue(failure.message().startsWith("0xEDF0 batteryMaximumCurrent: "), failure.message());
        host.read(5);
        failure(host.ask(HexCommand.setUnchecked(0xEDF0, new byte[] {1})), HexReply.Kind.PARAMETER_ERROR);
        assertEquals(0, host.hex().flashWrites(maxCurrent.id()));
        host.read(5);
        assertEquals(new BigDecimal("20.0"), number(host.ask(HexCommand.get(maxCurrent))));
    }

    @Test
    void unknownCommandsAndUnreadableFramesAreAnsweredAsTheDocSays() {
        Host host = new Host("mppt");
        host.read(5);
        host.wire.write(HexEncoder.frame(2, new byte[0]).getBytes(StandardCharsets.US_ASCII));
        host.wire.write(":452\n".getBytes(StandardCharsets.US_ASCII));
        host.readTick();
        List<String> texts = host.frames.stream().map(HexFrame::text).toList();
        assertTrue(texts.contains(":3020050"), texts.toString());
        assertTrue(texts.contains(":4AAAAFD"), texts.toString());
        assertEquals(1, host.blocks.size());
    }

    @Test
    void commandsInPiecesAndBetweenNoiseAreStillRead() {
        Host host = new Host("mppt");
        host.read(5);
        byte[] ping = ("\r\nnoise" + HexCommand.ping().frame()).getBytes(StandardCharsets.US_ASCII);
        for (byte b : ping) {
            host.wire.write(new byte[] {b});
        }
        host.readTick();
        assertTrue(host.frames.stream().anyMatch(HexCommand.ping()::answeredBy));
    }

    @Test
    void textPausesAfterAnExchangeForAsLongAsConfigured() {
        for (int seconds : new int[] {0, 1, 2, 3}) {
            Host host = new Host("bmv712");
            host.hex().textPause(Duration.ofSeconds(seconds));
            host.readTick();
            host.ask(HexCommand.get(register("stateOfCharge")));
            int blocksBefore = host.blocks.size();
            int emptyTicks = 0;
            for (int tick = 0; tick < 6; tick++) {
                if (host.readTick().length == 0) {
                    emptyTicks++;
                }
            }
            assertEquals(seconds, emptyTicks, "pause " + seconds + " s");
            assertEquals(6 - seconds, host.blocks.size() - blocksBefore, "every block sent is intact");
        }
        assertEquals(Duration.ofSeconds(2), new Host("bmv712").hex().textPause(), "the BMV's default");
        assertEquals(Duration.ZERO, new Host("mppt").hex().textPause(), "firmware 1.59 never pauses");
    }

    @Test
    void bmvReadingsAgreeWithItsMainBlock() {
        Host host = new Host("bmv712");
        // Without the text pause, so that every ask has a fresh main block to compare with.
        host.hex().textPause(Duration.ZERO);
        host.read(10);
        BigDecimal soc = number(host.ask(HexCommand.get(register("stateOfCharge"))));
        VeDirectBlock main = host.lastBlock();
        assertEquals("0xA381", main.get("PID"));
        assertTrue(soc.subtract(new BigDecimal(main.get("SOC")).movePointLeft(1)).abs()
                .compareTo(new BigDecimal("0.05")) <= 0, soc + " vs SOC " + main.get("SOC"));
        host.readTick();
        host.read(10);
        BigDecimal current = number(host.ask(HexCommand.get(register("batteryCurrentPrecise"))));
        main = host.lastBlock();
        assertEquals(0, new BigDecimal(main.get("I")).movePointLeft(3).compareTo(current));
        host.readTick();
        host.read(10);
        BigDecimal aux = number(host.ask(HexCommand.get(register("auxVoltage"))));
        assertTrue(aux.subtract(new BigDecimal(host.lastBlock().get("VS")).movePointLeft(3)).abs()
                .compareTo(new BigDecimal("0.005")) <= 0);
        host.read(10);
        assertEquals("4.03", success(host.ask(HexCommand.ping())).firmwareVersion());
    }

    @Test
    void theLoadOutputFollowsItsControlRegister() {
        Host host = new Host("mppt");
        HexRegister control = register("loadOutputControl");
        host.read(5);
        assertEquals(BigDecimal.ONE, number(host.ask(HexCommand.get(control))), "factory default: automatic");
        host.readTick();
        String automatic = host.lastBlock().get("LOAD");

        // The frame a Victron employee gave for "off" (community thread 49788), as the catalogue encodes it.
        HexCommand off = HexCommand.set(control, BigDecimal.ZERO);
        assertEquals(":8ABED0000B5\n", new String(off.bytes(), StandardCharsets.US_ASCII));
        assertEquals(":8ABED0004B1\n", new String(HexCommand.set(control, new BigDecimal("4")).bytes(), StandardCharsets.US_ASCII));
        host.read(5);
        assertEquals(BigDecimal.ZERO, number(host.ask(off)));
        host.readTick();
        assertEquals("OFF", host.lastBlock().get("LOAD"));
        assertEquals("0", host.lastBlock().get("IL"), "nothing flows through an open load output");

        host.read(5);
        assertEquals(new BigDecimal("4"), number(host.ask(HexCommand.set(control, new BigDecimal("4")))));
        host.readTick();
        assertEquals("ON", host.lastBlock().get("LOAD"));
        assertEquals(2, host.hex().flashWrites(control.id()));

        // A code the charger does not know: the device's own refusal (the catalogue would refuse it before sending).
        host.read(5);
        failure(host.ask(HexCommand.setUnchecked(control.id(), new byte[] {9})), HexReply.Kind.PARAMETER_ERROR);
        host.read(5);
        assertEquals(BigDecimal.ONE, number(host.ask(HexCommand.set(control, BigDecimal.ONE))));
        host.readTick();
        // At noon in June the battery is well above the 11.1 V disconnect: automatic means on, as at the start.
        assertEquals("ON", host.lastBlock().get("LOAD"));
        assertEquals("ON", automatic);
    }

    @Test
    void aShortDayTurnsTheDayCounterOverAndYesterdayIsTodaysRecord() {
        SimulatedDevice device = Simulators.create("mppt", 11, ZoneOffset.UTC);
        device.dayLength(Duration.ofSeconds(20));
        Host host = new Host(device);
        host.readTick();
        int first = Integer.parseInt(host.lastBlock().get("HSDS"));
        for (int second = 1; second <= 19; second++) {
            host.readTick();
        }
        assertEquals(first, Integer.parseInt(host.lastBlock().get("HSDS")), "still the first day after 19 s");
        HexHistory.Day today = HexHistory.Day.decode(success(host.ask(HexCommand.get(HexHistory.dayRegister(0)))).bytes());
        String todayYield = host.lastBlock().get("H20");
        host.readTick();
        assertEquals((first + 1) % 365, Integer.parseInt(host.lastBlock().get("HSDS")));
        assertEquals(todayYield, host.lastBlock().get("H22"), "today's yield became yesterday's");
        host.read(5);
        HexHistory.Day yesterday = HexHistory.Day.decode(success(host.ask(HexCommand.get(HexHistory.dayRegister(1)))).bytes());
        assertEquals(first, yesterday.daySequence());
        assertEquals(new BigDecimal(host.lastBlock().get("H22")).movePointLeft(2), yesterday.yieldKwh());
        assertEquals(today.daySequence(), yesterday.daySequence());
    }

    @Test
    void historyRecordsFollowTheChargersDayCounter() {
        Host host = new Host("mppt");
        host.read(10);
        HexHistory.Day today = HexHistory.Day.decode(success(host.ask(HexCommand.get(HexHistory.dayRegister(0)))).bytes());
        VeDirectBlock block = host.lastBlock();
        assertEquals(new BigDecimal(block.get("H20")).movePointLeft(2), today.yieldKwh());
        assertEquals(Long.parseLong(block.get("H21")), today.maxPowerWatts());
        int sequence = Integer.parseInt(block.get("HSDS"));
        assertEquals(sequence, today.daySequence());
        int available = Math.min(31, sequence + 1);
        for (int day = 1; day <= 30; day++) {
            host.read(10);
            HexReply reply = host.ask(HexCommand.get(HexHistory.dayRegister(day)));
            if (day >= available) {
                failure(reply, HexReply.Kind.PARAMETER_ERROR);
                continue;
            }
            HexHistory.Day record = HexHistory.Day.decode(success(reply).bytes());
            assertEquals(sequence - day, record.daySequence());
            assertTrue(record.minBatteryVoltage().compareTo(record.maxBatteryVoltage()) <= 0);
            assertTrue(record.minutesBulk() + record.minutesAbsorption() + record.minutesFloat() < 24 * 60);
            if (day == 1) {
                assertEquals(new BigDecimal(host.lastBlock().get("H22")).movePointLeft(2), record.yieldKwh());
                assertEquals(Long.parseLong(host.lastBlock().get("H23")), record.maxPowerWatts());
            }
        }
        host.read(10);
        byte[] again = success(host.ask(HexCommand.get(HexHistory.dayRegister(2)))).bytes();
        host.read(10);
        assertArrayEquals(again, success(host.ask(HexCommand.get(HexHistory.dayRegister(2)))).bytes(), "a stored day does not change");
        host.read(10);
        HexHistory.Total total = HexHistory.Total.decode(success(host.ask(HexCommand.get(HexRegisters.HISTORY_TOTAL))).bytes());
        assertEquals(new BigDecimal(host.lastBlock().get("H19")).movePointLeft(2), total.userYieldKwh());
        assertEquals(available, total.availableDays());
    }

    @Test
    void aDeviceWithoutHexNeverAnswers() {
        Host host = new Host("bmv702");
        host.read(5);
        host.wire.write(HexCommand.ping().bytes());
        host.readTick();
        host.readTick();
        assertTrue(host.frames.isEmpty());
        assertEquals(2, host.blocks.size());
    }
}
