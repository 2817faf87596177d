package io.github.vedirect.domoticz;

import java.time.Instant;

/**
 * One line the Lua side wrote to the Domoticz log: a {@code print} argument, or an error (syntax error,
 * run-time error, bad arguments to a domoticz_ function, instruction limit).
 *
 * @param at     when it was logged
 * @param script the parser's file name
 * @param error  true for an error line, false for {@code print} output
 * @param text   the text, without Domoticz's "CLuaHandler: " prefix
 */
public record ScriptLogLine(Instant at, String script, boolean error, String text) {

    @Override
    public String toString() {
        return (error ? "Error: CLuaHandler: " : "CLuaHandler: udevices: ") + text;
    }
}
