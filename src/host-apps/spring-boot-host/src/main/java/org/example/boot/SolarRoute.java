package org.example.boot;

import io.github.vedirect.component.VeDirectRecord;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicReference;

/** The panel power of a simulated SmartSolar, newest first. */
@Component
public class SolarRoute extends RouteBuilder {

    private final AtomicReference<VeDirectRecord> latest = new AtomicReference<>();

    public VeDirectRecord latest() {
        return latest.get();
    }

    @Override
    public void configure() {
        from("vedirect:simulator:mppt?blockInterval=50").routeId("solar")
                .process(exchange -> latest.set(exchange.getIn().getBody(VeDirectRecord.class)));
    }
}
