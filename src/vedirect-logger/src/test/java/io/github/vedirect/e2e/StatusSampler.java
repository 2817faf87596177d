package io.github.vedirect.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the logger's /status at a fixed pace on a thread of its own for as long as a test runs, so that a
 * pile-up between two checks of the test is still seen. An endpoint that stops answering is itself a
 * finding, kept with the samples.
 */
final class StatusSampler implements AutoCloseable {

    /** One reading. */
    static final class Sample {
        final Instant at;
        final JsonNode status;

        Sample(Instant at, JsonNode status) {
            this.at = at;
            this.status = status;
        }

        long inflight() {
            return status.get("inflightExchanges").asLong();
        }
    }

    private final LoggerProcess logger;
    private final Duration every;
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    StatusSampler(LoggerProcess logger, Duration every) {
        this.logger = logger;
        this.every = every;
        this.thread = new Thread(this::run, "status-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            try {
                JsonNode status = logger.status();
                synchronized (samples) {
                    samples.add(new Sample(Instant.now(), status));
                }
            } catch (Exception e) {
                if (running && logger.isAlive()) {
                    synchronized (samples) {
                        errors.add(Instant.now() + " " + e);
                    }
                }
            }
            next += every.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    List<String> errors() {
        synchronized (samples) {
            return new ArrayList<>(errors);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
