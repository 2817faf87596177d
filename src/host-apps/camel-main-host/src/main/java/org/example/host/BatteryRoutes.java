package org.example.host;

import io.github.vedirect.component.VeDirectRecord;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The host's one route: the state of charge of its battery monitor, kept in memory. */
public class BatteryRoutes extends RouteBuilder {

    public static final List<Double> STATE_OF_CHARGE = new CopyOnWriteArrayList<>();

    @Override
    public void configure() {
        from("{{host.battery}}").routeId("battery")
                .process(exchange -> {
                    VeDirectRecord record = exchange.getIn().getBody(VeDirectRecord.class);
                    if (record.containsKey("SOC")) {
                        STATE_OF_CHARGE.add(record.scaled("SOC"));
                    }
                });
    }
}
