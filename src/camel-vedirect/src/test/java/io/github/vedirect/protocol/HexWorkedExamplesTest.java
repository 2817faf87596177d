package io.github.vedirect.protocol;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worked examples of the protocol doc, section 7.3, frame for frame: they are the spec. */
class HexWorkedExamplesTest {

    private static HexFrame frame(String text) {
        HexFrame frame = HexFrame.parse(text);
        assertTrue(frame != null, text + " must be a valid frame");
        return frame;
    }

    private static HexReply.Success success(HexCommand command, String reply) {
        return assertInstanceOf(HexReply.Success.class, command.reply(frame(reply)), reply);
    }

    @Test
    void ping() {
        assertEquals(":154\n", HexCommand.ping().frame());
        HexReply.Success reply = success(HexCommand.ping(), ":51641F9");
        assertEquals(0x4116, reply.unsigned());
        assertEquals("1.16", reply.firmwareVersion());
    }

    @Test
    void appVersion() {
        assertEquals(":352\n", HexCommand.appVersion().frame());
        assertEquals("1.16", success(HexCommand.appVersion(), ":11641FD").firmwareVersion());
        assertFalse(HexCommand.ping().answeredBy(frame(":11641FD")), "Done answers app version, not ping");
    }

    @Test
    void productId() {
        assertEquals(":451\n", HexCommand.productId().frame());
        assertEquals(0x0300, success(HexCommand.productId(), ":1000351").unsigned());
    }

    @Test
    void getBatteryMaximumCurrent() {
        HexRegister register = HexRegisters.byId(0xEDF0).orElseThrow();
        assertEquals(":7F0ED0071\n", HexCommand.get(register).frame());
        HexValue value = success(HexCommand.get(register), ":7F0ED009600DB").value();
        assertEquals(new BigDecimal("15.0"), value.number());
        assertEquals("15.0 A", value.toString());
    }

    @Test
    void setBatteryMaximumCurrentTo10Amps() {
        HexRegister register = HexRegisters.byId(0xEDF0).orElseThrow();
        HexCommand set = HexCommand.set(register, new BigDecimal("10.0"));
        assertEquals(":8F0ED0064000C\n", set.frame());
        assertEquals(new BigDecimal("10.0"), success(set, ":8F0ED0064000C").value().number());
        assertFalse(HexCommand.get(register).answeredBy(frame(":8F0ED0064000C")), "a set echo does not answer a get");
    }

    @Test
    void invalidCommandAndBadChecksum() {
        assertEquals(":253\n", HexEncoder.frame(2, new byte[0]));
        HexFrame unknown = frame(":3020050");
        assertEquals(HexFrame.UNKNOWN, unknown.command());
        // The echo names command 2, which none of ours is: it answers none of them.
        assertFalse(HexCommand.ping().answeredBy(unknown));
        assertFalse(HexCommand.productId().answeredBy(unknown));

        assertEquals(null, HexFrame.parse(":452"), "the doc's bad-checksum request is refused by our parser too");
        HexReply reply = HexCommand.productId().reply(frame(":4AAAAFD"));
        HexReply.Failure failure = assertInstanceOf(HexReply.Failure.class, reply);
        assertEquals(HexReply.Kind.FRAME_ERROR, failure.kind());
        assertTrue(failure.message().startsWith("product id: "), failure.message());
    }

    @Test
    void restartAndTheAsyncStateAfterIt() {
        assertEquals(":64F\n", HexEncoder.frame(HexCommand.RESTART, new byte[0]));
        HexFrame async = frame(":A0102000543");
        assertFalse(HexCommand.get(0x0201).answeredBy(async), "async frames answer nothing");
        HexValue state = HexRegisters.byId(async.registerId()).orElseThrow().decode(async.value());
        assertEquals(5, state.raw());
    }

    @Test
    void batteryVoltageAndSoc() {
        HexCommand voltage = HexCommand.get(HexRegisters.find("0xED8D").orElseThrow());
        assertEquals(":78DED00D4\n", voltage.frame());
        assertEquals("12.80 V", success(voltage, ":78DED000005CF").value().toString());
        assertEquals(":7FF0F0040\n", HexCommand.get(HexRegisters.find("stateOfCharge").orElseThrow()).frame());
    }

    @Test
    void realMpptProductIdRegister() {
        HexReply.Success reply = success(HexCommand.get(HexRegisters.PRODUCT_ID), ":70001000056A0FF58");
        assertEquals(0xA056, HexRegisters.productIdOf(reply.bytes()));
    }
}
