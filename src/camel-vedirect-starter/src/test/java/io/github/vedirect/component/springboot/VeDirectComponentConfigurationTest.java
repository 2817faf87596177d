package io.github.vedirect.component.springboot;

import io.github.vedirect.component.VeDirectComponent;
import io.github.vedirect.component.VeDirectEndpoint;
import io.github.vedirect.component.VeDirectRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** {@code camel.component.vedirect.*} from Spring's properties reaches the component and, through it, its endpoints. */
@CamelSpringBootTest
@EnableAutoConfiguration
@SpringBootTest(classes = VeDirectComponentConfigurationTest.Routes.class, properties = {
        "camel.component.vedirect.stale-timeout=20s",
        "camel.component.vedirect.reconnect-delay=250ms",
        "camel.component.vedirect.max-reconnect-delay=4000"})
class VeDirectComponentConfigurationTest {

    @Autowired
    CamelContext context;

    @Test
    void springPropertiesReachTheComponentAndItsEndpoints() throws Exception {
        VeDirectComponent component = context.getComponent("vedirect", VeDirectComponent.class);
        assertEquals(20_000, component.getConfiguration().getStaleTimeout());
        assertEquals(250, component.getConfiguration().getReconnectDelay());
        assertEquals(4000, component.getConfiguration().getMaxReconnectDelay(), "a plain number is milliseconds");

        VeDirectEndpoint inherits = context.getEndpoint("vedirect:simulator:bmv702?blockInterval=20", VeDirectEndpoint.class);
        assertEquals(20_000, inherits.getConfiguration().getStaleTimeout());
        VeDirectEndpoint overrides = context.getEndpoint("vedirect:simulator:mppt?staleTimeout=3000", VeDirectEndpoint.class);
        assertEquals(3000, overrides.getConfiguration().getStaleTimeout(), "the URI's own option wins over the component's");
        assertEquals(250, overrides.getConfiguration().getReconnectDelay());
    }

    @Test
    void theRouteGetsRecords() throws Exception {
        MockEndpoint blocks = context.getEndpoint("mock:blocks", MockEndpoint.class);
        blocks.expectedMinimumMessageCount(4);
        blocks.assertIsSatisfied(TimeUnit.SECONDS.toMillis(10));
        assertInstanceOf(VeDirectRecord.class, blocks.getExchanges().get(0).getIn().getBody());
    }

    @Configuration
    static class Routes {
        @Bean
        RouteBuilder bmv() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("vedirect:simulator:bmv702?blockInterval=20").to("mock:blocks");
                }
            };
        }
    }
}
