package io.github.vedirect.domoticz;

import java.net.URI;
import java.util.List;

/**
 * What the Domoticz requests need to know, handed down by the application that read and checked it.
 *
 * @param url      Domoticz's address, like {@code http://rpi3:8080}; null when no Domoticz is configured
 * @param script   the Lua parser's file name in Domoticz's {@code scripts/lua_parsers}
 * @param mode     through the Lua parser, or device by device
 * @param username Basic auth user, empty for none
 * @param password Basic auth password, empty for none; never shown by {@link #toString()}
 * @param devices  direct mode: the virtual sensors to update
 */
public record DomoticzSettings(URI url, String script, Mode mode, String username, String password,
                               List<DomoticzDevice> devices) {

    /** How Domoticz is fed: through the Lua parser (as the original tool did), or device by device. */
    public enum Mode { PARSER, DIRECT }

    public DomoticzSettings {
        devices = List.copyOf(devices);
    }

    /** Whether requests carry Basic auth. */
    public boolean hasCredentials() {
        return !username.isEmpty();
    }

    @Override
    public String toString() {
        // A record's own toString would print the password wherever the settings are logged.
        return "DomoticzSettings[url=" + url + ", script=" + script + ", mode=" + mode + ", username=" + username
                + ", password=" + (password.isEmpty() ? "" : "****") + ", devices=" + devices + "]";
    }
}
