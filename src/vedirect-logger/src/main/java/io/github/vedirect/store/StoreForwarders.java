package io.github.vedirect.store;

import org.apache.camel.support.service.ServiceSupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The store's forwarders, one per {@link RecordSink}, as a Camel service: started once every route runs (a sink may
 * send through a route), stopped before the store closes. Also what /status and /metrics read of the store.
 */
public final class StoreForwarders extends ServiceSupport {

    private final RecordStore store;
    private final List<RecordSink> sinks;
    private final List<StoreForwarder> forwarders = new CopyOnWriteArrayList<>();

    /** @param store the open store; null when the store is off (then nothing is forwarded) */
    public StoreForwarders(RecordStore store, List<RecordSink> sinks) {
        this.store = store;
        this.sinks = List.copyOf(sinks);
    }

    /** The store; null when off. */
    public RecordStore store() {
        return store;
    }

    /** The running forwarders, in the order of their sinks. */
    public List<StoreForwarder> forwarders() {
        return List.copyOf(forwarders);
    }

    @Override
    protected void doStart() {
        if (store != null) {
            sinks.forEach(sink -> forwarders.add(StoreForwarder.start(store, sink)));
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        for (StoreForwarder forwarder : forwarders) {
            forwarder.close();
        }
        forwarders.clear();
    }
}
