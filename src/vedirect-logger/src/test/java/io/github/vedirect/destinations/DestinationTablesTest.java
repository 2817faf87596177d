package io.github.vedirect.destinations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vedirect.homeassistant.Entities;
import io.github.vedirect.homeassistant.Entity;
import io.github.vedirect.influxdb.LineProtocol;
import io.github.vedirect.prometheus.DeviceMetrics;
import io.github.vedirect.prometheus.Metric;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldDefinition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the documentation tables of DESTINATIONS-DRAFT.md from the code, to
 * {@code src/vedirect-logger/target/destination-tables.md}, so the README shows what the logger does, not what
 * someone remembered.
 */
class DestinationTablesTest {

    @Test
    void printTables() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| label | HA component | name | device_class | unit | state_class | category |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Entity e : Entities.all()) {
            md.append("| `").append(e.label()).append("` | ").append(e.component()).append(" | ").append(e.name())
                    .append(" | ").append(cell(e.deviceClass()))
                    .append(e.options().isEmpty() ? "" : " (" + e.options().size() + " options)")
                    .append(" | ").append(cell(e.unit())).append(" | ").append(cell(e.stateClass())).append(" | ")
                    .append(e.diagnostic() ? "diagnostic" : "").append(" |\n");
        }
        md.append("\n| label | line protocol field(s) | type |\n|---|---|---|\n");
        for (String label : FieldCatalogue.labels()) {
            FieldDefinition d = FieldCatalogue.definition(label).orElseThrow();
            String fields = "`" + LineProtocol.escapeKey(label) + "`";
            String type = switch (d.kind()) {
                case NUMBER -> "float, " + (d.unit().symbol().isEmpty() ? "no unit" : d.unit().symbol());
                case ENUM, FLAGS -> "integer code; `" + LineProtocol.nameField(label) + "` string";
                case ON_OFF -> "boolean";
                default -> "string";
            };
            if (d.kind() == FieldDefinition.Kind.ENUM || d.kind() == FieldDefinition.Kind.FLAGS) {
                fields += ", `" + LineProtocol.nameField(label) + "`";
            }
            md.append("| `").append(label).append("` | ").append(fields).append(" | ").append(type).append(" |\n");
        }
        md.append("\n| label | metric | type | from the catalogue's unit |\n|---|---|---|---|\n");
        for (Metric m : DeviceMetrics.all()) {
            String unit = FieldCatalogue.definition(m.label()).orElseThrow().unit().symbol();
            md.append("| `").append(m.label()).append("` | `").append(m.name()).append("` | ").append(m.type())
                    .append(" | ").append(unit.isEmpty() ? "code/count" : unit)
                    .append(m.factor().compareTo(java.math.BigDecimal.ONE) == 0 ? "" : " × " + m.factor().toPlainString())
                    .append(" |\n");
        }
        Path out = Path.of("src/vedirect-logger/target/destination-tables.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        assertTrue(md.length() > 1000);
    }

    private static String cell(String value) {
        return value == null ? "—" : "`" + value + "`";
    }
}
