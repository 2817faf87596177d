package io.github.vedirect.component.springboot;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter's {@code camel.component.vedirect.*} properties, as Spring Boot publishes them to IDEs and tools
 * ({@code META-INF/spring-configuration-metadata.json}, which the configuration processor writes from
 * {@link VeDirectComponentConfiguration} and its javadoc), say what the component's own metadata
 * ({@code vedirect.json}, generated from the component) says: the same options, types, defaults and descriptions.
 * After changing a component option, copy its description into the javadoc of the field of the same name.
 */
class VeDirectComponentConfigurationMetadataTest {

    private static final String PREFIX = "camel.component.vedirect.";
    private static final String COMPONENT_METADATA = "/META-INF/io/github/vedirect/component/vedirect.json";
    /** The starter's own switches, which are not options of the component. */
    private static final List<String> STARTER_ONLY = List.of("enabled", "customizer.enabled");

    @Test
    void everyComponentOptionIsAPropertyWithTheSameTypeDefaultAndDescription() throws IOException {
        Map<String, JsonObject> properties = springProperties();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Object> option : componentOptions().entrySet()) {
            JsonObject metadata = (JsonObject) option.getValue();
            String key = kebab(option.getKey());
            JsonObject property = properties.get(key);
            if (property == null) {
                differences.add(PREFIX + key + ": no such property for the component option " + option.getKey());
                continue;
            }
            compare(key, "type", springType(metadata), text(property, "type"), differences);
            compare(key, "default", text(metadata, "defaultValue"), springDefault(property), differences);
            compare(key, "description", normalized(text(metadata, "description")),
                    normalized(text(property, "description")), differences);
        }
        assertEquals(List.of(), differences, "the starter's properties differ from vedirect.json");
    }

    @Test
    void thereIsNoPropertyTheComponentDoesNotHave() throws IOException {
        TreeSet<String> extra = new TreeSet<>(springProperties().keySet());
        componentOptions().keySet().forEach(name -> extra.remove(kebab(name)));
        extra.removeAll(STARTER_ONLY);
        assertEquals(Collections.emptySet(), extra, "properties of the starter that are no option of the component");
    }

    private static void compare(String key, String what, String component, String starter, List<String> differences) {
        if (!String.valueOf(component).equals(String.valueOf(starter))) {
            differences.add(PREFIX + key + " " + what + ": '" + component + "' in vedirect.json, '" + starter + "' in the starter");
        }
    }

    /** The Java type a generated starter gives an option of this metadata type (boxed, durations as Duration). */
    private static String springType(JsonObject option) {
        return switch (text(option, "type")) {
            case "duration" -> "java.time.Duration";
            case "boolean" -> "java.lang.Boolean";
            case "integer" -> text(option, "javaType").equals("long") ? "java.lang.Long" : "java.lang.Integer";
            case "string" -> "java.lang.String";
            default -> text(option, "javaType");
        };
    }

    /** Spring writes a Duration's default as {@code 5000ms} and Camel as milliseconds: compare in milliseconds. */
    private static String springDefault(JsonObject property) {
        String value = text(property, "defaultValue");
        if (value != null && text(property, "type").equals("java.time.Duration")) {
            return String.valueOf(DurationStyle.detectAndParse(value).toMillis());
        }
        return value;
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static String normalized(String text) {
        return text == null ? null : text.trim().replaceAll("\\s+", " ");
    }

    private static String text(JsonObject node, String field) {
        Object value = node.get(field);
        return value == null ? null : value.toString();
    }

    private JsonObject componentOptions() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(COMPONENT_METADATA)) {
            assertTrue(in != null, COMPONENT_METADATA + " is not on the classpath: camel-vedirect's build generates it");
            return (JsonObject) read(in).get("componentProperties");
        }
    }

    private static JsonObject read(InputStream in) throws IOException {
        try {
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (DeserializationException e) {
            throw new IOException(e);
        }
    }

    /** This starter's properties, by name without the prefix, from every Spring metadata file on the classpath. */
    private Map<String, JsonObject> springProperties() throws IOException {
        Map<String, JsonObject> properties = new TreeMap<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (Object each : read(in).getCollectionOrDefault("properties", new ArrayList<>())) {
                    JsonObject property = (JsonObject) each;
                    String name = property.getString("name");
                    if (name.startsWith(PREFIX)) {
                        properties.put(name.substring(PREFIX.length()), property);
                    }
                }
            }
        }
        assertTrue(properties.containsKey("stale-timeout"), "the starter's spring-configuration-metadata.json was read: " + properties.keySet());
        return properties;
    }
}
