package io.github.vedirect.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The one frame encoder and the decoder's frame parser agree on every frame, and the check byte catches every one-digit error. */
class HexFrameProperties {

    @Property
    void anyFrameRoundTrips(@ForAll @IntRange(max = 15) int command, @ForAll @Size(max = 40) List<Byte> payload) {
        byte[] bytes = toArray(payload);
        String text = HexEncoder.frame(command, bytes);
        HexFrame frame = HexFrame.parse(text);
        assertNotNull(frame, text);
        assertEquals(command, frame.command());
        assertArrayEquals(bytes, frame.payload());
        assertEquals(text, frame.text() + "\n");
        assertEquals(frame, HexFrame.of(command, bytes));
    }

    /**
     * The register commands drawn directly: filtering 3 of 16 commands with an assumption rejected about
     * 81 % of the tries, past jqwik's discard limit for some seeds, so the property failed at random.
     */
    @Provide
    Arbitrary<Integer> registerCommands() {
        return Arbitraries.of(HexFrame.GET, HexFrame.SET, HexFrame.ASYNC);
    }

    @Property
    void anyRegisterFrameRoundTrips(@ForAll("registerCommands") int command, @ForAll @IntRange(max = 0xFFFF) int id,
                                    @ForAll @IntRange(max = 0xFF) int flags, @ForAll @Size(max = 34) List<Byte> value) {
        HexFrame frame = HexFrame.parse(HexEncoder.frame(command, HexEncoder.registerPayload(id, flags, toArray(value))));
        assertNotNull(frame);
        assertEquals(id, frame.registerId());
        assertEquals(flags, frame.flags());
        assertArrayEquals(toArray(value), frame.value());
    }

    @Property
    void commandPlusBytesPlusCheckIsAlways0x55(@ForAll @IntRange(max = 15) int command,
                                               @ForAll @Size(max = 40) List<Byte> payload) {
        String text = HexEncoder.frame(command, toArray(payload));
        int sum = Character.digit(text.charAt(1), 16);
        for (int i = 2; i + 1 < text.length() - 1; i += 2) {
            sum += Integer.parseInt(text.substring(i, i + 2), 16);
        }
        assertEquals(0x55, sum & 0xFF, text);
        assertEquals(text.toUpperCase(), text, "upper-case digits only");
    }

    /** A changed digit moves the sum by 1..15 or 16..240, never by a multiple of 256: always caught. */
    @Property
    void anySingleCorruptedDigitIsRefused(@ForAll @IntRange(max = 15) int command,
                                          @ForAll @Size(max = 40) List<Byte> payload,
                                          @ForAll @IntRange(max = 1000) int where, @ForAll("otherChar") char replacement) {
        String text = HexEncoder.frame(command, toArray(payload));
        int digits = text.length() - 2;
        int position = 1 + where % digits;
        Assume.that(text.charAt(position) != replacement);
        String corrupted = text.substring(0, position) + replacement + text.substring(position + 1);
        assertNull(HexFrame.parse(corrupted), corrupted);
    }

    @Provide
    Arbitrary<Character> otherChar() {
        return Arbitraries.oneOf(Arbitraries.chars().with("0123456789ABCDEF".toCharArray()),
                Arbitraries.chars().with('a', 'f', 'G', ':', ' ', '\r'));
    }

    private static byte[] toArray(List<Byte> bytes) {
        byte[] array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        return array;
    }
}
