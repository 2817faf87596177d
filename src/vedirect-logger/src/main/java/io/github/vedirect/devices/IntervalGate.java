package io.github.vedirect.devices;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets at most one record per device and interval through and drops the rest on the spot: nothing
 * waits, so nothing is ever sent late. Intervals are aligned to the clock (with 30 s, the first record
 * after :00 and after :30 of each minute), which keeps CSV lines evenly spaced.
 */
public class IntervalGate {

    private final long intervalMillis;
    private final Map<String, Long> lastSlot = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> passedByDevice = new ConcurrentHashMap<>();
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public IntervalGate(Duration interval) {
        this.intervalMillis = interval.toMillis();
    }

    /**
     * Whether this record is its device's first in the current interval. Each device has its own slots, by
     * its name (its source when a route gives none): one device's record never takes another's turn.
     */
    public boolean allow(Exchange exchange) {
        String device = exchange.getIn().getHeader(DeviceHeaders.NAME, String.class);
        if (device == null) {
            device = exchange.getIn().getHeader(VeDirectConstants.SOURCE, "", String.class);
        }
        long slot = Math.floorDiv(receivedAt(exchange).toEpochMilli(), intervalMillis);
        Long previous = lastSlot.get(device);
        if (previous != null && slot <= previous) {
            dropped.incrementAndGet();
            return false;
        }
        lastSlot.put(device, slot);
        passed.incrementAndGet();
        passedByDevice.computeIfAbsent(device, d -> new AtomicLong()).incrementAndGet();
        return true;
    }

    /**
     * Whether a record is still worth sending: not older than one interval. A destination that was
     * stalled gets the newest record when it answers again, never one a later interval has replaced.
     */
    public boolean isFresh(Exchange exchange) {
        return Duration.between(receivedAt(exchange), Instant.now()).toMillis() <= Math.max(intervalMillis, 1000);
    }

    private static Instant receivedAt(Exchange exchange) {
        Instant at = exchange.getIn().getHeader(VeDirectConstants.RECEIVED_AT, Instant.class);
        return at == null ? Instant.now() : at;
    }

    public long passed() {
        return passed.get();
    }

    /** Records of one device let through, by its name. */
    public long passed(String device) {
        AtomicLong count = passedByDevice.get(device);
        return count == null ? 0 : count.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
