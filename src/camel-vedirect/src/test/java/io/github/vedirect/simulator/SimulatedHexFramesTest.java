package io.github.vedirect.simulator;

import io.github.vedirect.protocol.HexFrame;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The simulators' HEX encoder writes frames exactly as real devices do. */
class SimulatedHexFramesTest {

    @Test
    void reproducesRealAsyncFrames() {
        // HEX protocol document: device state 5 (float) after a restart.
        assertEquals(":A0102000543\n", HexFrames.async(0x0201, 5, 1));
        // SmartSolar 150/70 rev2 (KinDR007 fixture): uptime, heat-sink temperature, panel power and voltage.
        assertEquals(":A2001002470030093\n", HexFrames.async(0x0120, 225316, 4));
        assertEquals(":ADBED00BF0ABA\n", HexFrames.async(0xEDDB, 2751, 2));
        assertEquals(":ABCED0045A10000BC\n", HexFrames.async(0xEDBC, 41285, 4));
        assertEquals(":ABBED008D28EE\n", HexFrames.async(0xEDBB, 10381, 2));
        assertEquals(":AD5ED009714DE\n", HexFrames.async(0xEDD5, 5271, 2));
        assertEquals(":A8DED00971426\n", HexFrames.async(0xED8D, 5271, 2));
    }

    @Test
    void everyValueRoundTripsThroughTheDecodersParser() {
        for (int register : new int[] {0x0100, 0x0201, 0xEDBC, 0xFFFF}) {
            for (long value : new long[] {0, 1, 0x55, 0xAA, 0xFF, 0x1234, 0xFFFF, 0xDEADBEEFL}) {
                for (int size : new int[] {1, 2, 4}) {
                    String text = HexFrames.async(register, value, size);
                    HexFrame frame = HexFrame.parse(text);
                    assertNotNull(frame, text);
                    assertEquals(HexFrame.ASYNC, frame.command());
                    assertEquals(register, frame.registerId());
                    assertEquals(0, frame.flags());
                    assertEquals(value & ((1L << (8 * size)) - 1), frame.unsignedValue(), text);
                    assertEquals(text, frame.text() + "\n");
                }
            }
        }
        assertArrayEquals(new byte[] {0x12}, HexFrame.parse(HexFrames.frame(0x3, new byte[] {0x12})).payload());
    }
}
