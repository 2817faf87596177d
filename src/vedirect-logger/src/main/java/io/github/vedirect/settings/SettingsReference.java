package io.github.vedirect.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of settings ({@link Setting}) as people read it: plain text for the {@code help} command, and
 * Markdown for {@code docs/configuration.md}, between its {@code <!-- settings: START -->} and
 * {@code <!-- settings: END -->} markers (SettingsReferenceTest fails when the page differs, and rewrites it
 * with {@code -Dvedirect.docs.update=true}, as the component's option tables are kept).
 */
public final class SettingsReference {

    /** Where help wraps a description: a terminal's 100 columns, less the indent. */
    private static final int HELP_WIDTH = 100;
    private static final String HELP_INDENT = "      ";

    private SettingsReference() {
    }

    /** Every setting by topic: {@code key=default}, then its description (and example) indented below it. */
    public static String help() {
        StringBuilder text = new StringBuilder();
        Setting.Topic topic = null;
        for (Setting setting : Setting.values()) {
            if (setting.topic() != topic) {
                topic = setting.topic();
                text.append(topic == Setting.values()[0].topic() ? "" : "\n").append(topic.title()).append('\n');
            }
            text.append("  ").append(setting.key());
            if (!setting.named()) {
                text.append('=').append(setting.defaultValue());
            }
            text.append('\n');
            String said = setting.description() + (setting.example() == null ? "" : " E.g. " + setting.example());
            for (String line : wrap(said, HELP_WIDTH - HELP_INDENT.length())) {
                text.append(HELP_INDENT).append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** A table per topic: setting, default and description, for docs/configuration.md. */
    public static String markdown() {
        StringBuilder text = new StringBuilder();
        Setting.Topic topic = null;
        for (Setting setting : Setting.values()) {
            if (setting.topic() != topic) {
                topic = setting.topic();
                text.append(text.length() == 0 ? "" : "\n").append("## ").append(topic.title()).append("\n\n")
                        .append("| Setting | Default | Description |\n|---|---|---|\n");
            }
            String defaultValue = setting.named() ? "(none)" : setting.defaultValue().isEmpty() ? "(empty)"
                    : "`" + setting.defaultValue() + "`";
            text.append("| `").append(setting.key()).append("` | ").append(defaultValue).append(" | ")
                    .append(cell(setting.description()))
                    .append(setting.example() == null ? "" : " E.g. `" + cell(setting.example()) + "`")
                    .append(" |\n");
        }
        return text.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Words to lines of at most {@code width} characters (a longer word stands alone). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
