package io.github.vedirect.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Store-and-forward for one {@link RecordSink}: each device's records, from the sink's delivered position on, in
 * batches of at most {@link #BATCH}, in the order they were stored; after each batch the sink has taken, the new
 * position goes into the store (table {@code deliveries}, with the writer's next commit). While a round of one batch
 * per device sent anything it reads again at once; when one finds nothing new, it waits until the store has committed
 * new records (or {@link #POLL} passes).
 *
 * <p>A thread of its own rather than a Camel route on a timer: it blocks on the sink, waits out a failed send with a
 * growing pause and is woken by the store's writer, all of which a polling consumer would turn into state kept
 * between polls. The sending itself may still be a route (InfluxDB's is a {@code direct:} route in
 * routes/influxdb.yaml).
 *
 * <p>A failed send is one warning when the backlog starts (destination and reason); the same batch is tried again
 * after 1, 2, 4 ... {@link #LONGEST_RETRY} s; one line when the backlog has gone out, with the outage's length and
 * how many records went out since it began. A device the sink has no position for when this starts begins at its
 * newest record from before this run: a destination that is new to a store does not get the store's whole history,
 * but gets every record of this run (docs/store.md).
 * Delivery is at least once: after a {@code kill -9} the last second's positions may not be in the store, and
 * those records go out again (InfluxDB keeps one point per series and time).
 */
public final class StoreForwarder implements AutoCloseable {

    static final int BATCH = 500;
    static final Duration POLL = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(StoreForwarder.class);

    private final RecordStore store;
    private final RecordSink sink;
    private final Thread thread;
    private final Object monitor = new Object();
    /** Each device's delivered position as this forwarder knows it; read by {@link #backlog()} on other threads. */
    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private boolean woken;
    private volatile boolean running = true;
    private Instant outageSince;
    private long sentSinceOutage;

    private StoreForwarder(RecordStore store, RecordSink sink) {
        this.store = store;
        this.sink = sink;
        this.thread = new Thread(this::run, "store-forward-" + sink.name());
        thread.setDaemon(true);
    }

    /** Starts forwarding {@code store}'s records to {@code sink} on a thread of its own. */
    public static StoreForwarder start(RecordStore store, RecordSink sink) {
        StoreForwarder forwarder = new StoreForwarder(store, sink);
        store.onStored(forwarder::wake);
        forwarder.thread.start();
        return forwarder;
    }

    /** The sink's name. */
    public String name() {
        return sink.name();
    }

    /** Records the sink has taken since start. */
    public long sent() {
        return sent.get();
    }

    /** What the sink has not taken yet, over every device: how many records and the oldest one's time. */
    public Backlog backlog() throws SQLException {
        StoreReader reader = store.reader();
        if (reader == null) {
            throw new SQLException("the record store is not open: " + store.problem());
        }
        Backlog total = Backlog.NONE;
        for (String device : reader.devices()) {
            Long known = positions.get(device);
            total = total.plus(reader.backlog(device, known != null ? known : store.deliveredPosition(sink.name(), device)));
        }
        return total;
    }

    /** Records dropped by the store's bounds before the sink had taken them, since start. */
    public long dropped() {
        return store.droppedUndelivered(sink.name());
    }

    private void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    private void run() {
        boolean started = false;
        while (running) {
            try {
                if (!started) {
                    startAtNewest();
                    started = true;
                }
                if (!round()) {
                    backlogCleared();
                    awaitRecords(POLL);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (e instanceof SQLException) {
                    // The store says so itself when it cannot be read or written; this only waits for it.
                    LOG.debug("{}: the store cannot be read now ({}); tried again", sink.name(), e.getMessage());
                } else {
                    // A fault of its own: said, and the thread goes on rather than end with delivery.
                    LOG.warn("{}: forwarding the record store met {}; tried again in {} s", sink.name(), e, POLL.toSeconds());
                }
                try {
                    awaitRecords(POLL);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * Each device the sink has no position for begins at its newest record from before this run: the store's history
     * is not sent to a destination new to it, but every record of this run is, however late this thread starts.
     */
    private void startAtNewest() throws SQLException {
        StoreReader reader = reader();
        for (String device : reader.devices()) {
            long position = store.deliveredPosition(sink.name(), device);
            if (position == 0 && !reader.hasPosition(sink.name(), device)) {
                position = Math.max(0, Math.min(reader.newest(device), store.firstPositionThisRun()) - 1);
                store.delivered(sink.name(), device, position);
            }
            positions.put(device, position);
        }
    }

    /** One batch per device. @return whether it sent any: then there may be more, and the next round goes at once */
    private boolean round() throws SQLException, InterruptedException {
        StoreReader reader = reader();
        boolean more = false;
        for (String device : reader.devices()) {
            Long position = positions.get(device);
            if (position == null) {
                // A device first seen since start: all its records are new. Its row in the store lets the bound
                // count what it drops before this sink took it.
                position = 0L;
                positions.put(device, position);
                store.delivered(sink.name(), device, position);
            }
            List<StoredRecord> batch = reader.after(device, position, BATCH);
            if (!batch.isEmpty()) {
                deliver(device, batch);
                more = true;
            }
        }
        return more;
    }

    /** Sends the batch until the sink takes it, then records the new position. */
    private void deliver(String device, List<StoredRecord> batch) throws InterruptedException {
        Duration pause = FIRST_RETRY;
        while (true) {
            try {
                sink.send(device, batch);
                break;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!running) {
                    throw new InterruptedException("stopping");
                }
                failed(e);
                // Only close() ends this pause early (an interrupt): new records do not bring the destination back.
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
            }
        }
        long last = batch.get(batch.size() - 1).position();
        positions.put(device, last);
        store.delivered(sink.name(), device, last);
        sent.addAndGet(batch.size());
        if (outageSince != null) {
            sentSinceOutage += batch.size();
        }
    }

    private void failed(Exception e) {
        if (outageSince == null) {
            outageSince = Instant.now();
            sentSinceOutage = 0;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("{} does not take records: {}; they wait in the record store and go out, each with its own time, "
                    + "when it takes them again (tried again after 1 s, then up to every {} s)", sink.name(), reason,
                    LONGEST_RETRY.toSeconds());
        }
    }

    private void backlogCleared() {
        if (outageSince != null) {
            LOG.info("{} takes records again after {} s: its backlog went out, {} records", sink.name(),
                    Duration.between(outageSince, Instant.now()).toSeconds(), sentSinceOutage);
            outageSince = null;
        }
    }

    private StoreReader reader() throws SQLException {
        StoreReader reader = store.reader();
        if (reader == null) {
            throw new SQLException("the record store is not open: " + store.problem());
        }
        return reader;
    }

    private void awaitRecords(Duration timeout) throws InterruptedException {
        synchronized (monitor) {
            if (!woken && running) {
                TimeUnit.MILLISECONDS.timedWait(monitor, timeout.toMillis());
            }
            woken = false;
        }
    }

    /** Stops after the batch being sent, if any; what is not sent stays in the store for the next start. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
