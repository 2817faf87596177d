package io.github.vedirect.destinations;

import io.github.vedirect.influxdb.InfluxTarget;
import io.github.vedirect.influxdb.LineProtocol;
import io.github.vedirect.store.RecordSink;
import io.github.vedirect.store.StoredRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * InfluxDB (or VictoriaMetrics) as a {@link RecordSink}, while the record store is on: a batch of stored records is
 * one write request, a line per record with the record's own time, sent through {@value #ROUTE} (route
 * {@code influxdb-records} of routes/influxdb.yaml, which POSTs it with camel-http). It counts in the same
 * {@link Deliveries} as the newest-only route, a point per record, and logs nothing: the store's forwarder says
 * once when a backlog begins and once when it has gone out.
 */
public final class InfluxRecords implements RecordSink {

    /** The endpoint the route in routes/influxdb.yaml reads. */
    public static final String ROUTE = "direct:influxdb-records";

    private final CamelContext context;
    private final ProducerTemplate producer;
    private final InfluxTarget target;
    private final Deliveries deliveries;

    public InfluxRecords(CamelContext context, InfluxTarget target, Deliveries deliveries) {
        this.context = context;
        this.producer = context.createProducerTemplate();
        this.target = target;
        this.deliveries = deliveries;
    }

    /** The same name as the newest-only destination: its counters and its positions in the store are InfluxDB's. */
    @Override
    public String name() {
        return "influxdb";
    }

    @Override
    public void send(String device, List<StoredRecord> batch) throws Exception {
        if (context.isStopping() || context.isStopped()) {
            // The route is going: the batch stays in the store for the next start.
            throw new InterruptedException("Camel is stopping");
        }
        List<String> lines = new ArrayList<>(batch.size());
        for (StoredRecord record : batch) {
            lines.add(LineProtocol.line(record.device(), record.product(), record.serial(), record.fields(), record.time()));
        }
        Exchange answer = producer.send(ROUTE, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_URI, target.writeUri().toString());
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            target.headers().forEach(exchange.getIn()::setHeader);
            exchange.getIn().setBody(InfluxTarget.body(lines));
        });
        String problem = problem(answer);
        if (problem != null) {
            deliveries.failed(target + ": " + problem);
            throw new Exception(target + ": " + problem);
        }
        deliveries.delivered(batch.size());
        deliveries.recovered();
    }

    /** What went wrong with the write, or null when the server took it (2xx). */
    private static String problem(Exchange answer) {
        Exception e = answer.getException() != null ? answer.getException() : answer.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e != null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status / 100 == 2) {
            return null;
        }
        String body = answer.getMessage().getBody(String.class);
        return status == null ? "no answer" : "HTTP " + status + (body == null || body.isBlank() ? ""
                : ": " + body.strip().lines().findFirst().orElse(""));
    }
}
