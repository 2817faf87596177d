package io.github.vedirect.component;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real Camel context with one {@code vedirect:} route whose exchanges the test collects. */
final class DeviceRoute implements AutoCloseable {

    static final String ROUTE_ID = "device";

    final CamelContext context = new DefaultCamelContext();
    final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    DeviceRoute(String uri) throws Exception {
        this(uri, exchange -> { });
    }

    /** The route runs {@code first} on each exchange before collecting it, on the consumer's reading thread. */
    DeviceRoute(String uri, Processor first) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(ROUTE_ID).process(first).process(exchanges::add);
            }
        });
        context.start();
    }

    List<VeDirectRecord> bodies() {
        return exchanges.stream().map(e -> e.getIn().getBody(VeDirectRecord.class)).toList();
    }

    VeDirectConsumer consumer() {
        return (VeDirectConsumer) context.getRoute(ROUTE_ID).getConsumer();
    }

    /** The consumer's health check as camel-health reports it. */
    HealthCheck.Result health() {
        Optional<HealthCheck.Result> result = HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + ROUTE_ID)).findFirst();
        return result.orElseThrow(() -> new AssertionError("no vedirect consumer health check registered"));
    }

    @Override
    public void close() {
        context.stop();
    }
}
