package io.github.vedirect.destinations;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What /health, /status, /metrics and the status line read of a destination: deliveries that went through or
 * failed, what is wrong now, and since when. Each destination words its own outage lines; this only says when an
 * outage starts (one warning) and how long it lasted when it ends (one line). Public for the destinations with a
 * package of their own (MQTT).
 */
public final class Deliveries {

    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String problem;
    private volatile Instant outageSince;

    /** @param problem what is wrong before the first delivery ("not connected yet"), or null */
    public Deliveries(String problem) {
        this.problem = problem;
    }

    public long succeeded() {
        return succeeded.get();
    }

    public long failed() {
        return failed.get();
    }

    public String problem() {
        return problem;
    }

    public void delivered() {
        succeeded.incrementAndGet();
    }

    /** Several deliveries in one (a batch of stored records, one each). */
    public void delivered(int count) {
        succeeded.addAndGet(count);
    }

    /** A delivery that failed. @return true when it starts an outage */
    public boolean failed(String problem) {
        failed.incrementAndGet();
        return trouble(problem);
    }

    /** Something wrong outside any one delivery (a connection lost). @return true when it starts an outage */
    public boolean trouble(String problem) {
        this.problem = problem;
        if (outageSince == null) {
            outageSince = Instant.now();
            return true;
        }
        return false;
    }

    /** Clears the problem. @return how long the outage it ends lasted, or null when there was none */
    public Duration recovered() {
        Instant since = outageSince;
        outageSince = null;
        problem = null;
        return since == null ? null : Duration.between(since, Instant.now());
    }
}
