package io.github.vedirect.component;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins the blocks of one device record into one {@link VeDirectRecord}, for the {@code aggregate} EIP
 * correlated by {@link VeDirectConstants#SOURCE}. It needs no device type; it learns each device's cycle:
 * <ul>
 *   <li>A cycle starts with the block that carries {@code PID} (a BMV's or SmartShunt's main block, an
 *       MPPT's only or first block); the blocks after it (history block, second half of a split MPPT
 *       record) belong to the same record. When the cycle starts again, the labels of the record just
 *       ended are the device's whole cycle.</li>
 *   <li>From then on a record is complete, and sent, the moment it holds every label of the whole cycle:
 *       no waiting for the next cycle, so no added latency.</li>
 *   <li>Only whole records are sent. The record being learned, one that began mid-cycle (after start-up or a
 *       reconnect) or that lost a block to a checksum error is dropped, never passed on as complete, and
 *       a record never joins blocks of two cycles or two connections.</li>
 *   <li>A device whose cycle changes for good is learned again: new labels after a whole record start
 *       learning afresh, and after {@value #SHRINK_AFTER} records in a row without some labels the
 *       smaller cycle is taken.</li>
 *   <li>A device that never sends {@code PID} (BMV-60x) has its cycle cut where a label repeats.</li>
 * </ul>
 * Camel checks the completion this strategy asks for only when it does not pre-complete, so it does not.
 * Use it with {@code completionTimeout} and {@code discardOnCompletionTimeout: true}, so that a record
 * left half-way by an unplugged device is dropped rather than sent late.
 */
public class VeDirectRecordAggregationStrategy implements AggregationStrategy {

    /** Set on a record exchange that began at its cycle's first block of the current connection. */
    static final String STARTED_AT_CYCLE = "VeDirectRecordStartedAtCycle";

    /** Records in a row that lack labels of the learned cycle before the smaller cycle is believed. */
    static final int SHRINK_AFTER = 3;

    /** What is known of one device's cycle. */
    private static final class Cycle {
        boolean sendsPid;
        Set<String> wholeCycleLabels;
        int smallerRecordsInARow;
    }

    private final Map<String, Cycle> cycles = new ConcurrentHashMap<>();

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Cycle cycle = cycles.computeIfAbsent(newExchange.getIn().getHeader(VeDirectConstants.SOURCE, "", String.class),
                key -> new Cycle());
        synchronized (cycle) {
            return aggregate(cycle, oldExchange, newExchange);
        }
    }

    private Exchange aggregate(Cycle cycle, Exchange oldExchange, Exchange newExchange) {
        VeDirectRecord block = record(newExchange);
        boolean hasPid = block.containsKey("PID");
        if (oldExchange == null) {
            boolean atCycleStart = hasPid || (!cycle.sendsPid && cycle.wholeCycleLabels != null);
            cycle.sendsPid |= hasPid;
            return begin(cycle, newExchange, block, atCycleStart);
        }
        if (!sameConnection(oldExchange, newExchange)) {
            cycle.sendsPid |= hasPid;
            return begin(cycle, newExchange, block, hasPid);
        }
        VeDirectRecord record = record(oldExchange);
        if (startsCycle(record, block)) {
            learnFrom(cycle, record, oldExchange.getProperty(STARTED_AT_CYCLE, false, Boolean.class), hasPid);
            if (!cycle.sendsPid && !hasPid) {
                return begin(cycle, newExchange, block, true);
            }
            cycle.sendsPid |= hasPid;
            return begin(cycle, newExchange, block, hasPid);
        }
        record.putAll(block);
        Message merged = oldExchange.getIn();
        int blocks = merged.getHeader(VeDirectConstants.RECORD_BLOCKS, 1, Integer.class) + 1;
        merged.getHeaders().putAll(newExchange.getIn().getHeaders());
        merged.setHeader(VeDirectConstants.RECORD_BLOCKS, blocks);
        completeIfWhole(cycle, oldExchange, record);
        return oldExchange;
    }

    /** A group ended without becoming a whole record: what does it say of the device's cycle? */
    private static void learnFrom(Cycle cycle, VeDirectRecord record, boolean startedAtCycle, boolean nextHasPid) {
        Set<String> whole = cycle.wholeCycleLabels;
        Set<String> labels = record.keySet();
        if (startedAtCycle || (!cycle.sendsPid && !nextHasPid && whole == null)) {
            // A full cycle (PID to PID, or for a device without PID, to the first repeated label).
            if (whole == null || !whole.containsAll(labels)) {
                cycle.wholeCycleLabels = Set.copyOf(labels);
                cycle.smallerRecordsInARow = 0;
            } else if (++cycle.smallerRecordsInARow >= SHRINK_AFTER) {
                // A lost block makes one record smaller; only a lasting change of the device is learned.
                cycle.wholeCycleLabels = Set.copyOf(labels);
                cycle.smallerRecordsInARow = 0;
            }
        } else if (nextHasPid && whole != null && !whole.containsAll(labels)) {
            // Blocks with labels outside the learned cycle came after a whole record: the cycle has grown.
            cycle.wholeCycleLabels = null;
        }
    }

    private static Exchange begin(Cycle cycle, Exchange exchange, VeDirectRecord block, boolean atCycleStart) {
        VeDirectRecord record = new VeDirectRecord(block);
        exchange.getIn().setBody(record);
        exchange.getIn().setHeader(VeDirectConstants.RECORD_BLOCKS, 1);
        exchange.setProperty(STARTED_AT_CYCLE, atCycleStart);
        completeIfWhole(cycle, exchange, record);
        return exchange;
    }

    /** Completes a record that holds the whole learned cycle now, rather than when the next cycle starts. */
    private static void completeIfWhole(Cycle cycle, Exchange exchange, VeDirectRecord record) {
        Set<String> whole = cycle.wholeCycleLabels;
        if (whole != null && exchange.getProperty(STARTED_AT_CYCLE, false, Boolean.class)
                && record.keySet().containsAll(whole)) {
            cycle.smallerRecordsInARow = 0;
            exchange.setProperty(Exchange.AGGREGATION_COMPLETE_CURRENT_GROUP, true);
        }
    }

    /** The block opens a new cycle: it has PID, or (device without PID) it repeats a label of the record. */
    private static boolean startsCycle(VeDirectRecord record, VeDirectRecord block) {
        if (block.containsKey("PID")) {
            return true;
        }
        for (String label : block.keySet()) {
            if (record.containsKey(label)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameConnection(Exchange oldExchange, Exchange newExchange) {
        Object a = oldExchange.getIn().getHeader(VeDirectConstants.CONNECTION);
        Object b = newExchange.getIn().getHeader(VeDirectConstants.CONNECTION);
        return a == null ? b == null : a.equals(b);
    }

    private static VeDirectRecord record(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof VeDirectRecord record) {
            return record;
        }
        VeDirectRecord record = new VeDirectRecord(exchange.getIn().getBody(Map.class));
        exchange.getIn().setBody(record);
        return record;
    }
}
