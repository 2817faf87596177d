package io.github.vedirect.prometheus;

import static io.github.vedirect.prometheus.Metric.COUNTER;
import static io.github.vedirect.prometheus.Metric.GAUGE;

import io.github.vedirect.protocol.FieldCatalogue;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metric of every VE.Direct label that has a number, named by Prometheus's conventions: {@code vedirect_}
 * prefix, base units with their plural suffix (volts, amperes, watts, celsius, seconds, joules, ratio), counters
 * ending in {@code _total}. Two deliberate exceptions to base units: charge stays in ampere-hours
 * ({@code _ampere_hours}), the unit every battery monitor shows and no one converts from coulombs, and
 * enumerations and bitmasks carry their raw code (names are in the state JSON and the docs). Energy is in joules
 * (1 kWh = 3.6 MJ), so {@code rate()} of a yield counter gives watts.
 */
public final class DeviceMetrics {

    private static final BigDecimal ONE = BigDecimal.ONE;
    private static final BigDecimal PERCENT_TO_RATIO = new BigDecimal("0.01");
    private static final BigDecimal MINUTES_TO_SECONDS = BigDecimal.valueOf(60);
    private static final BigDecimal KWH_TO_JOULES = BigDecimal.valueOf(3_600_000);

    /** Labels that describe the device; they appear as labels of {@code vedirect_device_info}. */
    public static final Set<String> INFO_LABELS = Set.of("PID", "FW", "FWE", "SER#", "BMV", "HC#");

    private static final Map<String, Metric> BY_LABEL = build();

    private DeviceMetrics() {
    }

    public static Optional<Metric> forLabel(String label) {
        return Optional.ofNullable(BY_LABEL.get(label));
    }

    /** Every metric, in the catalogue's field order. */
    public static Collection<Metric> all() {
        return BY_LABEL.values();
    }

