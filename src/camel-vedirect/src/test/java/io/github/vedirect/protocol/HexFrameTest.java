package io.github.vedirect.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The worked examples of the HEX protocol document (section 7.3). */
class HexFrameTest {

    @Test
    void pingResponseCarriesTheFirmwareVersion() {
        HexFrame ping = HexFrame.parse(":51641F9\n");
        assertEquals(HexFrame.PING_RESPONSE, ping.command());
        assertEquals(0x4116, ping.unsignedValue());
        assertEquals(-1, ping.registerId());
    }

    @Test
    void getReplyDecodesRegisterFlagsAndLittleEndianValue() {
        HexFrame reply = HexFrame.parse(":7F0ED009600DB");
        assertEquals(HexFrame.GET, reply.command());
        assertEquals(0xEDF0, reply.registerId());
        assertEquals(0, reply.flags());
        assertEquals(150, reply.unsignedValue());
        assertEquals(":7F0ED009600DB", reply.text());
    }

    @Test
    void asyncDeviceStateAfterRestart() {
        HexFrame async = HexFrame.parse(":A0102000543");
        assertEquals(HexFrame.ASYNC, async.command());
        assertEquals(0x0201, async.registerId());
        assertArrayEquals(new byte[] {5}, async.value());
    }

    @Test
    void productIdReplyOfARealMppt() {
        HexFrame reply = HexFrame.parse(":70001000056A0FF58");
        assertEquals(0x0100, reply.registerId());
        assertArrayEquals(new byte[] {0x00, 0x56, (byte) 0xA0, (byte) 0xFF}, reply.value());
    }

    @Test
    void wrongChecksumOddShapeOrLowerCaseIsNoFrame() {
        assertNull(HexFrame.parse(":452"), "bad checksum");
        assertNull(HexFrame.parse(":7F0ED009600D"), "even number of digits");
        assertNull(HexFrame.parse(":7f0ed009600db"), "the protocol sends upper case only");
        assertNull(HexFrame.parse("7F0ED009600DB"), "no colon");
        assertEquals(":4AAAAFD", HexFrame.parse(":4AAAAFD").text());
    }
}
