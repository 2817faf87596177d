package io.github.vedirect.settings;

import io.github.vedirect.domoticz.DomoticzDevice;
import io.github.vedirect.domoticz.DomoticzSettings;
import io.github.vedirect.domoticz.DomoticzTrust;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.github.vedirect.settings.Setting.*;

/** The {@code domoticz.*} settings, read and checked for {@link LoggerSettings}: each bad key is one line naming it. */
final class DomoticzSettingsReader {

    private static final Pattern SCRIPT_NAME = Pattern.compile("[A-Za-z0-9_.-]+\\.lua");
    private static final String DOMOTICZ_DEVICES_PREFIX = DOMOTICZ_DEVICES_NAMED.prefix();

    private DomoticzSettingsReader() {
    }

    static DomoticzSettings domoticz(Function<String, String> properties, Collection<String> keys, List<String> names) {
        URI url = url(properties, DOMOTICZ_URL);
        String script = DOMOTICZ_SCRIPT.in(properties);
        if (!SCRIPT_NAME.matcher(script).matches() || script.contains("..")) {
            throw new SettingsException(DOMOTICZ_SCRIPT.key(), script,
                    "must be the plain file name of a Lua parser in Domoticz's scripts/lua_parsers, like vedirect.lua (no path)");
        }
        String username = DOMOTICZ_USERNAME.in(properties);
        String password = DOMOTICZ_PASSWORD.in(properties);
        if (username.isEmpty() != password.isEmpty()) {
            throw new SettingsException(username.isEmpty() ? DOMOTICZ_USERNAME.key() : DOMOTICZ_PASSWORD.key(), "",
                    "set both domoticz.username and domoticz.password, or neither");
        }
        DomoticzSettings.Mode mode = mode(properties);
        String devicesValue = DOMOTICZ_DEVICES.in(properties);
        List<DomoticzDevice> devices;
        try {
            devices = DomoticzDevice.parseAll(devicesValue);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(DOMOTICZ_DEVICES.key(), devicesValue, e.getMessage());
        }
        Map<String, List<DomoticzDevice>> byDevice = new LinkedHashMap<>();
        for (String key : keys) {
            if (key.startsWith(DOMOTICZ_DEVICES_PREFIX)) {
                String name = key.substring(DOMOTICZ_DEVICES_PREFIX.length());
                String value = LoggerSettings.text(properties, key);
                LoggerSettings.requireKnownDevice(key, value, name, names);
                try {
                    byDevice.put(name, DomoticzDevice.parseAll(value));
                } catch (IllegalArgumentException e) {
                    throw new SettingsException(key, value, e.getMessage());
                }
            }
        }
        if (mode == DomoticzSettings.Mode.DIRECT && url != null && devices.isEmpty() && byDevice.values().stream().allMatch(List::isEmpty)) {
            throw new SettingsException(DOMOTICZ_DEVICES.key(), "", "direct mode needs at least one LABEL:IDX:TYPE device");
        }
        return new DomoticzSettings(url, script, mode, username, password, devices, byDevice, alarmIdx(properties));
    }

    /** {@code domoticz.alarm-idx}: a Domoticz idx, 1 or more; null when not set. */
    private static Integer alarmIdx(Function<String, String> properties) {
        String value = DOMOTICZ_ALARM_IDX.in(properties);
        if (value.isEmpty()) {
            return null;
        }
        try {
            int idx = Integer.parseInt(value);
            if (idx >= 1) {
                return idx;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new SettingsException(DOMOTICZ_ALARM_IDX.key(), value,
                "must be the idx of an Alert device in Domoticz (Setup > Devices), a whole number such as 42");
    }

    /**
     * {@code domoticz.trust}: the PEM file whose certificates the Domoticz requests trust, read now so that a
     * missing or unusable file stops the start with one line. Null when not set (the JVM's trust store).
     */
    static DomoticzTrust trust(Function<String, String> properties, URI url) {
        String value = DOMOTICZ_TRUST.in(properties);
        if (value.isEmpty()) {
            return null;
        }
        if (url != null && !url.getScheme().equalsIgnoreCase("https")) {
            throw new SettingsException(DOMOTICZ_TRUST.key(), value, "is only for Domoticz over HTTPS, and domoticz.url is " + url
                    + ": make it https://, or leave domoticz.trust empty");
        }
        try {
            return DomoticzTrust.read(Path.of(value));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(DOMOTICZ_TRUST.key(), value, e.getMessage());
        }
    }

    private static URI url(Function<String, String> properties, Setting setting) {
        String key = setting.key();
        String value = setting.in(properties);
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw new SettingsException(key, value, "must be the address of Domoticz, like http://rpi3:8080 "
                + "(no query; credentials go in domoticz.username and domoticz.password)");
    }

    private static DomoticzSettings.Mode mode(Function<String, String> properties) {
        String value = DOMOTICZ_MODE.in(properties);
        try {
            return DomoticzSettings.Mode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(DOMOTICZ_MODE.key(), value, "must be parser (the Lua parser) or direct (device by device)");
        }
    }
}
