package io.github.vedirect.domoticz;

/**
 * One device as a Lua parser sees it in Domoticz's device tables, which CEventSystem::ExportDeviceStatesToLua
 * (main/EventSystem.cpp) fills for every used device of enabled hardware, keyed by the device's name:
 * {@code otherdevices[name] = state}, {@code otherdevices_svalues[name] = svalue}, {@code otherdevices_idx[name]
 * = idx}, plus {@code otherdevices_lastupdate} and {@code otherdevices_lastlevel}. The device's type is not
 * among them: a parser can only tell a switch from a sensor by {@code state} and {@code svalue}.
 *
 * <p>{@code state} is what CEventSystem::nValueToWording makes of the device: "On"/"Off" (or "Open",
 * "Closed", a selector level name...) for a switch, the svalue itself for a sensor.
 *
 * <p>The factories give each kind of virtual sensor the values CSQLHelper::CreateDevice (main/SQLHelper.cpp)
 * stores when it is created with Setup > Hardware > Create Virtual Sensors, named as that dialog names them.
 */
public record ParserDevice(int idx, String name, String state, String svalue) {

    /** A sensor: its state is its svalue. */
    public static ParserDevice sensor(int idx, String name, String svalue) {
        return new ParserDevice(idx, name, svalue, svalue);
    }

    /** "Voltage": created holding {@code 0.000}. */
    public static ParserDevice voltage(int idx, String name) {
        return sensor(idx, name, "0.000");
    }

    /** "Ampere (1 Phase)": created holding {@code 0.0}. */
    public static ParserDevice ampere1Phase(int idx, String name) {
        return sensor(idx, name, "0.0");
    }

    /** "Percentage": created holding {@code 0.0}. */
    public static ParserDevice percentage(int idx, String name) {
        return sensor(idx, name, "0.0");
    }

    /** "Custom Sensor": created holding {@code 0.0}. */
    public static ParserDevice custom(int idx, String name) {
        return sensor(idx, name, "0.0");
    }

    /** "Electric (Instant+Counter)": two values, created holding {@code 0;0.0}. */
    public static ParserDevice electricInstantCounter(int idx, String name) {
        return sensor(idx, name, "0;0.0");
    }

    /** "Text": created holding {@code Hello World}. */
    public static ParserDevice text(int idx, String name) {
        return sensor(idx, name, "Hello World");
    }

    /** "Switch": created Off, with the svalue {@code 100} (a number, which is why the svalue alone cannot tell). */
    public static ParserDevice switchOff(int idx, String name) {
        return new ParserDevice(idx, name, "Off", "100");
    }

    /** The device after an update with {@code svalue}: a sensor shows it as its state too. */
    ParserDevice updated(String newSvalue) {
        boolean isSensor = state.equals(svalue);
        return new ParserDevice(idx, name, isSensor ? newSvalue : state, newSvalue);
    }
}
