package io.github.vedirect.status;

import io.github.vedirect.prometheus.PrometheusText;
import io.github.vedirect.store.Backlog;
import io.github.vedirect.store.RecordStore;
import io.github.vedirect.store.StoreForwarder;
import io.github.vedirect.store.StoreForwarders;
import org.apache.camel.CamelContext;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record store in /status ({@code store}) and /metrics: its size, and per destination that takes stored records
 * its backlog (records, the oldest one's time), the records sent, and those the store's bound dropped before the
 * destination had them. Nothing when the store is off.
 */
final class StoreStatus {

    private StoreStatus() {
    }

    private static StoreForwarders forwarders(CamelContext context) {
        StoreForwarders forwarders = context.getRegistry().findSingleByType(StoreForwarders.class);
        return forwarders == null || forwarders.store() == null ? null : forwarders;
    }

    /** {@code {"file": ..., "sizeBytes": ..., "destinations": {"influxdb": {"backlogRecords": 0, ...}}}}, or null when off. */
    static Map<String, Object> json(CamelContext context) {
        StoreForwarders forwarders = forwarders(context);
        if (forwarders == null) {
            return null;
        }
        RecordStore store = forwarders.store();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", store.file().toString());
        body.put("sizeBytes", store.sizeBytes());
        body.put("stored", store.stored());
        body.put("droppedByAge", store.droppedByAge());
        body.put("droppedBySize", store.droppedBySize());
        body.put("problem", store.problem());
        Map<String, Object> destinations = new LinkedHashMap<>();
        for (StoreForwarder forwarder : forwarders.forwarders()) {
            Map<String, Object> destination = new LinkedHashMap<>();
            try {
                Backlog backlog = forwarder.backlog();
                destination.put("backlogRecords", backlog.records());
                destination.put("backlogOldest", backlog.oldest() == null ? null : backlog.oldest().toString());
            } catch (SQLException e) {
                destination.put("backlogProblem", e.getMessage());
            }
            destination.put("sent", forwarder.sent());
            destination.put("droppedUndelivered", forwarder.dropped());
            destinations.put(forwarder.name(), destination);
        }
        body.put("destinations", destinations);
        return body;
    }

    /** For the status line: {@code , influxdb backlog 63 records from 2026-12-06T10:00:00Z} per backlog; empty when none. */
    static String backlogs(CamelContext context) {
        StoreForwarders forwarders = forwarders(context);
        StringBuilder text = new StringBuilder();
        for (StoreForwarder forwarder : forwarders == null ? java.util.List.<StoreForwarder>of() : forwarders.forwarders()) {
            try {
                Backlog backlog = forwarder.backlog();
                if (backlog.records() > 0) {
                    text.append(", ").append(forwarder.name()).append(" backlog ").append(backlog.records())
                            .append(" records from ").append(backlog.oldest());
                }
            } catch (SQLException e) {
                // The store says itself why it cannot be read.
            }
        }
        return text.toString();
    }

    /** The store's samples: its size, and each destination's backlog and undelivered drops. */
    static void metrics(CamelContext context, PrometheusText text) {
        StoreForwarders forwarders = forwarders(context);
        if (forwarders == null) {
            return;
        }
        text.storeSize(forwarders.store().sizeBytes());
        for (StoreForwarder forwarder : forwarders.forwarders()) {
            Backlog backlog;
            try {
                backlog = forwarder.backlog();
            } catch (SQLException e) {
                // The store cannot be read now: no backlog sample rather than a made-up one.
                backlog = null;
            }
            text.backlog(forwarder.name(), backlog == null ? null : backlog.records(), backlog == null ? null : backlog.oldest(),
                    forwarder.dropped());
        }
    }
}
