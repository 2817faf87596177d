package io.github.vedirect.alarms;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.identity.AlarmHeaders;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@code alarms} bean: each device's route hands it every record ({@link #seen}), a clock of its own looks for
 * silent devices every second, and each alarm raised or cleared becomes one message on {@value #ENDPOINT}
 * (docs/alarms.md): the body its one line of text, the headers {@value DeviceHeaders#NAME}, {@value #ALARM},
 * {@value #STATE} ({@code raised}/{@code cleared}), {@value #VALUE} and {@value #SINCE}.
 */
public final class AlarmService extends ServiceSupport {

    /**
     * Where the alarms go, for every route that reads them; several routes may, each gets every alarm. Never
     * waits: with nothing reading, the oldest thousand wait and later ones are dropped (the log has them all).
     */
    public static final String ENDPOINT = "seda:alarms?multipleConsumers=true&discardWhenFull=true";
    public static final String ALARM = AlarmHeaders.ALARM;
    public static final String STATE = AlarmHeaders.STATE;
    public static final String VALUE = AlarmHeaders.VALUE;
    public static final String SINCE = AlarmHeaders.SINCE;
    public static final String REMINDER = AlarmHeaders.REMINDER;
    /** The exchange property with the {@link AlarmEvent} itself, for the channels' retries. */
    public static final String EVENT = "VeDirectAlarmEvent";

    private final CamelContext context;
    private final AlarmState state;
    private final Supplier<Collection<String>> devices;
    private final AlarmEngine engine;
    private ProducerTemplate template;
    private ScheduledExecutorService clock;

    /** @param devices the devices known now (configured, found by auto), for the no-data alarm of one that never spoke */
    public AlarmService(CamelContext context, AlarmSettings settings, AlarmState state, Supplier<Collection<String>> devices) {
        this.context = context;
        this.state = state;
        this.devices = devices;
        this.engine = new AlarmEngine(settings, state, this::send, Clock.systemUTC());
    }

    @Override
    protected void doStart() {
        template = context.createProducerTemplate();
        engine.restore();
        clock = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "VeDirect alarms");
        clock.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        LoggerFactory.getLogger(AlarmService.class).info("Alarms: raised alarms kept in {}", state.where());
    }

    private void tick() {
        try {
            engine.tick(devices.get());
        } catch (RuntimeException e) {
            // The clock must go on: a tick that failed is one line, the next one tries again.
            LoggerFactory.getLogger(AlarmService.class).warn("Alarms: {}", e.toString());
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (clock != null) {
            context.getExecutorServiceManager().shutdownNow(clock);
        }
        if (template != null) {
            template.stop();
        }
        state.close();
    }

    /** Each record of a device, before the interval: the route's step in routes/vedirect.yaml. */
    public void seen(Exchange exchange) {
        String device = exchange.getIn().getHeader(DeviceHeaders.NAME, String.class);
        if (exchange.getIn().getBody() instanceof VeDirectRecord record && device != null) {
            engine.record(device, record);
        }
    }

    private void send(AlarmEvent event) {
        if (template != null) {
            template.send(ENDPOINT, message(context, event));
        }
    }

    /** The message of an event, as {@value #ENDPOINT} carries it. */
    static Exchange message(CamelContext context, AlarmEvent event) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(DeviceHeaders.NAME, event.device());
        exchange.getIn().setHeader(ALARM, event.alarm());
        exchange.getIn().setHeader(STATE, event.state().word());
        exchange.getIn().setHeader(VALUE, event.value());
        exchange.getIn().setHeader(SINCE, event.since().toString());
        exchange.getIn().setHeader(REMINDER, event.reminder());
        exchange.getIn().setBody(event.text());
        exchange.setProperty(EVENT, event);
        return exchange;
    }

    public AlarmEngine engine() {
        return engine;
    }

    /** Every alarm raised since the start (or before), by {@code device/alarm}: whether it is raised now; for /metrics. */
    public java.util.Map<String, Boolean> states() {
        return engine.states();
    }

    /** The alarms raised now, for /status. */
    public List<ActiveAlarm> active() {
        return engine.active();
    }
}
