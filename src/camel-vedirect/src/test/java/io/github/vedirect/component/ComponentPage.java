package io.github.vedirect.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The option and header tables of the component's documentation, rendered from the metadata the build
 * generates ({@code vedirect.json}), so that no table is kept by hand. Each table stands in a page between
 * {@code // NAME: START} and {@code // NAME: END} comment lines, as Camel's own component pages have them.
 */
final class ComponentPage {

    static final String JSON = "/META-INF/io/github/vedirect/component/vedirect.json";

    /** AsciiDoc for the component page, as Camel's pages are written; Markdown for docs/embedding.md. */
    enum Format {
        ASCIIDOC, MARKDOWN;

        static Format of(java.nio.file.Path page) {
            return page.getFileName().toString().endsWith(".md") ? MARKDOWN : ASCIIDOC;
        }
    }

    private final JsonNode metadata;
    private final Format format;

    private ComponentPage(JsonNode metadata, Format format) {
        this.metadata = metadata;
        this.format = format;
    }

    ComponentPage in(Format other) {
        return new ComponentPage(metadata, other);
    }

    static ComponentPage fromClasspath() throws IOException {
        try (InputStream in = ComponentPage.class.getResourceAsStream(JSON)) {
            if (in == null) {
                throw new IOException(JSON + " is not on the classpath: the build generates it at process-classes");
            }
            return new ComponentPage(new ObjectMapper().readTree(in), Format.ASCIIDOC);
        }
    }

    /** The tables by marker name: {@code component options}, {@code endpoint options}, {@code component headers}. */
    Map<String, String> tables() {
        return Map.of("component options", componentOptions(), "endpoint options", endpointOptions(),
                "component headers", headers());
    }

    /** The page with each marked section replaced by its table; sections the page lacks are left out. */
    String render(String page) {
        String rendered = page;
        for (Map.Entry<String, String> table : tables().entrySet()) {
            Pattern section = Pattern.compile("(// " + Pattern.quote(table.getKey()) + ": START\\n)(.*?)(// "
                    + Pattern.quote(table.getKey()) + ": END)", Pattern.DOTALL);
            Matcher matcher = section.matcher(rendered);
            if (matcher.find()) {
                rendered = matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + table.getValue() + matcher.group(3)));
            }
        }
        return rendered;
    }

    private String componentOptions() {
        JsonNode options = metadata.get("componentProperties");
        return "The VE.Direct component supports " + options.size() + " options, which are listed below. Set them once "
                + "for every endpoint as `camel.component.vedirect.NAME` (Camel Main, Spring Boot with the starter); "
                + "an endpoint's own URI options win.\n\n" + optionTable(options);
    }

    private String endpointOptions() {
        JsonNode all = metadata.get("properties");
        StringBuilder path = new StringBuilder();
        StringBuilder query = new StringBuilder();
        int pathCount = 0;
        int queryCount = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            if (option.getValue().get("kind").asText().equals("path")) {
                path.append(optionRow(option.getKey(), option.getValue()));
                pathCount++;
            } else {
                query.append(optionRow(option.getKey(), option.getValue()));
                queryCount++;
            }
        }
        String heading = format == Format.MARKDOWN ? "**" : "==== ";
        String headingEnd = format == Format.MARKDOWN ? "**" : "";
        return heading + "Path Parameters (" + pathCount + " parameters)" + headingEnd + "\n\n" + tableHead() + path + tableEnd()
                + "\n" + heading + "Query Parameters (" + queryCount + " parameters)" + headingEnd + "\n\n" + tableHead() + query + tableEnd();
    }

    private String headers() {
        JsonNode headers = metadata.get("headers");
        StringBuilder table = new StringBuilder("The VE.Direct component supports " + headers.size()
                + " message headers, which are listed below:\n\n" + (format == Format.MARKDOWN
                ? "| Name | Description | Type |\n|---|---|---|\n"
                : "[width=\"100%\",cols=\"2,5,2\",options=\"header\"]\n|===\n| Name | Description | Type\n"));
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            String constant = header.getValue().get("constantName").asText();
            table.append("| ").append(bold(header.getKey())).append(" (").append(constant.substring(constant.indexOf('#') + 1))
                    .append(") | ").append(cell(header.getValue().get("description").asText()))
                    .append(" | ").append(header.getValue().get("javaType").asText()).append(rowEnd());
        }
        return table.append(tableEnd()).toString();
    }

    private String optionTable(JsonNode options) {
        StringBuilder table = new StringBuilder(tableHead());
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            table.append(optionRow(option.getKey(), option.getValue()));
        }
        return table.append(tableEnd()).toString();
    }

    private String tableHead() {
        return format == Format.MARKDOWN ? "| Name | Description | Default | Type |\n|---|---|---|---|\n"
                : "[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n";
    }

    private String tableEnd() {
        return format == Format.MARKDOWN ? "" : "|===\n";
    }

    private String rowEnd() {
        return format == Format.MARKDOWN ? " |\n" : "\n";
    }

    private String bold(String text) {
        return format == Format.MARKDOWN ? "**" + text + "**" : "*" + text + "*";
    }

    private String optionRow(String name, JsonNode option) {
        String defaultValue = option.has("defaultValue") ? option.get("defaultValue").asText() : "";
        if (defaultValue.equals("true") || defaultValue.equals("false")) {
            defaultValue = Character.toUpperCase(defaultValue.charAt(0)) + defaultValue.substring(1);
        }
        return "| " + bold(name) + " (" + option.get("group").asText() + ") | " + cell(option.get("description").asText())
                + " | " + defaultValue + " | " + option.get("type").asText() + rowEnd();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
