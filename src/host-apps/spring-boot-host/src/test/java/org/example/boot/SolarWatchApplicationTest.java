package org.example.boot;

import io.github.vedirect.component.VeDirectEndpoint;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SolarWatchApplicationTest {

    @Autowired
    CamelContext camel;
    @Autowired
    SolarRoute route;
    @Autowired
    TestRestTemplate http;

    @Test
    void startsAndGetsRecords() throws InterruptedException {
        waitForRecord();
        assertNotNull(route.latest().get("PPV"), "a SmartSolar record has the panel power: " + route.latest());
    }

    @Test
    void springPropertiesReachTheComponentThroughTheStarter() {
        VeDirectEndpoint endpoint = (VeDirectEndpoint) camel.getRoute("solar").getEndpoint();
        assertEquals(20_000, endpoint.getConfiguration().getStaleTimeout(), "camel.component.vedirect.stale-timeout=20s");
    }

    @Test
    void actuatorHealthShowsTheConsumer() throws InterruptedException {
        waitForRecord();
        String health = http.getForObject("/actuator/health", String.class);
        assertTrue(health.contains("\"consumer:solar\""), "the consumer's check in " + health);
        assertTrue(health.startsWith("{\"status\":\"UP\""), health);
    }

    private void waitForRecord() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (route.latest() == null) {
            if (System.nanoTime() > deadline) {
                fail("no record in 15 s");
            }
            Thread.sleep(50);
        }
    }
}
