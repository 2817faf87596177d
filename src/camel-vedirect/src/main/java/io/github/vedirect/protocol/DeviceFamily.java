package io.github.vedirect.protocol;

/** The kinds of VE.Direct product a HEX register is found on. */
public enum DeviceFamily {
    /** Solar chargers (BlueSolar/SmartSolar MPPT). */
    CHARGER,
    /** BMV-70x/71x battery monitors and the SmartShunt. */
    BATTERY_MONITOR,
    /** Phoenix inverters. */
    INVERTER
}
