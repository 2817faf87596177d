package io.github.vedirect.devices;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A one-place queue where a new element replaces the one still waiting, for a {@code seda:} endpoint
 * ({@code seda:domoticz?queue=#newestOnly}) in front of a slow or dead destination: the destination
 * always gets the newest record when it is ready, no backlog builds up, and the sender never blocks.
 */
public class NewestOnlyQueue<E> extends LinkedBlockingQueue<E> {

    private static final long serialVersionUID = 1L;

    public NewestOnlyQueue() {
        super(1);
    }

    @Override
    public synchronized boolean offer(E element) {
        while (!super.offer(element)) {
            poll();
        }
        return true;
    }

    @Override
    public boolean offer(E element, long timeout, TimeUnit unit) {
        return offer(element);
    }

    @Override
    public boolean add(E element) {
        return offer(element);
    }

    @Override
    public void put(E element) {
        offer(element);
    }
}
