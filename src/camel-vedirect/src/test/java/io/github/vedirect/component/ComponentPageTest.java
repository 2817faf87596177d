package io.github.vedirect.component;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component page and docs/embedding.md show the option and header tables exactly as the generated metadata
 * has them. After changing an option or a header: {@code mvn -pl src/camel-vedirect test -Dtest=ComponentPageTest
 * -Dvedirect.docs.update=true} rewrites the tables.
 */
class ComponentPageTest {

    private static final List<Path> PAGES = List.of(Path.of("src/main/docs/vedirect-component.adoc"), Path.of("../../docs/embedding.md"));

    @Test
    void pagesShowTheTablesOfTheGeneratedMetadata() throws IOException {
        ComponentPage generated = ComponentPage.fromClasspath();
        boolean update = Boolean.getBoolean("vedirect.docs.update");
        for (Path page : PAGES) {
            String text = Files.readString(page);
            String rendered = generated.in(ComponentPage.Format.of(page)).render(text);
            if (update && !rendered.equals(text)) {
                Files.writeString(page, rendered);
                continue;
            }
            assertEquals(text, rendered, page + " is out of date with vedirect.json: run this test with -Dvedirect.docs.update=true");
        }
    }

    @Test
    void theComponentPageHasEveryTable() throws IOException {
        String page = Files.readString(PAGES.get(0));
        for (String table : ComponentPage.fromClasspath().tables().keySet()) {
            assertTrue(page.contains("// " + table + ": START") && page.contains("// " + table + ": END"), "no " + table + " in " + PAGES.get(0));
        }
        assertTrue(page.contains("| *staleTimeout* (consumer) |"), "rendered rows are in the page");
    }

    /** render() leaves out a table whose markers a page lacks: the Markdown page must have all three. */
    @Test
    void theEmbeddingPageHasEveryTable() throws IOException {
        String page = Files.readString(PAGES.get(1));
        for (String table : ComponentPage.fromClasspath().tables().keySet()) {
            assertTrue(page.contains("// " + table + ": START") && page.contains("// " + table + ": END"), "no " + table + " in " + PAGES.get(1));
        }
        assertTrue(page.contains("| **staleTimeout** (consumer) |"), "rendered rows are in the page");
    }
}
