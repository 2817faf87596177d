package io.github.vedirect.alarms;

import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldDefinition;
import io.github.vedirect.settings.SettingsException;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code LABEL < NUMBER} or {@code LABEL > NUMBER}: a comparison of a field's value in the catalogue's unit (V in
 * volts, SOC in %), as the field catalogue scales it from the wire (V 12800 is 12.8).
 */
public record Condition(String label, boolean below, BigDecimal threshold) {

    private static final Pattern FORM = Pattern.compile("(\\S+)\\s*([<>])\\s*(\\S+)");

    /** Reads a condition; one that cannot work (unknown label, not a number field, bad operator or number) names {@code key}. */
    public static Condition parse(String key, String value) {
        Matcher matcher = FORM.matcher(value.trim());
        if (!matcher.matches()) {
            throw new SettingsException(key, value, "must be LABEL < NUMBER or LABEL > NUMBER (SOC < 50)");
        }
        String label = matcher.group(1);
        FieldDefinition definition = FieldCatalogue.definition(label).orElseThrow(() ->
                new SettingsException(key, value, "unknown label " + label + " (labels are case-sensitive, as the device sends them: V, SOC, VPV...)"));
        if (definition.kind() != FieldDefinition.Kind.NUMBER) {
            throw new SettingsException(key, value, label + " is not a number field: a rule compares numbers (V, I, SOC, VPV, PPV, T...)");
        }
        BigDecimal threshold;
        try {
            threshold = new BigDecimal(matcher.group(3));
        } catch (NumberFormatException e) {
            throw new SettingsException(key, value, matcher.group(3) + " is not a number (a decimal point, no unit: 12.2)");
        }
        return new Condition(label, matcher.group(2).equals("<"), threshold);
    }

    /** Whether the value (in the catalogue's unit) satisfies the comparison. */
    public boolean holds(double value) {
        int compared = BigDecimal.valueOf(value).compareTo(threshold);
        return below ? compared < 0 : compared > 0;
    }

    @Override
    public String toString() {
        return label + (below ? " < " : " > ") + threshold.toPlainString();
    }
}