    private static Map<String, Metric> build() {
        Map<String, Metric> m = new LinkedHashMap<>();
        gauge(m, "V", "vedirect_battery_voltage_volts", "Main or channel-1 battery voltage.", ONE);
        gauge(m, "V2", "vedirect_battery2_voltage_volts", "Channel-2 battery voltage.", ONE);
        gauge(m, "V3", "vedirect_battery3_voltage_volts", "Channel-3 battery voltage.", ONE);
        gauge(m, "VS", "vedirect_starter_voltage_volts", "Auxiliary (starter) battery voltage.", ONE);
        gauge(m, "VM", "vedirect_midpoint_voltage_volts", "Mid-point voltage of the battery bank.", ONE);
        gauge(m, "DM", "vedirect_midpoint_deviation_ratio", "Mid-point deviation of the battery bank (0.01 = 1 %).", PERCENT_TO_RATIO);
        gauge(m, "VPV", "vedirect_panel_voltage_volts", "Solar panel voltage.", ONE);
        gauge(m, "PPV", "vedirect_panel_power_watts", "Solar panel power.", ONE);
        gauge(m, "I", "vedirect_battery_current_amperes", "Main or channel-1 battery current; negative when discharging.", ONE);
        gauge(m, "I2", "vedirect_battery2_current_amperes", "Channel-2 battery current.", ONE);
        gauge(m, "I3", "vedirect_battery3_current_amperes", "Channel-3 battery current.", ONE);
        gauge(m, "IL", "vedirect_load_current_amperes", "Load output current.", ONE);
        gauge(m, "LOAD", "vedirect_load_output_on", "Load output state (1 = on).", ONE);
        gauge(m, "T", "vedirect_battery_temperature_celsius", "Battery temperature.", ONE);
        gauge(m, "P", "vedirect_power_watts", "Instantaneous power; negative when discharging.", ONE);
        gauge(m, "CE", "vedirect_consumed_ampere_hours", "Consumed charge (negative when drawn).", ONE);
        gauge(m, "SOC", "vedirect_state_of_charge_ratio", "State of charge (1 = full).", PERCENT_TO_RATIO);
        gauge(m, "TTG", "vedirect_time_to_go_seconds", "Time to go; +Inf while the battery is not discharging.", MINUTES_TO_SECONDS);
        gauge(m, "Alarm", "vedirect_alarm_on", "Alarm condition active (1 = on).", ONE);
        gauge(m, "Relay", "vedirect_relay_on", "Relay state (1 = closed).", ONE);
        gauge(m, "AR", "vedirect_alarm_reason_mask", "Alarm reason bitmask (VE.Direct AR).", ONE);
        gauge(m, "OR", "vedirect_off_reason_mask", "Off reason bitmask (VE.Direct OR).", ONE);
        gauge(m, "H1", "vedirect_deepest_discharge_ampere_hours", "Depth of the deepest discharge.", ONE);
        gauge(m, "H2", "vedirect_last_discharge_ampere_hours", "Depth of the last discharge.", ONE);
        gauge(m, "H3", "vedirect_average_discharge_ampere_hours", "Depth of the average discharge.", ONE);
        counter(m, "H4", "vedirect_charge_cycles_total", "Number of charge cycles.", ONE);
        counter(m, "H5", "vedirect_full_discharges_total", "Number of full discharges.", ONE);
        gauge(m, "H6", "vedirect_cumulative_drawn_ampere_hours", "Cumulative charge drawn (negative).", ONE);
        gauge(m, "H7", "vedirect_battery_voltage_min_volts", "Minimum battery voltage.", ONE);
        gauge(m, "H8", "vedirect_battery_voltage_max_volts", "Maximum battery voltage.", ONE);
        gauge(m, "H9", "vedirect_since_full_charge_seconds", "Time since the last full charge.", ONE);
        counter(m, "H10", "vedirect_synchronisations_total", "Number of automatic synchronisations.", ONE);
        counter(m, "H11", "vedirect_low_voltage_alarms_total", "Number of low battery voltage alarms.", ONE);
        counter(m, "H12", "vedirect_high_voltage_alarms_total", "Number of high battery voltage alarms.", ONE);
        counter(m, "H13", "vedirect_low_starter_voltage_alarms_total", "Number of low starter voltage alarms.", ONE);
        counter(m, "H14", "vedirect_high_starter_voltage_alarms_total", "Number of high starter voltage alarms.", ONE);
        gauge(m, "H15", "vedirect_starter_voltage_min_volts", "Minimum starter voltage.", ONE);
        gauge(m, "H16", "vedirect_starter_voltage_max_volts", "Maximum starter voltage.", ONE);
        counter(m, "H17", "vedirect_discharged_energy_joules_total", "Discharged energy (BMV) or produced energy (DC monitor).", KWH_TO_JOULES);
        counter(m, "H18", "vedirect_charged_energy_joules_total", "Charged energy (BMV) or consumed energy (DC monitor).", KWH_TO_JOULES);
        // A counter although the user may reset it: Prometheus's rate() treats a drop as a counter reset.
        counter(m, "H19", "vedirect_yield_joules_total", "Solar yield since the last user reset.", KWH_TO_JOULES);
        // Today's yield drops to 0 each day: a gauge, so it is never mistaken for a counter.
        gauge(m, "H20", "vedirect_yield_today_joules", "Solar yield today.", KWH_TO_JOULES);
        gauge(m, "H21", "vedirect_max_power_today_watts", "Maximum solar power today.", ONE);
        gauge(m, "H22", "vedirect_yield_yesterday_joules", "Solar yield yesterday.", KWH_TO_JOULES);
        gauge(m, "H23", "vedirect_max_power_yesterday_watts", "Maximum solar power yesterday.", ONE);
        gauge(m, "ERR", "vedirect_error_code", "Charger error code (0 = no error).", ONE);
        gauge(m, "CS", "vedirect_state_code", "State of operation code (3 = bulk, 4 = absorption, 5 = float).", ONE);
        gauge(m, "HSDS", "vedirect_day_sequence_number", "Day sequence number (0 to 364).", ONE);
        gauge(m, "MODE", "vedirect_device_mode_code", "Device mode code.", ONE);
        gauge(m, "AC_OUT_V", "vedirect_ac_output_voltage_volts", "AC output voltage.", ONE);
        gauge(m, "AC_OUT_I", "vedirect_ac_output_current_amperes", "AC output current.", ONE);
        gauge(m, "AC_OUT_S", "vedirect_ac_output_apparent_power_voltamperes", "AC output apparent power.", ONE);
        gauge(m, "WARN", "vedirect_warning_reason_mask", "Warning reason bitmask (VE.Direct WARN).", ONE);
        gauge(m, "MPPT", "vedirect_tracker_mode_code", "Tracker operation mode code (2 = MPP tracker active).", ONE);
        gauge(m, "MON", "vedirect_monitor_mode_code", "DC monitor mode code (0 = battery monitor).", ONE);
        gauge(m, "DC_IN_V", "vedirect_dc_input_voltage_volts", "DC input voltage.", ONE);
        gauge(m, "DC_IN_I", "vedirect_dc_input_current_amperes", "DC input current.", ONE);
        gauge(m, "DC_IN_P", "vedirect_dc_input_power_watts", "DC input power.", ONE);
        for (String label : m.keySet()) {
            if (FieldCatalogue.definition(label).isEmpty()) {
                throw new IllegalStateException("metric for a label the catalogue does not know: " + label);
            }
        }
        return m;
    }

    private static void gauge(Map<String, Metric> m, String label, String name, String help, BigDecimal factor) {
        m.put(label, new Metric(label, name, GAUGE, help, factor));
    }

    private static void counter(Map<String, Metric> m, String label, String name, String help, BigDecimal factor) {
        m.put(label, new Metric(label, name, COUNTER, help, factor));
    }
}
