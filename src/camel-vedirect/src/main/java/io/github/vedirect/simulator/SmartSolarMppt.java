package io.github.vedirect.simulator;

import io.github.vedirect.protocol.VeDirectBlock;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Random;

/**
 * SmartSolar MPPT 100/20 (firmware 1.59) charging a 200 Ah bank from 260 Wp of panels, with the
 * house loads on its load output (the inverter is wired to the battery). One block per tick,
 * {@code PID FW SER# V I VPV PPV CS MPPT OR ERR LOAD IL H19 H20 H21 H22 H23 HSDS}, as in the real
 * 100/20 recordings; every fifth block and whenever the charge state changes, async HEX frames
 * follow the block: charger voltage and current, panel voltage and power, and the new device state.
 */
final class SmartSolarMppt extends MpptDevice {

    static final String MODEL = "mppt";

    private int lastState = -1;

    private SmartSolarMppt(Installation site, Random random) {
        super(MODEL, "0xA05F", "HQ1848", site, random);
    }

    static SmartSolarMppt create(long seed, ZoneId zone) {
        Random root = new Random(seed);
        Installation site = new Installation(new Random(root.nextLong()), zone, 200,
                new SolarArray(2, 1, 130), 20, 1.0, true);
        SmartSolarMppt device = new SmartSolarMppt(site, new Random(root.nextLong()));
        device.hex = MpptHex.create(device, "SmartSolar Charger MPPT 100/20", 159, 200, seed);
        return device;
    }

    @Override
    byte[] tick() {
        int state = charger.state();
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("PID", productId());
        fields.put("FW", "159");
        fields.put("SER#", serial);
        fields.put("V", Integer.toString(voltageMv));
        fields.put("I", Integer.toString(currentMa));
        fields.put("VPV", Integer.toString(panelMv));
        fields.put("PPV", Integer.toString(panelWatts));
        fields.put("CS", Integer.toString(state));
        fields.put("MPPT", Integer.toString(charger.trackerMode()));
        fields.put("OR", offReason(charger.offReason()));
        fields.put("ERR", "0");
        fields.put("LOAD", onOff(site.loadOutputOn()));
        fields.put("IL", Integer.toString(loadMa));
        fields.put("H19", Integer.toString(charger.yieldTotal()));
        fields.put("H20", Integer.toString(charger.yieldToday()));
        fields.put("H21", Integer.toString(charger.maxPowerToday()));
        fields.put("H22", Integer.toString(charger.yieldYesterday()));
        fields.put("H23", Integer.toString(charger.maxPowerYesterday()));
        fields.put("HSDS", Integer.toString(charger.daySequence()));
        byte[] block = VeDirectBlock.of(fields).toBytes();

        boolean stateChanged = state != lastState;
        lastState = state;
        if (!stateChanged && blocks % 5 != 4) {
            return block;
        }
        StringBuilder hex = new StringBuilder();
        if (stateChanged) {
            hex.append(HexFrames.async(0x0201, state, 1));
        }
        hex.append(HexFrames.async(0xEDD5, voltageMv / 10, 2))
                .append(HexFrames.async(0xEDD7, outputDeciAmps, 2))
                .append(HexFrames.async(0xEDBB, panelMv / 10, 2))
                .append(HexFrames.async(0xEDBC, panelCentiWatts, 4));
        return concat(block, hex);
    }
}
