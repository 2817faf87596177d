package io.github.vedirect.component;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

import io.github.vedirect.hex.HexSession;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code vedirect:} component: a Victron VE.Direct device (serial port, TCP bridge, recorded capture
 * or built-in simulator) as a consumer endpoint, one exchange per valid block.
 *
 * <p>The options a host sets once for all its devices ({@code camel.component.vedirect.staleTimeout=20s} in Camel
 * Main or Spring Boot) are its {@link VeDirectConfiguration}; each endpoint starts from a copy and its own URI
 * options win.
 *
 * <p>It also knows which ports its consumers hold open, so that a producer for the same port sends its
 * HEX commands over that connection instead of opening the port a second time (one port, one connection).
 */
// The configuration's fields are the component's options; the configuration itself is not one more (an object
// option would need a #bean reference and a Spring Boot converter, and would offer nothing its fields do not).
@Metadata(excludeProperties = "configuration")
@Component("vedirect")
public class VeDirectComponent extends HealthCheckComponent {

    @Metadata
    private VeDirectConfiguration configuration = new VeDirectConfiguration();

    /** The HEX sessions of the ports consumers hold open now, by {@link io.github.vedirect.source.Sources#key}. */
    private final Map<String, HexSession> openPorts = new ConcurrentHashMap<>();

    /** A consumer has opened {@code key}: commands for it go through {@code session} until it is detached. */
    void attach(String key, HexSession session) {
        openPorts.put(key, session);
    }

    void detach(String key, HexSession session) {
        openPorts.remove(key, session);
    }

    /** The session of the consumer holding {@code key} open, or null when none does. */
    HexSession session(String key) {
        HexSession session = openPorts.get(key);
        return session == null || session.isClosed() ? null : session;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("vedirect: needs a source: a serial port (vedirect:/dev/ttyUSB0), "
                    + "tcp:HOST:PORT, replay:FILE or simulator:MODEL");
        }
        // A copy of the component's values first, so that the URI's own options override them for this endpoint only.
        VeDirectEndpoint endpoint = new VeDirectEndpoint(uri, this, configuration.copy());
        endpoint.setSource(remaining);
        setProperties(endpoint, parameters);
        endpoint.checkSource();
        return endpoint;
    }

    public VeDirectConfiguration getConfiguration() {
        return configuration;
    }

    /** The options every endpoint starts from. */
    public void setConfiguration(VeDirectConfiguration configuration) {
        this.configuration = configuration;
    }
}
