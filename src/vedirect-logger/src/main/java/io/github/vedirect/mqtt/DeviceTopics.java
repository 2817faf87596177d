package io.github.vedirect.mqtt;

/**
 * The MQTT topics of one VE.Direct device under the logger's prefix: {@code PREFIX/NAME/state} carries each record
 * as one JSON message ({@link StateJson}), {@code PREFIX/NAME/availability} says {@value #ONLINE} or
 * {@value #OFFLINE}. The prefix may have several levels ({@code vedirect/boat}); it is what keeps the topics of
 * many loggers on one broker apart, since device names such as {@code default} repeat from site to site.
 */
public final class DeviceTopics {

    /** Availability payloads; they are Home Assistant's defaults, so configs need not repeat them. */
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    /** A binary sensor's payloads: Home Assistant's defaults. */
    public static final String ON = "ON";
    public static final String OFF = "OFF";

    private DeviceTopics() {
    }

    public static String state(String prefix, String name) {
        return base(prefix, name) + "/state";
    }

    /** Every stored record of the device, with its own time ({@code mqtt.records}); not retained. */
    public static String record(String prefix, String name) {
        return base(prefix, name) + "/record";
    }

    public static String availability(String prefix, String name) {
        return base(prefix, name) + "/availability";
    }

    /** Where Home Assistant sends a new value for one of the device's controls ({@code mqtt.control}). */
    public static String command(String prefix, String name, String control) {
        return base(prefix, name) + "/set/" + control;
    }

    /** The value of a control as the device confirmed it, plain text, retained. */
    public static String control(String prefix, String name, String control) {
        return base(prefix, name) + "/control/" + control;
    }

    /** Each alarm of the device raised or cleared, one JSON event each; not retained. */
    public static String alarm(String prefix, String name) {
        return base(prefix, name) + "/alarm";
    }

    /** Whether one alarm of the device is raised now: {@value #ON} or {@value #OFF}, retained. */
    public static String alarmState(String prefix, String name, String alarm) {
        return alarm(prefix, name) + "/" + alarm;
    }

    private static String base(String prefix, String name) {
        String trimmed = checkPrefix(prefix);
        if (name == null || name.isEmpty() || name.contains("/") || hasWildcard(name)) {
            // A slash would move the device into another device's subtree; wildcards cannot be published to.
            throw new IllegalArgumentException("a device name must be one MQTT topic level without + or #: " + name);
        }
        return trimmed + "/" + name;
    }

    /** The prefix without a trailing slash; refuses an empty prefix or one with wildcards or a leading slash. */
    public static String checkPrefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix.replaceAll("/+$", "");
        if (trimmed.isEmpty() || trimmed.startsWith("/") || hasWildcard(trimmed) || trimmed.contains("//")) {
            throw new IllegalArgumentException("not an MQTT topic prefix: " + prefix);
        }
        return trimmed;
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('+') >= 0 || s.indexOf('#') >= 0 || s.indexOf('\0') >= 0;
    }
}
