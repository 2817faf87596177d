package io.github.vedirect.settings;

/** A configuration value that cannot work; its message is the one line the user sees. */
public class SettingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SettingsException(String key, String value, String problem) {
        super(key + "=" + value + ": " + problem);
    }
}
