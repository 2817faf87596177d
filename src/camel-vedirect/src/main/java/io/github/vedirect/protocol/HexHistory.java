package io.github.vedirect.protocol;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The solar chargers' history records, registers 0x1050 (today) to 0x106E (30 days ago) and the
 * totals 0x104F.
 *
 * <p>The protocol doc lists these registers but not their layout. The layout here is the one in
 * Victron's velib {@code ve_regs.h} ({@code VE_REG_HISTORY_DAY00}, {@code VE_REG_HISTORY_TOTAL}),
 * and it is checked against real replies: the ckeller42 75/15 history capture (yield and maximum
 * power of today and yesterday equal the text fields H20..H23 sent at the same time, day sequence
 * numbers count down 9..0) and the async 0x104F/0x1050 frames in three MPPT recordings. Devices send
 * the total record padded with 0xFF to the day record's 34 bytes; the padding carries nothing
 * velib describes, so it is not read.
 */
public final class HexHistory {

    /** Length of a day record, and of the padded total record. */
    public static final int RECORD_BYTES = 34;
    /** Meaningful bytes of the total record. */
    public static final int TOTAL_BYTES = 19;

    private static final BigDecimal TENTH = new BigDecimal("0.1");
    private static final BigDecimal HUNDREDTH = new BigDecimal("0.01");

    private HexHistory() {
    }

