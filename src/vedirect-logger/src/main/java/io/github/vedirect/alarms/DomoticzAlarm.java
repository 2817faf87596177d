package io.github.vedirect.alarms;

import io.github.vedirect.devices.NewestPerDeviceQueue;
import io.github.vedirect.domoticz.DomoticzRequests;
import io.github.vedirect.domoticz.DomoticzResponses;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code domoticzAlarm} bean of routes/vedirect.yaml ({@code domoticz.alarm-idx}): a Domoticz Alert device that
 * shows the alarms raised now, updated on each alarm raised or cleared. Its level is the worst of them: 4 (red) for
 * any alarm, 2 (yellow) when only inverters' warnings are raised, 1 (green) with none; its text names them, by device:
 * {@code house: low-soc, no-data; solar: error}, or {@code No alarms}.
 *
 * <p>The request goes the way of every Domoticz request (direct:domoticz-upload: its Basic auth, its TLS trust, its
 * timeouts, and one warning per outage from {@link DomoticzResponses}). Its queue holds one request at most, made
 * when it is sent, from the alarms raised then: the newest state, never an old one late. One that Domoticz did not
 * accept is tried again after {@code notify.retry}, again with the newest state.
 */
public final class DomoticzAlarm {

    static final int GREEN = 1;
    static final int YELLOW = 2;
    static final int RED = 4;
    static final String NONE = "No alarms";

    private final CamelContext context;
    private final AlarmEngine engine;
    private final DomoticzRequests requests;
    private final Duration retry;
    /** One place: the Alert device's one state. */
    private final NewestPerDeviceQueue<Exchange> queue = new NewestPerDeviceQueue<>(exchange -> "alert");
    private final AtomicBoolean retryPlanned = new AtomicBoolean();
    private ScheduledExecutorService retries;

    public DomoticzAlarm(CamelContext context, AlarmEngine engine, DomoticzRequests requests, Duration retry) {
        this.context = context;
        this.engine = engine;
        this.requests = requests;
        this.retry = retry;
    }

    /** The queue of {@code seda:domoticz-alarm}. */
    public NewestPerDeviceQueue<Exchange> queue() {
        return queue;
    }

    /** The route's step before the request goes: the Alert device's level and text from the alarms raised now. */
    public void request(Exchange exchange) {
        List<ActiveAlarm> active = engine.active();
        requests.alert(exchange, level(active), text(active));
    }

    /** The route's step once Domoticz answered or failed to: a request it did not accept is made again later. */
    public void sent(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(DomoticzResponses.ACCEPTED, Boolean.class))) {
            return;
        }
        if (retryPlanned.compareAndSet(false, true)) {
            synchronized (this) {
                if (retries == null) {
                    retries = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "VeDirect domoticz-alarm retries");
                }
            }
            try {
                retries.schedule(() -> {
                    retryPlanned.set(false);
                    queue.offer(new DefaultExchange(context));
                }, retry.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // The logger is stopping: nothing to try again.
            }
        }
    }

    /** 4 (red) for any alarm, 2 (yellow) when only warnings are raised, 1 (green) with none. */
    static int level(List<ActiveAlarm> active) {
        if (active.isEmpty()) {
            return GREEN;
        }
        return active.stream().allMatch(a -> a.alarm().equals(BuiltInAlarms.WARNING)) ? YELLOW : RED;
    }

    /** {@code house: low-soc, no-data; solar: error}, or {@value #NONE}. */
    static String text(List<ActiveAlarm> active) {
        if (active.isEmpty()) {
            return NONE;
        }
        Map<String, StringJoiner> byDevice = new LinkedHashMap<>();
        for (ActiveAlarm alarm : active) {
            byDevice.computeIfAbsent(alarm.device(), device -> new StringJoiner(", ", device + ": ", "")).add(alarm.alarm());
        }
        StringJoiner text = new StringJoiner("; ");
        byDevice.values().forEach(device -> text.add(device.toString()));
        return text.toString();
    }
}
