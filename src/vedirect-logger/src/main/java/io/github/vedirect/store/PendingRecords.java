package io.github.vedirect.store;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records waiting for the store's writer, between a device's route (which only queues, never waits) and the
 * writer's thread; and the count of those handled (committed or lost), for {@link #flush} to wait on. Bounded: beyond
 * {@code capacity} waiting records the oldest is lost, and counted.
 */
final class PendingRecords {

    /** A record waiting for the writer: who, when, and its fields as JSON. */
    record Pending(String name, String product, String serial, long time, String fields) {
    }

    private final BlockingQueue<Pending> queue;
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Object handledMonitor = new Object();
    private long handled;

    PendingRecords(int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues a record; never waits: when the queue is full its oldest record is lost. */
    void add(Pending pending) {
        added.incrementAndGet();
        while (!queue.offer(pending)) {
            if (queue.poll() != null) {
                lost(1);
            }
        }
    }

    Pending poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    Pending poll() {
        return queue.poll();
    }

    void drainTo(Collection<Pending> to, int max) {
        queue.drainTo(to, max);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Records given up without being written (the writer held more than it may while the disk was full). */
    void lost(int count) {
        lost.addAndGet(count);
        handled(count);
    }

    long lost() {
        return lost.get();
    }

    /** Records the writer is done with (committed, or after a failed commit still held: 0). */
    void handled(int count) {
        synchronized (handledMonitor) {
            handled += count;
            handledMonitor.notifyAll();
        }
    }

    /** Waits until every record added before this call is handled; false on timeout. */
    boolean flush(Duration timeout) throws InterruptedException {
        long target = added.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (handledMonitor) {
            while (handled < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(handledMonitor, left);
            }
        }
        return true;
    }
}
