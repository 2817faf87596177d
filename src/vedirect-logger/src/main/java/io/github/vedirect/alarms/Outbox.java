package io.github.vedirect.alarms;

import io.github.vedirect.destinations.Deliveries;
import io.github.vedirect.destinations.Destination;
import io.github.vedirect.devices.NewestPerDeviceQueue;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One alarm channel's queue (routes/ntfy.yaml, routes/email.yaml: {@code seda:NAME?queue=#NAMEOutbox}) and its
 * answers. It holds the newest message of each device's each alarm: a raised alarm not yet sent that clears is sent
 * as cleared only. A message that failed is one warning per outage and is tried again after {@code notify.retry}, if
 * it is still its alarm's newest (a newer one is on its own way); one channel's failure never holds up another's.
 */
public final class Outbox extends NewestPerDeviceQueue<Exchange> implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final String name;
    private final CamelContext context;
    private final AlarmEngine engine;
    private final Duration retry;
    private final Deliveries deliveries = new Deliveries(null);
    private final ScheduledExecutorService retries;
    private final String unsaid;

    /**
     * @param unsaid text never to repeat in a warning (ntfy's address: on ntfy.sh its topic is all that guards it),
     *               or null
     */
    public Outbox(String name, CamelContext context, AlarmEngine engine, Duration retry, String unsaid) {
        super(exchange -> exchange.getIn().getHeader(DeviceHeaders.NAME) + "/" + exchange.getIn().getHeader(AlarmService.ALARM));
        this.name = name;
        this.context = context;
        this.engine = engine;
        this.retry = retry;
        this.unsaid = unsaid;
        this.retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "VeDirect " + name + " retries");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Deliveries deliveries() {
        return deliveries;
    }

    /** The route's step once the channel took the message. */
    public void delivered(Exchange exchange) {
        deliveries.delivered();
        Duration outage = deliveries.recovered();
        if (outage != null) {
            LOG.info("{}: alarms delivered again, after {}", name, Durations.human(outage));
        }
    }

    /** The route's step when the channel failed: one warning per outage, and the message tried again later. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String problem = cause == null ? "failed" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (unsaid != null) {
            problem = problem.replace(unsaid, "(notify.url)");
        }
        exchange.setException(null);
        if (deliveries.failed(problem)) {
            LOG.warn("{}: an alarm was not delivered ({}); tried again every {} with each alarm's newest state", name,
                    problem, Durations.human(retry));
        }
        AlarmEvent event = exchange.getProperty(AlarmService.EVENT, AlarmEvent.class);
        if (event != null && !retries.isShutdown()) {
            retries.schedule(() -> {
                if (engine.isNewest(event)) {
                    offer(AlarmService.message(context, event));
                }
            }, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the retries (with Camel). */
    public void stop() {
        retries.shutdownNow();
    }
}
