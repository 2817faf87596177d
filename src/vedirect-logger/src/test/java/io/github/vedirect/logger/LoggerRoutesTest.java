package io.github.vedirect.logger;

import io.github.vedirect.Await;
import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.devices.IntervalGate;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import org.apache.camel.BeanInject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped application.properties and YAML routes, as Camel Main loads them. */
@CamelMainTest(properties = {
    "vedirect.port=simulator:bmv702?blockInterval=100",
    "vedirect.interval=1",
    "csv.file=target/LoggerRoutesTest.csv",
    "log.file="
})
class LoggerRoutesTest {

    @BeanInject
    CamelContext context;

    @Test
    void realRoutesReadTheSimulatorAndWriteTheCsv() throws Exception {
        Path csv = Path.of("target/LoggerRoutesTest.csv");
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("device"));
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("csv"));
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("status"));
        // Not even a stopped route: its HTTP endpoint, client and TLS set-up would be made for nothing at every start.
        assertNull(context.getRoute("domoticz"), "no domoticz.url, no Domoticz route");
        // Count this run's lines: the file under target/ may hold an earlier run's.
        CsvLines written = context.getRegistry().lookupByNameAndType("csvLines", CsvLines.class);
        Await.until("three CSV lines", Duration.ofSeconds(15), () -> written.lines() >= 3);
        List<String> lines = lines(csv);
        assertEquals("Time,Volts,Amps,AHr,SOC", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,1\\d\\.\\d+,-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?,\\d+(\\.\\d)?"), line);
        }
        IntervalGate gate = context.getRegistry().lookupByNameAndType("intervalGate", IntervalGate.class);
        assertTrue(gate.dropped() > 0, "records within an interval are dropped");
    }

    private static List<String> lines(Path csv) {
        try {
            return Files.readAllLines(csv);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
