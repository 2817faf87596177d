package io.github.vedirect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the one template form the discovery configs use, {@code {{ value_json.KEY }}}, as Home Assistant's
 * Jinja would: a JSON null as {@code None}, a boolean as {@code True}/{@code False}, a number as its text, a
 * missing key as an empty string. Any other template is refused, so a config that drifts from that form fails.
 */
final class ValueTemplate {

    private static final Pattern FORM = Pattern.compile("\\{\\{ value_json\\.([A-Za-z_][A-Za-z0-9_]*) \\}\\}");

    private ValueTemplate() {
    }

    /** The key the template reads. */
    static String key(String template) {
        Matcher m = FORM.matcher(template);
        if (!m.matches()) {
            throw new IllegalArgumentException("not the generated template form: " + template);
        }
        return m.group(1);
    }

    static String render(String template, JsonNode state) {
        JsonNode value = state.get(key(template));
        if (value == null || value.isMissingNode()) {
            return "";
        }
        if (value.isNull()) {
            return "None";
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
