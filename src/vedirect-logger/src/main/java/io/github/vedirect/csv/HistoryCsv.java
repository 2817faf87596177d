package io.github.vedirect.csv;

import io.github.vedirect.protocol.HexHistory;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A solar charger's history records as CSV lines: the columns the {@code history} command prints and {@code history.file}
 * appends, in one place so that both read the same.
 */
public final class HistoryCsv {

    /** The columns of a record; {@code day} is 0 for today, 1 for yesterday ... 30, or {@code total}. */
    public static final String HEADER = "day,yield_kwh,max_power_w,max_pv_voltage_v,min_battery_voltage_v,"
            + "max_battery_voltage_v,minutes_bulk,minutes_absorption,minutes_float,error_codes";

    private HistoryCsv() {
    }

    /** The cells of a day record under {@link #HEADER}, {@code day} first. */
    public static String row(String day, HexHistory.Day record) {
        return String.join(",", day, number(record.yieldKwh()),
                record.maxPowerWatts() == null ? "" : record.maxPowerWatts().toString(),
                number(record.maxPanelVoltage()), number(record.minBatteryVoltage()), number(record.maxBatteryVoltage()),
                integer(record.minutesBulk()), integer(record.minutesAbsorption()), integer(record.minutesFloat()),
                errors(record.errors()));
    }

    /** The totals under {@link #HEADER}: {@code total}, with the cells a total record does not have left empty. */
    public static String totalRow(HexHistory.Total total) {
        return String.join(",", "total", number(total.userYieldKwh()), "", number(total.maxPanelVoltage()),
                "", number(total.maxBatteryVoltage()), "", "", "", errors(total.errors()));
    }

    private static String number(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    private static String integer(Integer value) {
        return value == null ? "" : value.toString();
    }

    /** The non-zero charger error codes (doc 5.2), space-separated; empty for a day without errors. */
    private static String errors(List<Integer> codes) {
        return codes.stream().filter(code -> code != 0).map(String::valueOf).collect(Collectors.joining(" "));
    }
}