    /**
     * One day. Every number is null where the device sent its "not available" marker.
     *
     * @param errors the day's first four charger errors (doc 5.2 codes), 0 = none
     */
    public record Day(int version, BigDecimal yieldKwh, BigDecimal consumedKwh, BigDecimal maxBatteryVoltage,
                      BigDecimal minBatteryVoltage, int errorDatabase, List<Integer> errors, Integer minutesBulk,
                      Integer minutesAbsorption, Integer minutesFloat, Long maxPowerWatts,
                      BigDecimal maxBatteryCurrent, BigDecimal maxPanelVoltage, int daySequence) {

        public Day {
            errors = List.copyOf(errors);
        }

        public static Day decode(byte[] value) {
            if (value.length != RECORD_BYTES) {
                throw new IllegalArgumentException("a history day record has " + RECORD_BYTES + " bytes, not " + value.length);
            }
            ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
            int version = in.get() & 0xFF;
            BigDecimal yield = scaled(u32(in), HUNDREDTH, 0xFFFFFFFFL);
            BigDecimal consumed = scaled(u32(in), HUNDREDTH, 0xFFFFFFFFL);
            BigDecimal maxVolts = scaled(u16(in), HUNDREDTH, 0xFFFF);
            BigDecimal minVolts = scaled(u16(in), HUNDREDTH, 0xFFFF);
            int database = in.get() & 0xFF;
            List<Integer> errors = List.of(in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF);
            Integer bulk = minutes(u16(in));
            Integer absorption = minutes(u16(in));
            Integer floatMinutes = minutes(u16(in));
            long power = u32(in);
            BigDecimal maxAmps = scaled(u16(in), TENTH, 0xFFFF);
            BigDecimal maxPanel = scaled(u16(in), HUNDREDTH, 0xFFFF);
            int sequence = in.getShort() & 0xFFFF;
            return new Day(version, yield, consumed, maxVolts, minVolts, database, errors, bulk, absorption,
                    floatMinutes, power == 0xFFFFFFFFL ? null : power, maxAmps, maxPanel, sequence);
        }

        /** The 34 value bytes, n/a markers for null numbers. */
        public byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            out.put((byte) version);
            out.putInt((int) raw(yieldKwh, HUNDREDTH, 0xFFFFFFFFL));
            out.putInt((int) raw(consumedKwh, HUNDREDTH, 0xFFFFFFFFL));
            out.putShort((short) raw(maxBatteryVoltage, HUNDREDTH, 0xFFFF));
            out.putShort((short) raw(minBatteryVoltage, HUNDREDTH, 0xFFFF));
            out.put((byte) errorDatabase);
            for (int i = 0; i < 4; i++) {
                out.put((byte) (i < errors.size() ? errors.get(i) : 0));
            }
            out.putShort((short) (minutesBulk == null ? 0xFFFF : minutesBulk));
            out.putShort((short) (minutesAbsorption == null ? 0xFFFF : minutesAbsorption));
            out.putShort((short) (minutesFloat == null ? 0xFFFF : minutesFloat));
            out.putInt((int) (maxPowerWatts == null ? 0xFFFFFFFFL : maxPowerWatts));
            out.putShort((short) raw(maxBatteryCurrent, TENTH, 0xFFFF));
            out.putShort((short) raw(maxPanelVoltage, HUNDREDTH, 0xFFFF));
            out.putShort((short) daySequence);
            return out.array();
        }
    }

    /**
     * The totals since the history was last cleared.
     *
     * @param availableDays how many day records the device holds (requests beyond get an error flag)
     */
    public record Total(int version, int errorDatabase, List<Integer> errors, BigDecimal userYieldKwh,
                        BigDecimal systemYieldKwh, BigDecimal maxPanelVoltage, BigDecimal maxBatteryVoltage,
                        int availableDays) {

        public Total {
            errors = List.copyOf(errors);
        }

        public static Total decode(byte[] value) {
            if (value.length < TOTAL_BYTES) {
                throw new IllegalArgumentException("a history total record has at least " + TOTAL_BYTES
                        + " bytes, not " + value.length);
            }
            ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
            int version = in.get() & 0xFF;
            int database = in.get() & 0xFF;
            List<Integer> errors = List.of(in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF);
            BigDecimal user = scaled(u32(in), HUNDREDTH, 0xFFFFFFFFL);
            BigDecimal system = scaled(u32(in), HUNDREDTH, 0xFFFFFFFFL);
            BigDecimal panel = scaled(u16(in), HUNDREDTH, 0xFFFF);
            BigDecimal battery = scaled(u16(in), HUNDREDTH, 0xFFFF);
            return new Total(version, database, errors, user, system, panel, battery, in.get() & 0xFF);
        }

        /** The record padded with 0xFF to 34 bytes, as the devices send it. */
        public byte[] encode() {
            byte[] bytes = new byte[RECORD_BYTES];
            Arrays.fill(bytes, (byte) 0xFF);
            ByteBuffer out = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            out.put((byte) version).put((byte) errorDatabase);
            for (int i = 0; i < 4; i++) {
                out.put((byte) (i < errors.size() ? errors.get(i) : 0));
            }
            out.putInt((int) raw(userYieldKwh, HUNDREDTH, 0xFFFFFFFFL));
            out.putInt((int) raw(systemYieldKwh, HUNDREDTH, 0xFFFFFFFFL));
            out.putShort((short) raw(maxPanelVoltage, HUNDREDTH, 0xFFFF));
            out.putShort((short) raw(maxBatteryVoltage, HUNDREDTH, 0xFFFF));
            out.put((byte) availableDays);
            return bytes;
        }
    }

    /** 0x1050 + day, for day 0 (today) to 30. */
    public static int dayRegister(int day) {
        if (day < 0 || day > HexRegisters.HISTORY_DAY_LAST - HexRegisters.HISTORY_DAY_0) {
            throw new IllegalArgumentException("history days go from 0 (today) to 30, not " + day);
        }
        return HexRegisters.HISTORY_DAY_0 + day;
    }

    private static long u32(ByteBuffer in) {
        return in.getInt() & 0xFFFFFFFFL;
    }

    private static int u16(ByteBuffer in) {
        return in.getShort() & 0xFFFF;
    }

    private static BigDecimal scaled(long raw, BigDecimal scale, long notAvailable) {
        return raw == notAvailable ? null : BigDecimal.valueOf(raw).multiply(scale);
    }

    private static Integer minutes(int raw) {
        return raw == 0xFFFF ? null : raw;
    }

    private static long raw(BigDecimal value, BigDecimal scale, long notAvailable) {
        return value == null ? notAvailable : value.divide(scale).longValueExact();
    }
}
