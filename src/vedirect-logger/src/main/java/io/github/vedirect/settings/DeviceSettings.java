package io.github.vedirect.settings;

import io.github.vedirect.simulator.Simulators;

import java.util.regex.Pattern;

/**
 * One device the logger reads: its name (used in file names, route ids, the Domoticz JSON, the Lua table
 * and the identity headers) and its source, as the {@code vedirect:} component takes it.
 */
public record DeviceSettings(String name, String source) {

    /** The setting that names this device's source, for messages about it. */
    public String key() {
        return name.equals(LoggerSettings.DEFAULT_NAME) ? Setting.VEDIRECT_PORT.key() : Setting.VEDIRECT_PORT_NAMED.prefix() + name;
    }

    private static final Pattern SIMULATOR_SEED = Pattern.compile("[?&]simulatorSeed=", Pattern.CASE_INSENSITIVE);

    /**
     * The source a device's route reads: a named simulator whose options set no {@code simulatorSeed} gets the
     * seed of its name ({@link Simulators#seedOf}), so that two simulated devices never send the same values;
     * the unnamed device keeps the component's seed, 1. The device itself keeps the source as configured,
     * which is what /status and the log show.
     */
    public static String seeded(String name, String source) {
        if (!source.startsWith("simulator:") || name.equals(LoggerSettings.DEFAULT_NAME)
                || SIMULATOR_SEED.matcher(source).find()) {
            return source;
        }
        return source + (source.contains("?") ? "&" : "?") + "simulatorSeed=" + Simulators.seedOf(name);
    }
}
