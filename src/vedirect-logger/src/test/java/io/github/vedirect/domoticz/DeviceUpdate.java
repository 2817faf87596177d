package io.github.vedirect.domoticz;

import java.time.Instant;

/**
 * One device update as Domoticz would store it.
 *
 * @param idx     the device idx
 * @param nvalue  the numeric value, parsed the way Domoticz parses it (empty is 0)
 * @param svalue  the stored text: Domoticz stores {@code tostring(svalue)}, so a Lua float 54645.0 arrives
 *                as {@code "54645.0"}
 * @param rssi    signal level (Domoticz's default 12)
 * @param battery battery level (Domoticz's default 255)
 * @param at      when the fake recorded it
 * @param source  {@code "udevice"} for the direct API, {@code "lua:<script>"} from a Lua parser
 */
public record DeviceUpdate(int idx, int nvalue, String svalue, int rssi, int battery, Instant at, String source) {
}
