package io.github.vedirect.component;

import io.github.vedirect.protocol.DecoderStats;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.time.Instant;
import java.util.Map;

/**
 * DOWN, with the reason, while the device is missing, lost or stale; UP while valid blocks arrive.
 *
 * <p>Written against camel-api's {@link HealthCheck} rather than camel-health's {@code AbstractHealthCheck},
 * so that the component needs no more than camel-support: a host with camel-health has a "consumers"
 * repository and gets this check in it; a host without one loses nothing else.
 */
final class VeDirectConsumerHealthCheck implements HealthCheck {

    private final VeDirectConsumer consumer;
    private final String id;
    private volatile boolean enabled = true;

    VeDirectConsumerHealthCheck(VeDirectConsumer consumer, String routeId) {
        this.consumer = consumer;
        this.id = "vedirect-consumer-" + routeId;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        // An absent device is something to wait for, not a reason to restart the host.
        return false;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        builder.detail(CHECK_ID, id);
        builder.detail(CHECK_GROUP, getGroup());
        builder.detail(CHECK_KIND, "READINESS");
        builder.detail(CHECK_ENABLED, enabled);
        if (!enabled) {
            return builder.unknown().build();
        }
        builder.detail(ENDPOINT_URI, consumer.getEndpoint().getEndpointUri());
        builder.detail("vedirect.source", consumer.getEndpoint().getSource());
        builder.detail("vedirect.connected", consumer.isConnected());
        Instant lastBlock = consumer.getLastBlockAt();
        if (lastBlock != null) {
            builder.detail("vedirect.last.block", lastBlock.toString());
        }
        DecoderStats stats = consumer.getDecoderStats();
        builder.detail("vedirect.blocks", stats.blocks());
        builder.detail("vedirect.checksum.errors", stats.checksumErrors());
        String problem = consumer.getProblem();
        if (problem == null) {
            return builder.up().build();
        }
        return builder.message(problem).down().build();
    }
}
