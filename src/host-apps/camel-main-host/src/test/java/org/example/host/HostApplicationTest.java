package org.example.host;

import io.github.vedirect.component.VeDirectEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The host application as it runs: Camel Main, its application.properties, its route, camel-vedirect from the repository. */
class HostApplicationTest {

    private static Main main;
    private static CamelContext context;
    private static Set<Path> filesBefore;

    @BeforeAll
    static void start() throws Exception {
        filesBefore = filesOutsideTarget();
        // As HostApplication.main does: the routes are found by scanning the application's package.
        main = new Main(HostApplication.class);
        main.start();
        context = main.getCamelContext();
    }

    @AfterAll
    static void stop() {
        main.stop();
    }

    @Test
    void runsExactlyItsOwnRouteAndGetsRecords() {
        waitFor(() -> BatteryRoutes.STATE_OF_CHARGE.size() >= 3, "three records from the simulated BMV");
        List<String> routes = context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toList());
        assertEquals(List.of("battery"), routes, "the component brings no routes of its own");
        double soc = BatteryRoutes.STATE_OF_CHARGE.get(0);
        assertTrue(soc >= 0 && soc <= 100, "state of charge is a percentage: " + soc);
    }

    @Test
    void componentLevelOptionsFromTheHostsPropertiesTakeEffect() {
        VeDirectEndpoint endpoint = context.getRoute("battery").getEndpoint() instanceof VeDirectEndpoint e ? e : null;
        assertTrue(endpoint != null, "the battery route reads a vedirect: endpoint");
        assertEquals(20_000, endpoint.getConfiguration().getStaleTimeout(), "camel.component.vedirect.stale-timeout=20s");
        assertEquals(300, endpoint.getConfiguration().getReconnectDelay(), "camel.component.vedirect.reconnect-delay=300");
    }

    @Test
    void theComponentBringsNoSettingsLoggingOrRoutes() throws IOException {
        List<URL> properties = Collections.list(getClass().getClassLoader().getResources("application.properties"));
        assertEquals(1, properties.size(), "only the host's own application.properties: " + properties);
        assertTrue(properties.get(0).toString().contains("/target/classes/"), properties.get(0).toString());
        assertNull(getClass().getClassLoader().getResource("log4j2.xml"), "no logging configuration");
        assertNull(getClass().getClassLoader().getResource("routes/vedirect.yaml"), "no routes");
        for (String key : context.getPropertiesComponent().loadProperties().stringPropertyNames()) {
            assertTrue(key.startsWith("camel.") || key.startsWith("host."), "a setting the host did not write: " + key);
        }
    }

    @Test
    void writesNoFile() throws IOException {
        waitFor(() -> BatteryRoutes.STATE_OF_CHARGE.size() >= 3, "three records");
        Set<Path> now = filesOutsideTarget();
        now.removeAll(filesBefore);
        assertEquals(Set.of(), now, "files the component wrote in the host's folder");
    }

    @Test
    void aMistypedOptionIsCamelsUnknownParameterFailure() {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("vedirect:/dev/ttyUSB0?staleTimeot=5"));
        assertTrue(failure.getMessage().contains("staleTimeot"), failure.getMessage());
    }

    @Test
    void aMissingPortNeverStopsTheHostsOtherRoutes() throws Exception {
        // A lambda, not a RouteBuilder class: the package scan would pick a class up as one of the application's.
        RouteBuilder.addRoutes(context, routes -> routes.from("vedirect:/dev/ttyVEDIRECT-not-plugged-in").routeId("missing")
                .process(exchange -> { }));
        int before = BatteryRoutes.STATE_OF_CHARGE.size();
        waitFor(() -> BatteryRoutes.STATE_OF_CHARGE.size() >= before + 3, "the battery route goes on");
        waitFor(() -> {
            HealthCheck.Result result = result("consumer:missing");
            return result != null && result.getState() == HealthCheck.State.DOWN
                    && result.getMessage().orElse("").contains("/dev/ttyVEDIRECT-not-plugged-in");
        }, () -> "the missing port's health check DOWN, naming the port; checks: " + allResults().stream()
                .map(r -> r.getCheck().getId() + "=" + r.getState() + " " + r.getMessage().orElse("")).collect(Collectors.toList()));
        assertEquals(HealthCheck.State.UP, result("consumer:battery").getState());
        context.getRouteController().stopRoute("missing");
        context.removeRoute("missing");
    }

    private static HealthCheck.Result result(String id) {
        return allResults().stream()
                .filter(r -> r.getCheck().getId().equals(id)).findFirst().orElse(null);
    }

    /** Every check's result: the default exposure level leaves out the checks that are UP when one is DOWN. */
    private static java.util.Collection<HealthCheck.Result> allResults() {
        return HealthCheckHelper.invoke(context, check -> java.util.Map.of(), check -> false, "full");
    }

    private static Set<Path> filesOutsideTarget() throws IOException {
        Path folder = Path.of("").toAbsolutePath();
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(folder.resolve("target")))
                    .collect(Collectors.toSet());
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        waitFor(condition, () -> what);
    }

    private static void waitFor(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited 15 s for " + what.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
