package io.github.vedirect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parts of the Markdown pages that are rendered from the code (the settings, the HEX registers, the
 * destinations' tables), each between {@code <!-- NAME: START -->} and {@code <!-- NAME: END -->}: a test renders
 * them, and the page must be what it renders, so that no page shows what someone remembered. With
 * {@code -Dvedirect.docs.update=true} the test writes the rendered page first. (The component's pages have their
 * own AsciiDoc-style markers: {@code component.ComponentPage}.)
 */
public final class GeneratedDocs {

    private GeneratedDocs() {
    }

    /** {@code page}'s text with the part called {@code name} replaced by {@code content}; fails when its markers are missing. */
    public static String withPart(Path page, String text, String name, String content) {
        String start = "<!-- " + name + ": START -->\n";
        String end = "<!-- " + name + ": END -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, page + " has no " + start.trim() + " ... " + end + " markers");
        return text.substring(0, from + start.length()) + content + text.substring(to);
    }

    /** Fails when {@code page} is not {@code rendered}, naming {@code source} as what it is out of date with. */
    public static void check(Path page, String rendered, String source) throws IOException {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("vedirect.docs.update") && !rendered.equals(text)) {
            Files.writeString(page, rendered, StandardCharsets.UTF_8);
            text = rendered;
        }
        assertEquals(rendered, text, page + " is out of date with " + source + ": run this test with -Dvedirect.docs.update=true");
    }
}
