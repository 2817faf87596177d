package io.github.vedirect.component;

import io.github.vedirect.protocol.DecoderStats;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Instant;
import java.util.Map;

/** DOWN, with the reason, while the device is missing, lost or stale; UP while valid blocks arrive. */
final class VeDirectConsumerHealthCheck extends AbstractHealthCheck {

    private final VeDirectConsumer consumer;

    VeDirectConsumerHealthCheck(VeDirectConsumer consumer, String routeId) {
        super("camel", "vedirect-consumer-" + routeId);
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        // An absent device is something to wait for, not a reason to restart the logger.
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = consumer.getProblem();
        builder.detail("vedirect.source", consumer.getEndpoint().getSource());
        builder.detail("vedirect.connected", consumer.isConnected());
        Instant lastBlock = consumer.getLastBlockAt();
        if (lastBlock != null) {
            builder.detail("vedirect.last.block", lastBlock.toString());
        }
        DecoderStats stats = consumer.getDecoderStats();
        builder.detail("vedirect.blocks", stats.blocks());
        builder.detail("vedirect.checksum.errors", stats.checksumErrors());
        if (problem == null) {
            builder.up();
        } else {
            builder.message(problem);
            builder.down();
        }
    }
}
