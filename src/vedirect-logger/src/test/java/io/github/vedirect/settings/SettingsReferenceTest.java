package io.github.vedirect.settings;

import io.github.vedirect.GeneratedDocs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md shows the catalogue of settings exactly as {@link SettingsReference} renders it, kept as
 * the component's option tables are (ComponentPageTest): this test fails when the two differ, and
 * {@code -Dvedirect.docs.update=true} rewrites the part between the markers.
 */
class SettingsReferenceTest {

    /** Tests run in the project's root folder (the logger's pom). */
    private static final Path PAGE = Path.of("docs/configuration.md");
    @Test
    void theConfigurationPageIsTheCatalogue() throws Exception {
        String text = Files.readString(PAGE, StandardCharsets.UTF_8);
        GeneratedDocs.check(PAGE, GeneratedDocs.withPart(PAGE, text, "settings", SettingsReference.markdown()),
                "the settings catalogue (Setting)");
    }

    @Test
    void everySettingIsOneKeyWithADescription() {
        Set<String> keys = new HashSet<>();
        for (Setting setting : Setting.values()) {
            assertTrue(keys.add(setting.key()), "one entry per key: " + setting.key());
            assertFalse(setting.description().isBlank(), setting.key() + " has no description");
            assertNotNull(setting.topic(), setting.key());
            assertTrue(setting.named() == setting.key().substring(setting.key().lastIndexOf('.') + 1).matches("[A-Z]+"),
                    "a family's key ends in its upper-case placeholder, and only a family's: " + setting.key());
        }
    }

    @Test
    void theMarkdownHasATableRowForEverySetting() {
        String markdown = SettingsReference.markdown();
        for (Setting setting : Setting.values()) {
            assertTrue(markdown.contains("| `" + setting.key() + "` | "), setting.key() + " missing: " + markdown);
        }
        for (Setting.Topic topic : Setting.Topic.values()) {
            assertTrue(markdown.contains("## " + topic.title() + "\n"), topic.title());
        }
    }

    @Test
    void aKeyNotGivenTakesTheCataloguesDefaultAndOneGivenEmptyStaysEmpty() {
        assertEquals("homeassistant", Setting.MQTT_DISCOVERY.in(key -> null));
        assertEquals("", Setting.MQTT_DISCOVERY.in(key -> " "));
        assertEquals("vedirect", Setting.MQTT_TOPIC.orDefaultIn(key -> ""));
        assertEquals("tcp://b:1883", Setting.MQTT_BROKER.in(key -> " tcp://b:1883 "));
        assertEquals("30", Setting.defaults().getProperty("vedirect.interval"));
        assertFalse(Setting.defaults().containsKey("vedirect.port.NAME"), "a family has no default");
    }
}
