package io.github.vedirect.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated table has one row per register (one for all 31 history days) and says what the catalogue says. */
class HexRegisterTableTest {

    @Test
    void oneRowPerRegisterHistoryDaysTogether() {
        String table = HexRegisterTable.markdown();
        long rows = table.lines().count() - 2;
        assertEquals(HexRegisters.all().size() - 30, rows);
        for (HexRegister register : HexRegisters.all()) {
            if (register.name().startsWith("historyDay")) {
                continue;
            }
            assertTrue(table.contains("| " + register.hexId() + " | `" + register.name() + "` |"), register.label());
        }
        assertTrue(table.contains("| 0x1050–0x106E | `historyDay0 … historyDay30` |"));
        assertTrue(table.contains("| 0xEDF0 | `batteryMaximumCurrent` | Battery maximum charge current | A | 0.1 | un16 | yes | flash | 0.0 A – 100.0 A | MPPT |"),
                table);
        assertTrue(table.contains("| 0x2015 | `chargeCurrentLimit` |"));
        assertTrue(table.contains("| volatile |"));
    }
}
