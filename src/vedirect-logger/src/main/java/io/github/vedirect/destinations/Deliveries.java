package io.github.vedirect.destinations;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What /health, /status, /metrics and the status line read of a destination: deliveries that went through or
 * failed, what is wrong now, and since when. Each destination words its own outage lines; this only says when an
 * outage starts (one warning) and how long it lasted when it ends (one line).
 */
final class Deliveries {

    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String problem;
    private volatile Instant outageSince;

    /** @param problem what is wrong before the first delivery ("not connected yet"), or null */
    Deliveries(String problem) {
        this.problem = problem;
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }

    String problem() {
        return problem;
    }

    void delivered() {
        succeeded.incrementAndGet();
    }

    /** A delivery that failed. @return true when it starts an outage */
    boolean failed(String problem) {
        failed.incrementAndGet();
        return trouble(problem);
    }

    /** Something wrong outside any one delivery (a connection lost). @return true when it starts an outage */
    boolean trouble(String problem) {
        this.problem = problem;
        if (outageSince == null) {
            outageSince = Instant.now();
            return true;
        }
        return false;
    }

    /** Clears the problem. @return how long the outage it ends lasted, or null when there was none */
    Duration recovered() {
        Instant since = outageSince;
        outageSince = null;
        problem = null;
        return since == null ? null : Duration.between(since, Instant.now());
    }
}
