package io.github.vedirect.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * What a SmartSolar charger reports about its {@link Installation}: measured values in the
 * resolution the real chargers send (10 mV, 10 mA, W, 0.1 A on the load output), the charge state,
 * and the daily history. Subclasses lay the values out in blocks and add the HEX frames.
 */
abstract class MpptDevice implements SimulatedDevice {

    private static final String SERIAL_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private final String model;
    private final String productId;
    final Installation site;
    final SolarCharger charger;
    final Random noise;
    /** SER#: location HQ, year and week of manufacture, five characters of its own. */
    final String serial;
    private final long uptimeAtStart;
    long blocks;

    // This tick's readings.
    int voltageMv;
    int currentMa;
    int panelMv;
    int panelWatts;
    /** Panel power in 0.01 W, for register 0xEDBC. */
    long panelCentiWatts;
    /** Charger output current in 0.1 A, for register 0xEDD7. */
    int outputDeciAmps;
    int loadMa;

    MpptDevice(String model, String productId, String serialPrefix, Installation site, Random random) {
        this.model = model;
        this.productId = productId;
        this.site = site;
        this.charger = site.charger;
        this.noise = random;
        StringBuilder serial = new StringBuilder(serialPrefix);
        for (int i = 0; i < 5; i++) {
            serial.append(SERIAL_CHARACTERS.charAt(random.nextInt(SERIAL_CHARACTERS.length())));
        }
        this.serial = serial.toString();
        this.uptimeAtStart = 3600 + random.nextInt(90 * 86400);
    }

    /** Null unless the subclass answers HEX. */
    HexResponder hex;

    @Override
    public final byte[] nextTick(Instant now) {
        site.advanceTo(now, seconds -> { });
        measure();
        byte[] bytes = tick();
        blocks++;
        // The model and the block counter run on through a pause; only the sending stops.
        return hex != null && hex.textPaused(now) ? new byte[0] : bytes;
    }

    @Override
    public final void dayLength(Duration length) {
        site.dayLength(length);
    }

    @Override
    public final HexResponder hex() {
        return hex;
    }

    /** The bytes of this tick, from the readings {@link #measure} took. */
    abstract byte[] tick();

    private void measure() {
        voltageMv = tens(1000 * site.voltage() + 5 * noise.nextGaussian());
        double loadAmps = site.loadOutputCurrent();
        loadMa = 100 * (int) Math.round(10 * loadAmps);
        double batteryAmps = charger.outputCurrent() - loadAmps - charger.selfConsumption();
        double currentNoise = charger.state() == SolarCharger.OFF ? 0 : 10 * noise.nextGaussian();
        currentMa = tens(1000 * batteryAmps + currentNoise);
        double panelVolts = charger.panelVoltage();
        // At night the panel input reads a few millivolts of nothing.
        panelMv = panelVolts > 0.05 ? tens(1000 * panelVolts + 30 * noise.nextGaussian()) : 10 * noise.nextInt(3);
        panelCentiWatts = Math.round(100 * charger.panelPower());
        panelWatts = (int) Math.round(charger.panelPower());
        outputDeciAmps = (int) Math.round(10 * charger.outputCurrent());
    }

    private static int tens(double value) {
        return 10 * (int) Math.round(value / 10);
    }

    /** Seconds since the charger was powered, for register 0x0120. */
    long uptime() {
        return uptimeAtStart + (long) site.secondsRunning();
    }

    static byte[] concat(byte[] block, CharSequence hex) {
        byte[] frames = hex.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[block.length + frames.length];
        System.arraycopy(block, 0, bytes, 0, block.length);
        System.arraycopy(frames, 0, bytes, block.length, frames.length);
        return bytes;
    }

    static String onOff(boolean on) {
        return on ? "ON" : "OFF";
    }

    static String offReason(int bits) {
        return String.format("0x%08X", bits);
    }

    @Override
    public final String model() {
        return model;
    }

    @Override
    public final String productId() {
        return productId;
    }
}
