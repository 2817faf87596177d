package io.github.vedirect.settings;

/**
 * One device the logger reads: its name (used in file names, route ids, the Domoticz JSON, the Lua table
 * and the identity headers) and its source, as the {@code vedirect:} component takes it.
 */
public record DeviceSettings(String name, String source) {

    /** The setting that names this device's source, for messages about it. */
    public String key() {
        return name.equals(LoggerSettings.DEFAULT_NAME) ? "vedirect.port" : "vedirect.port." + name;
    }
}
