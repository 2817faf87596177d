package io.github.vedirect.domoticz;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the Domoticz requests need to know, handed down by the application that read and checked it.
 *
 * @param url      Domoticz's address, like {@code http://rpi3:8080}; null when no Domoticz is configured
 * @param script   the Lua parser's file name in Domoticz's {@code scripts/lua_parsers}
 * @param mode     through the Lua parser, or device by device
 * @param username Basic auth user, empty for none
 * @param password Basic auth password, empty for none; never shown by {@link #toString()}
 * @param devices  direct mode: the virtual sensors to update, for every device without a list of its own
 * @param devicesByName direct mode: the virtual sensors of one device ({@code domoticz.devices.NAME}), by its name
 * @param alarmIdx the Alert device that shows the alarms ({@code domoticz.alarm-idx}), in either mode; null for none
 */
public record DomoticzSettings(URI url, String script, Mode mode, String username, String password,
                               List<DomoticzDevice> devices, Map<String, List<DomoticzDevice>> devicesByName,
                               Integer alarmIdx) {

    /** How Domoticz is fed: through the Lua parser (as the original tool did), or device by device. */
    public enum Mode { PARSER, DIRECT }

    public DomoticzSettings {
        devices = List.copyOf(devices);
        devicesByName = Map.copyOf(devicesByName);
    }

    /** Without an Alert device for the alarms, as before {@code domoticz.alarm-idx} existed. */
    public DomoticzSettings(URI url, String script, Mode mode, String username, String password,
                            List<DomoticzDevice> devices, Map<String, List<DomoticzDevice>> devicesByName) {
        this(url, script, mode, username, password, devices, devicesByName, null);
    }

    /** One device's settings, as before there were several. */
    public DomoticzSettings(URI url, String script, Mode mode, String username, String password, List<DomoticzDevice> devices) {
        this(url, script, mode, username, password, devices, Map.of());
    }

    /** Direct mode: the sensors to update from the device called {@code name} (null: the plain list). */
    public List<DomoticzDevice> devicesOf(String name) {
        List<DomoticzDevice> own = name == null ? null : devicesByName.get(name);
        return own == null ? devices : own;
    }

    /** Whether requests carry Basic auth. */
    public boolean hasCredentials() {
        return !username.isEmpty();
    }

    /** Whether the alarms go to an Alert device: Domoticz configured, and {@code domoticz.alarm-idx}. */
    public boolean alarmAlert() {
        return url != null && alarmIdx != null;
    }

    /** The {@code Authorization} header of every request, {@code Basic ...}; null without credentials. */
    public String authorization() {
        return hasCredentials() ? "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)) : null;
    }

    @Override
    public String toString() {
        // A record's own toString would print the password wherever the settings are logged.
        return "DomoticzSettings[url=" + url + ", script=" + script + ", mode=" + mode + ", username=" + username
                + ", password=" + (password.isEmpty() ? "" : "****") + ", devices=" + devices + ", devicesByName=" + devicesByName + ", alarmIdx=" + alarmIdx + "]";
    }
}
