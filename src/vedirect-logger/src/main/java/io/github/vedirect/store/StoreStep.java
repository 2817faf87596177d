package io.github.vedirect.store;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Instant;

/**
 * The devices' routes' step into the store ({@code bean: ref: store, method: add} in routes/vedirect.yaml, beside
 * the CSV): each record that passed the interval, with the time it was received and the device's identity headers.
 * Queues only, so the route never waits for the card. With {@code store.folder} empty there is no store and the
 * step does nothing. Stopped with Camel, it writes what is queued and closes the file.
 */
public final class StoreStep extends ServiceSupport {

    private final RecordStore store;

    /** @param store the open store; null when the store is off */
    public StoreStep(RecordStore store) {
        this.store = store;
    }

    public void add(Exchange exchange) {
        if (store == null) {
            return;
        }
        Message message = exchange.getIn();
        VeDirectRecord record = message.getBody(VeDirectRecord.class);
        if (record == null) {
            return;
        }
        Instant at = message.getHeader(VeDirectConstants.RECEIVED_AT, Instant.class);
        store.add(message.getHeader(DeviceHeaders.NAME, "default", String.class), message.getHeader(DeviceHeaders.PRODUCT, String.class),
                message.getHeader(DeviceHeaders.SERIAL, String.class), at == null ? Instant.now() : at, record);
    }

    /** The store; null when off. */
    public RecordStore store() {
        return store;
    }

    @Override
    protected void doStop() throws Exception {
        if (store != null) {
            store.close();
        }
    }
}
