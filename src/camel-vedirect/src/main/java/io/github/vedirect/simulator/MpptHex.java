package io.github.vedirect.simulator;

import io.github.vedirect.protocol.HexEncoder;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexStorage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * What a simulated SmartSolar answers over HEX: the same readings its text block shows, in the
 * registers' own resolution; its charge settings; and 31 days of history. Today's and yesterday's
 * yield and maximum power are the charger's own (H20..H23); the rest of each day record, and
 * the older days, come from a small model seeded per device and day number, so a record does not
 * change when it is asked for twice.
 */
final class MpptHex {

    private MpptHex() {
    }

    /**
     * @param firmware text FW, e.g. 159 for 1.59
     * @param maxDeciAmps the charger's rated current, 0.1 A: the device limit for 0xEDF0 and 0x2015
     */
    static HexResponder create(MpptDevice device, String modelName, int firmware, int maxDeciAmps, long seed) {
        int pid = Integer.parseInt(device.productId().substring(2), 16);
        int version = Integer.parseInt(Integer.toString(firmware), 16);
        // Firmware 1.53 and later keep the text going and hold answers until the block has ended.
        HexResponder hex = new HexResponder(0x4000 | version, pid, Duration.ZERO, false);
        SolarCharger charger = device.charger;
        hex.reading(0x0100, () -> new byte[] {0, (byte) pid, (byte) (pid >> 8), (byte) 0xFF})
                .reading(0x0102, () -> HexEncoder.littleEndian((long) version << 8 | 0xFF, 3))
                .reading(0x010A, () -> text(device.serial))
                .reading(0x010B, () -> text(modelName))
                .reading(0x0120, () -> u(device.uptime(), 4))
                .reading(0x0200, () -> u(1, 1))
                .reading(0x0201, () -> u(charger.state(), 1))
                .reading(0x0205, () -> u(charger.offReason() & 0xFF, 1))
                .reading(0x0207, () -> u(charger.offReason(), 4))
                .reading(0xED8D, () -> u(device.voltageMv / 10, 2))
                .reading(0xEDA8, () -> u(device.site.loadOutputOn() ? 1 : 0, 1))
                .reading(0xEDAD, () -> u(device.loadMa / 100, 2))
                .reading(0xEDB3, () -> u(charger.trackerMode(), 1))
                .reading(0xEDBB, () -> u(device.panelMv / 10, 2))
                .reading(0xEDBC, () -> u(device.panelCentiWatts, 4))
                .reading(0xEDBD, () -> u(device.panelMv < 1000 ? 0
                        : Math.round(device.panelCentiWatts / (double) device.panelMv * 100), 2))
                .reading(0xEDD0, () -> u(charger.maxPowerYesterday(), 2))
                .reading(0xEDD1, () -> u(charger.yieldYesterday(), 2))
                .reading(0xEDD2, () -> u(charger.maxPowerToday(), 2))
                .reading(0xEDD3, () -> u(charger.yieldToday(), 2))
                .reading(0xEDD5, () -> u(device.voltageMv / 10, 2))
                .reading(0xEDD7, () -> u(device.outputDeciAmps, 2))
                .reading(0xEDDA, () -> u(0, 1))
                .reading(0xEDDB, () -> u(Math.round(100 * charger.temperature()), 2))
                .reading(0xEDDC, () -> u(charger.yieldTotal(), 4))
                .reading(0xEDDD, () -> u(charger.yieldTotal(), 4))
                .reading(0x104F, () -> total(device).encode())
                .setting(0xEDF0, 2, HexStorage.FLASH, 0, maxDeciAmps, maxDeciAmps)
                .setting(0xEDF7, 2, HexStorage.FLASH, 1000, 1700, 1440)
                .setting(0xEDF6, 2, HexStorage.FLASH, 1000, 1700, 1380)
                .setting(0x2015, 2, HexStorage.VOLATILE, 0, maxDeciAmps, maxDeciAmps)
                // Load output control: codes 0 (off) to 7, factory default 1 (automatic); a code beyond is a
                // parameter error. The load output follows it (Installation.loadMode).
                .setting(0xEDAB, 1, HexStorage.FLASH, 0, 7, 1)
                .history(day -> day(device, day, seed));
        device.site.loadMode(() -> hex.setting(0xEDAB).map(code -> code[0] & 0xFF).orElse(1));
        return hex;
    }

    /** Days the charger holds: as many as it has counted, at most 31. */
    static int availableDays(MpptDevice device) {
        return Math.min(31, device.charger.daySequence() + 1);
    }

    static HexHistory.Total total(MpptDevice device) {
        BigDecimal yield = hundredths(device.charger.yieldTotal());
        return new HexHistory.Total(1, 0, List.of(0, 0, 0, 0), yield, yield,
                hundredths(Math.round(100 * device.site.array.openCircuitVoltage(1.0) * 1.05)),
                hundredths(1480), availableDays(device));
    }

    static byte[] day(MpptDevice device, int day, long seed) {
        if (day >= availableDays(device)) {
            return null;
        }
        SolarCharger charger = device.charger;
        int sequence = charger.daySequence() - day;
        Random random = new Random(seed * 1_000_003L + sequence);
        // Irradiance is a fraction of full sun here (SolarArray), not W/m2.
        double wattPeak = device.site.array.maxPower(1.0);
        int sunHours = 100 + random.nextInt(400);
        long yield = switch (day) {
            case 0 -> charger.yieldToday();
            case 1 -> charger.yieldYesterday();
            default -> Math.round(wattPeak * sunHours / 100.0 / 10);
        };
        long maxPower = switch (day) {
            case 0 -> charger.maxPowerToday();
            case 1 -> charger.maxPowerYesterday();
            default -> Math.round(wattPeak * (0.3 + 0.6 * random.nextDouble()));
        };
        int bulk = 120 + random.nextInt(300);
        int absorption = random.nextInt(121);
        int floatMinutes = random.nextInt(300);
        int minVolts = 1200 + random.nextInt(60);
        int maxVolts = absorption > 0 ? 1440 : 1300 + random.nextInt(140);
        if (day == 0) {
            maxVolts = Math.max(maxVolts, device.voltageMv / 10);
            minVolts = Math.min(minVolts, device.voltageMv / 10);
        }
        return new HexHistory.Day(0, hundredths(yield), BigDecimal.ZERO.setScale(2), hundredths(maxVolts),
                hundredths(minVolts), 0, List.of(0, 0, 0, 0), bulk, absorption, floatMinutes, maxPower,
                BigDecimal.valueOf(Math.round(maxPower / 13.0 * 10)).movePointLeft(1),
                hundredths(Math.round(100 * device.site.array.openCircuitVoltage(0.8 + 0.3 * random.nextDouble()))),
                sequence & 0xFFFF).encode();
    }

    private static BigDecimal hundredths(long raw) {
        return BigDecimal.valueOf(raw).movePointLeft(2);
    }

    static byte[] u(long value, int size) {
        return HexEncoder.littleEndian(value, size);
    }

    static byte[] text(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, bytes, 0, ascii.length);
        return bytes;
    }
}
