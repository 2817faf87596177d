package io.github.vedirect.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.simulator.Simulators;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in simulator is named where a user chooses a source: the endpoint's path description (and so the
 * generated metadata, the component page's table and the IDE tooling that reads it) and the component page's
 * table of sources. A simulator added to {@link Simulators} and not named there fails here.
 */
class SimulatorNamesTest {

    @Test
    void theSourceOptionNamesEverySimulator() throws Exception {
        String description;
        try (InputStream in = SimulatorNamesTest.class.getResourceAsStream(ComponentPage.JSON)) {
            description = new ObjectMapper().readTree(in).get("properties").get("source").get("description").asText();
        }
        for (String model : Simulators.models()) {
            assertTrue(description.contains("simulator:" + model), model + " missing from the source's description: " + description);
        }
    }

    @Test
    void theComponentPagesSourcesTableNamesEverySimulator() throws Exception {
        String row = Files.readAllLines(Path.of("src/main/docs/vedirect-component.adoc")).stream()
                .filter(line -> line.startsWith("| `simulator:model` |")).findFirst().orElseThrow();
        for (String model : Simulators.models()) {
            assertTrue(row.contains("`" + model + "`"), model + " missing from the component page's sources: " + row);
        }
    }
}
