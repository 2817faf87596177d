package io.github.vedirect.identity;

/**
 * The headers that tell which device a joined record is from, set on every record the logger's device
 * routes pass on. Plain names, without Camel's prefix: destinations written in YAML (MQTT topics, InfluxDB
 * tags) use them as they are, e.g. {@code ${header.VeDirectDeviceName}}. A package of its own, so that
 * the logger and every destination (Domoticz...) can read them without depending on each other.
 */
public final class DeviceHeaders {

    /** The device's name: {@code vedirect.port.NAME}'s NAME, a cable's serial or name found by auto, or {@code default}. */
    public static final String NAME = "VeDirectDeviceName";

    /** The product, from the device's PID: its name (e.g. {@code SmartSolar MPPT 75/15}), or the PID when unknown. */
    public static final String PRODUCT = "VeDirectDeviceProduct";

    /**
     * What stays the same when cables move between USB sockets: the device's {@code SER#}, else (BMV-70x,
     * which sends none) the serial number of its Victron USB cable, else the device's name.
     */
    public static final String SERIAL = "VeDirectDeviceSerial";

    private DeviceHeaders() {
    }
}
