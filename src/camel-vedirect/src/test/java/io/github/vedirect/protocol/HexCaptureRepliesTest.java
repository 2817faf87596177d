package io.github.vedirect.protocol;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real HEX answers from real devices, read through the real decoder and the catalogue, checked
 * against the text fields the same device sent with them.
 */
class HexCaptureRepliesTest {

    /** A frame at the end of a line of the history capture ("REG 0x1050 day00 :7501..."). */
    private static final Pattern FRAME = Pattern.compile("(:[0-9A-F]{3,})\\s*$");

    private record Decoded(List<VeDirectBlock> blocks, List<HexFrame> frames) {
    }

    private static Decoded decode(String capture) {
        List<VeDirectBlock> blocks = new ArrayList<>();
        List<HexFrame> frames = new ArrayList<>();
        new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                blocks.add(block);
            }

            @Override
            public void onHexFrame(HexFrame frame) {
                frames.add(frame);
            }
        }).feed(Captures.read(capture));
        return new Decoded(blocks, frames);
    }

    @Test
    void smartSolar100_30AnswersMaxPowerYesterdayAsItsTextSays() {
        Decoded decoded = decode("koestler_go-victron_smartsolar_100_30_text_plus_hex_response.bin");
        assertEquals(1, decoded.blocks().size());
        assertEquals(1, decoded.frames().size());
        HexCommand get = HexCommand.get(HexRegisters.find("maxPowerYesterday").orElseThrow());
        HexFrame reply = decoded.frames().get(0);
        assertTrue(get.answeredBy(reply), reply.text());
        HexValue value = assertInstanceOf(HexReply.Success.class, get.reply(reply)).value();
        assertEquals(new BigDecimal(decoded.blocks().get(0).get("H23")), value.number(), "H23 is max power yesterday");
        assertEquals("0 W", value.toString());
    }

    /** ckeller42: a 75/15 asked for its day records, with the text fields the history must agree with. */
    @Test
    void mppt75_15HistoryRecordsMatchItsTextFields() {
        String text = new String(Captures.read("ckeller42_vedirect-influx_history_mppt7515.txt"), StandardCharsets.US_ASCII);
        List<HexFrame> replies = new ArrayList<>();
        HexFrame productId = null;
        for (String line : text.split("\n")) {
            Matcher hex = FRAME.matcher(line);
            if (!hex.find()) {
                continue;
            }
            HexFrame frame = HexFrame.parse(hex.group(1));
            assertNotNull(frame, line);
            if (line.startsWith("#")) {
                productId = frame;
            } else {
                replies.add(frame);
            }
        }
        HexReply.Success pid = assertInstanceOf(HexReply.Success.class,
                HexCommand.get(HexRegisters.PRODUCT_ID).reply(productId));
        assertEquals(0xA075, HexRegisters.productIdOf(pid.bytes()));

        assertEquals(11, replies.size());
        for (int day = 0; day < 10; day++) {
            HexCommand get = HexCommand.get(HexHistory.dayRegister(day));
            HexReply.Success reply = assertInstanceOf(HexReply.Success.class, get.reply(replies.get(day)));
            HexHistory.Day record = HexHistory.Day.decode(reply.bytes());
            assertEquals(9 - day, record.daySequence(), "day numbers count back from today");
            assertTrue(record.minBatteryVoltage().compareTo(record.maxBatteryVoltage()) <= 0);
            assertTrue(record.maxBatteryVoltage().compareTo(new BigDecimal("15.0")) < 0, "a 12 V battery");
            assertTrue(record.maxPanelVoltage().compareTo(new BigDecimal("75")) < 0, "a 75 V charger");
            assertTrue(record.minutesBulk() + record.minutesAbsorption() + record.minutesFloat() <= 24 * 60);
            assertEquals(List.of(0, 0, 0, 0), record.errors());
            assertEquals(record, HexHistory.Day.decode(record.encode()));
        }
        // "H20=53 H21=179 H22=54 H23=194", as the capture's header gives the text fields.
        HexHistory.Day today = HexHistory.Day.decode(replies.get(0).value());
        HexHistory.Day yesterday = HexHistory.Day.decode(replies.get(1).value());
        assertEquals(new BigDecimal("0.53"), today.yieldKwh());
        assertEquals(179L, today.maxPowerWatts());
        assertEquals(new BigDecimal("0.54"), yesterday.yieldKwh());
        assertEquals(194L, yesterday.maxPowerWatts());

        // Day 10 does not exist yet on this charger: flags 0x04, one line naming the register.
        HexReply.Failure missing = assertInstanceOf(HexReply.Failure.class,
                HexCommand.get(HexHistory.dayRegister(10)).reply(replies.get(10)));
        assertEquals(HexReply.Kind.PARAMETER_ERROR, missing.kind());
        assertTrue(missing.message().startsWith("0x105A historyDay10: "), missing.message());
    }

    /** Chargers also send their history unasked; the totals and today's record agree with H19, H20, H21 and HSDS. */
    @Test
    void asyncHistoryFramesAgreeWithTheTextBlock() {
        Decoded decoded = decode("digitalprj_vedirect-2mqtt4j_testdata_mppt_01.bin");
        VeDirectBlock block = decoded.blocks().get(0);
        HexHistory.Total total = null;
        HexHistory.Day today = null;
        for (HexFrame frame : decoded.frames()) {
            if (frame.registerId() == HexRegisters.HISTORY_TOTAL) {
                total = HexHistory.Total.decode(frame.value());
            } else if (frame.registerId() == HexRegisters.HISTORY_DAY_0) {
                today = HexHistory.Day.decode(frame.value());
            }
        }
        assertNotNull(total);
        assertNotNull(today);
        assertEquals(hundredths(block.get("H19")), total.userYieldKwh());
        assertEquals(30, total.availableDays());
        assertTrue(total.maxBatteryVoltage().compareTo(total.maxPanelVoltage()) < 0);
        assertEquals(hundredths(block.get("H20")), today.yieldKwh());
        assertEquals(Long.parseLong(block.get("H21")), today.maxPowerWatts());
        assertEquals(Integer.parseInt(block.get("HSDS")), today.daySequence());
    }

    private static BigDecimal hundredths(String text) {
        return new BigDecimal(text).movePointLeft(2);
    }
}
