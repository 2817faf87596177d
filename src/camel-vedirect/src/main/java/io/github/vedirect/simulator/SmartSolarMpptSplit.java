package io.github.vedirect.simulator;

import io.github.vedirect.protocol.VeDirectBlock;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Random;

/**
 * SmartSolar MPPT 150/70 rev2 (firmware 3.16, sent as {@code FWE 316FF}) charging a 400 Ah bank from
 * 900 Wp of panels. Like the real one, it splits its record over two blocks, one per tick:
 * {@code PID FWE SER# V I VPV PPV MPPT CS OR}, then async HEX frames (uptime, heat-sink temperature,
 * panel power and voltage, and the battery voltage, charger current and device state when they
 * changed), then on the next tick {@code ERR LOAD Relay H19 H20 H21 H22 H23 HSDS}. It has no load
 * output; LOAD is the virtual load output, Relay is set to a function that stays off.
 */
final class SmartSolarMpptSplit extends MpptDevice {

    static final String MODEL = "mppt-split";

    private int lastState = -1;
    private int lastVoltageMv = -1;
    private int lastOutputDeciAmps = -1;

    private SmartSolarMpptSplit(Installation site, Random random) {
        super(MODEL, "0xA06C", "HQ2247", site, random);
    }

    static SmartSolarMpptSplit create(long seed, ZoneId zone) {
        Random root = new Random(seed);
        Installation site = new Installation(new Random(root.nextLong()), zone, 400,
                new SolarArray(3, 2, 150), 70, 2.0, false);
        return new SmartSolarMpptSplit(site, new Random(root.nextLong()));
    }

    @Override
    byte[] tick() {
        return blocks % 2 == 0 ? firstHalf() : secondHalf();
    }

    private byte[] firstHalf() {
        int state = charger.state();
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", productId());
        fields.put("FWE", "316FF");
        fields.put("SER#", serial);
        fields.put("V", Integer.toString(voltageMv));
        fields.put("I", Integer.toString(currentMa));
        fields.put("VPV", Integer.toString(panelMv));
        fields.put("PPV", Integer.toString(panelWatts));
        fields.put("MPPT", Integer.toString(charger.trackerMode()));
        fields.put("CS", Integer.toString(state));
        fields.put("OR", offReason(charger.offReason()));
        byte[] block = VeDirectBlock.of(fields).toBytes();

        StringBuilder hex = new StringBuilder()
                .append(HexFrames.async(0x0120, uptime(), 4))
                .append(HexFrames.async(0xEDDB, Math.round(100 * charger.temperature()), 2))
                .append(HexFrames.async(0xEDBC, panelCentiWatts, 4))
                .append(HexFrames.async(0xEDBB, panelMv / 10, 2));
        if (voltageMv != lastVoltageMv) {
            hex.append(HexFrames.async(0xEDD5, voltageMv / 10, 2))
                    .append(HexFrames.async(0xED8D, voltageMv / 10, 2));
            lastVoltageMv = voltageMv;
        }
        if (outputDeciAmps != lastOutputDeciAmps) {
            hex.append(HexFrames.async(0xEDD7, outputDeciAmps, 2));
            lastOutputDeciAmps = outputDeciAmps;
        }
        if (state != lastState) {
            hex.append(HexFrames.async(0x0201, state, 1));
            lastState = state;
        }
        return concat(block, hex);
    }

    private byte[] secondHalf() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("ERR", "0");
        fields.put("LOAD", onOff(site.loadOutputOn()));
        fields.put("Relay", "OFF");
        fields.put("H19", Integer.toString(charger.yieldTotal()));
        fields.put("H20", Integer.toString(charger.yieldToday()));
        fields.put("H21", Integer.toString(charger.maxPowerToday()));
        fields.put("H22", Integer.toString(charger.yieldYesterday()));
        fields.put("H23", Integer.toString(charger.maxPowerYesterday()));
        fields.put("HSDS", Integer.toString(charger.daySequence()));
        return VeDirectBlock.of(fields).toBytes();
    }
}
