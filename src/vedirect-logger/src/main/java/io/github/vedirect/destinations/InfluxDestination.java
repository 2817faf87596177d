package io.github.vedirect.destinations;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.identity.DeviceHeaders;
import io.github.vedirect.influxdb.InfluxTarget;
import io.github.vedirect.influxdb.LineProtocol;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * InfluxDB line protocol over HTTP, the {@code influxdb} bean of routes/influxdb.yaml: {@link #request} turns a
 * record into the write request (one point, measurement {@code vedirect}, tags device/product/serial), the route
 * POSTs it with camel-http, and {@link #answered}/{@link #unanswered} count the result. An outage (server down,
 * refusing) is one warning at its start and one line at its end; the route's queue keeps only each device's
 * newest record, so nothing piles up while the server is away.
 */
public class InfluxDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDestination.class);

    /** Headers the route must not pass on as HTTP headers. */
    private static final List<String> DEVICE_HEADERS = List.of(DeviceHeaders.NAME, DeviceHeaders.PRODUCT, DeviceHeaders.SERIAL,
            "VeDirectCsvFile");

    private final InfluxTarget target;
    private final Deliveries deliveries = new Deliveries(null);

    public InfluxDestination(InfluxTarget target) {
        this.target = target;
    }

    @Override
    public String name() {
        return "influxdb";
    }

    @Override
    public Deliveries deliveries() {
        return deliveries;
    }

    /** The write request of the exchange's record: body, URI and headers (the token only in Authorization). */
    public void request(Exchange exchange) {
        Message in = exchange.getIn();
        VeDirectRecord record = in.getBody(VeDirectRecord.class);
        Instant at = in.getHeader(VeDirectConstants.RECEIVED_AT, Instant.class);
        String line = record == null ? null : LineProtocol.line(in.getHeader(DeviceHeaders.NAME, String.class),
                in.getHeader(DeviceHeaders.PRODUCT, String.class), in.getHeader(DeviceHeaders.SERIAL, String.class), record,
                at == null ? Instant.now() : at);
        DEVICE_HEADERS.forEach(in::removeHeader);
        in.setHeader(Exchange.HTTP_URI, target.writeUri().toString());
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        target.headers().forEach(in::setHeader);
        in.setBody(line == null ? "" : InfluxTarget.body(List.of(line)));
    }

    /** After the POST: 2xx is a point written; anything else a refusal, logged once per outage. */
    public void answered(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        exchange.getMessage().removeHeader("Authorization");
        if (status != null && status / 100 == 2) {
            deliveries.delivered();
            recovered();
        } else {
            String body = exchange.getMessage().getBody(String.class);
            failed(status == null ? "no answer" : "HTTP " + status + (body == null || body.isBlank() ? ""
                    : ": " + body.strip().lines().findFirst().orElse("")));
        }
    }

    /** The POST failed: connection refused, unknown host, timeout. */
    public void unanswered(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Throwable root = e;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        failed(root == null ? "no answer" : root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private void failed(String reason) {
        if (deliveries.failed(target + ": " + reason)) {
            LOG.warn("InfluxDB {} does not take points: {}; CSV and the other destinations go on, each device's newest "
                    + "record is tried every interval", target, reason);
        }
    }

    private void recovered() {
        Duration outage = deliveries.recovered();
        if (outage != null) {
            LOG.info("InfluxDB {} takes points again after {} s", target, outage.toSeconds());
        }
    }
}
