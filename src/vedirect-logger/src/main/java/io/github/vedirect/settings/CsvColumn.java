package io.github.vedirect.settings;

import java.math.BigDecimal;

/** One CSV column after the time: its heading, the VE.Direct label it reads and the multiplier applied. */
public record CsvColumn(String heading, String label, BigDecimal multiplier) {
}
