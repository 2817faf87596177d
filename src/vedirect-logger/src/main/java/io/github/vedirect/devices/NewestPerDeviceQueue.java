package io.github.vedirect.devices;

import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A queue with one place per device, for a {@code seda:} endpoint in front of a slow or dead destination
 * ({@code seda:domoticz?queue=#newestOnly}): the destination always gets each device's newest record when it is
 * ready, no backlog builds up, and the sender never blocks.
 *
 * <p>A device's new record replaces that device's record still waiting, and only that one; it keeps the place in
 * line the replaced record had, so a device that sends often never pushes another device's record back. Records leave in the order their devices began waiting, and the
 * queue never holds more than one record per device, so one busy or chatty device can neither drop, replace
 * nor delay another's record beyond the uploads already in line (at most one per other device).
 *
 * <p>One queue and one consumer thread for every device rather than a queue and a thread per device: on a
 * Pi with a BMV and three chargers that is three threads fewer, and Domoticz takes one request at a time
 * anyway.
 */
public class NewestPerDeviceQueue<E> extends AbstractQueue<E> implements BlockingQueue<E> {

    private final Function<? super E, ?> deviceOf;
    private final Map<Object, E> waiting = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();

    /** @param deviceOf the device an element is from (null is a device too: the unnamed one) */
    public NewestPerDeviceQueue(Function<? super E, ?> deviceOf) {
        this.deviceOf = deviceOf;
    }

    @Override
    public boolean offer(E element) {
        Objects.requireNonNull(element);
        Object device = deviceOf.apply(element);
        lock.lock();
        try {
            // Map.put on a present key keeps the key's place in a LinkedHashMap: the replaced record's turn.
            waiting.put(device == null ? NO_DEVICE : device, element);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static final Object NO_DEVICE = new Object();

    @Override
    public boolean offer(E element, long timeout, TimeUnit unit) {
        return offer(element);
    }

    @Override
    public void put(E element) {
        offer(element);
    }

    @Override
    public E poll() {
        lock.lock();
        try {
            return takeFirst();
        } finally {
            lock.unlock();
        }
    }

    private E takeFirst() {
        Iterator<E> first = waiting.values().iterator();
        if (!first.hasNext()) {
            return null;
        }
        E element = first.next();
        first.remove();
        return element;
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (waiting.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return takeFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (waiting.isEmpty()) {
                notEmpty.await();
            }
            return takeFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            return waiting.isEmpty() ? null : waiting.values().iterator().next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Never full: a new record takes its device's place or a new one. */
    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super E> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> sink, int maxElements) {
        lock.lock();
        try {
            int n = 0;
            E element;
            while (n < maxElements && (element = takeFirst()) != null) {
                sink.add(element);
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot: the queue is read by a consumer thread while it is being iterated. */
    @Override
    public Iterator<E> iterator() {
        lock.lock();
        try {
            return new ArrayList<>(waiting.values()).iterator();
        } finally {
            lock.unlock();
        }
    }
}
