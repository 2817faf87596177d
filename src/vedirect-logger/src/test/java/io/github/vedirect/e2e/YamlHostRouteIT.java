package io.github.vedirect.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The third way the component is used: a route of the user's own in a YAML file, run by the logger jar beside
 * the logger's routes. The same route as the Camel Main and Spring Boot host applications (src/host-apps).
 */
class YamlHostRouteIT extends LoggerRun {

    private static final String ROUTE = """
            - route:
                id: battery
                from:
                  uri: vedirect:simulator:bmv702
                  parameters:
                    blockInterval: 50
                  steps:
                    - filter:
                        simple: "${body[SOC]} != null"
                        steps:
                          - setBody:
                              simple: "${body.scaled('SOC')}"
                          - convertBodyTo:
                              type: java.lang.String
                          - to:
                              uri: file:battery
                              parameters:
                                fileName: soc.txt
                                fileExist: Append
                                # a backslash-n, which the file component turns into a new line
                                appendChars: "\\\\n"
            """;

    @Test
    void aUsersYamlRouteReadsItsOwnDeviceBesideTheLogger() throws Exception {
        Path dir = LoggerProcess.newWorkDir("yaml-host");
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.collect(Collectors.toList())) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.writeString(routes.resolve("battery.yaml"), ROUTE);
        logger = LoggerProcess.start(dir, Map.of("vedirect.port", "simulator:mppt?blockInterval=200", "vedirect.interval", "0.5"));
        Path soc = dir.resolve("battery").resolve("soc.txt");
        E2e.await("state of charge lines from the user's route", Duration.ofSeconds(30),
                () -> Files.exists(soc) && Files.readAllLines(soc).size() >= 3);
        for (String line : Files.readAllLines(soc)) {
            double percent = Double.parseDouble(line);
            assertTrue(percent >= 0 && percent <= 100, "a state of charge in %: " + line);
        }
        E2e.await("the logger's own CSV lines", Duration.ofSeconds(20), () -> E2e.csvLines(dir.resolve(E2e.CSV_FILE)).size() >= 3);
        String health = logger.health().body;
        assertTrue(health.contains("\"consumer:battery\""), "the user's consumer in /health: " + health);
        List<String> errors = logger.log(line -> line.contains(" ERROR "));
        assertTrue(errors.isEmpty(), "errors: " + errors);
    }
}
