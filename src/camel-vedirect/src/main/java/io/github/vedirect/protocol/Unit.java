package io.github.vedirect.protocol;

/** SI unit a text-mode field is scaled to (wire units such as mV or 0.01 kWh are never exposed). */
public enum Unit {
    VOLT("V"),
    AMPERE("A"),
    WATT("W"),
    VOLT_AMPERE("VA"),
    AMPERE_HOUR("Ah"),
    PERCENT("%"),
    KILOWATT_HOUR("kWh"),
    CELSIUS("°C"),
    MINUTE("min"),
    SECOND("s"),
    /** Dimensionless counter (cycles, alarms). */
    COUNT(""),
    /** No physical unit (text, enumerations, sequence numbers). */
    NONE("");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
