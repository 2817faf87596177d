package io.github.vedirect.protocol;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The register catalogue as a Markdown table, for docs/hex.md: generated, so the documentation cannot
 * drift from the code. The 31 history day registers share one row.
 * Run: {@code java -cp target/classes io.github.vedirect.protocol.HexRegisterTable}
 */
public final class HexRegisterTable {

    private HexRegisterTable() {
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    public static String markdown() {
        StringBuilder table = new StringBuilder()
                .append("| Id | Name | Description | Unit | Scale | Type | Writable | Storage | Range | Devices |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (HexRegister register : HexRegisters.all()) {
            int id = register.id();
            if (id > HexRegisters.HISTORY_DAY_0 && id <= HexRegisters.HISTORY_DAY_LAST) {
                continue;
            }
            boolean days = id == HexRegisters.HISTORY_DAY_0;
            String ids = days ? String.format(Locale.ROOT, "0x%04X–0x%04X", HexRegisters.HISTORY_DAY_0,
                    HexRegisters.HISTORY_DAY_LAST) : register.hexId();
            String name = days ? "historyDay0 … historyDay30" : register.name();
            String description = days ? "History record of day 0 (today) to day 30 (HexHistory.Day)"
                    : register.description() + (register.enumerated() ? ": " + register.codeList() : "");
            String unit = register.unit().symbol().isEmpty() ? "—" : register.unit().symbol();
            String scale = register.type().numeric()
                    ? register.scale().stripTrailingZeros().toPlainString()
                    + (register.offset().signum() == 0 ? "" : " " + register.offset().toPlainString())
                    : "—";
            String range = !register.writable() ? "—" : register.enumerated()
                    ? register.minimum().toPlainString() + " – " + register.maximum().toPlainString()
                    : register.format(register.minimum()) + " – " + register.format(register.maximum());
            table.append("| ").append(ids)
                    .append(" | `").append(name).append('`')
                    .append(" | ").append(description.replace("|", "\\|"))
                    .append(" | ").append(unit)
                    .append(" | ").append(scale)
                    .append(" | ").append(register.type().wireName())
                    .append(" | ").append(register.writable() ? "yes" : "no")
                    .append(" | ").append(register.writable() ? register.storage().name().toLowerCase(Locale.ROOT) : "—")
                    .append(" | ").append(range)
                    .append(" | ").append(families(register.families().stream().sorted().toList()))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String families(List<DeviceFamily> families) {
        return families.stream().map(family -> switch (family) {
            case CHARGER -> "MPPT";
            case BATTERY_MONITOR -> "BMV/SmartShunt";
            case INVERTER -> "inverter";
        }).collect(Collectors.joining(", "));
    }
}
