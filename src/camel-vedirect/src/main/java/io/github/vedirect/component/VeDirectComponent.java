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
 * <p>The options a host sets once for all its devices live here too ({@code camel.component.vedirect.staleTimeout=20s}
 * in Camel Main or Spring Boot); each endpoint starts from them and its own URI options win.
 *
 * <p>It also knows which ports its consumers hold open, so that a producer for the same port sends its
 * HEX commands over that connection instead of opening the port a second time (one port, one connection).
 */
@Component("vedirect")
public class VeDirectComponent extends HealthCheckComponent {

    @Metadata(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration",
            description = "Default for every endpoint: delay before reopening a source that is missing, lost or stale. "
                    + "It doubles after each failed attempt, up to maxReconnectDelay.")
    private long reconnectDelay = VeDirectEndpoint.DEFAULT_RECONNECT_DELAY;

    @Metadata(label = "consumer", defaultValue = "10000", javaType = "java.time.Duration",
            description = "Default for every endpoint: the longest delay between two attempts to reopen the source.")
    private long maxReconnectDelay = VeDirectEndpoint.DEFAULT_MAX_RECONNECT_DELAY;

    @Metadata(label = "consumer", defaultValue = "10000", javaType = "java.time.Duration",
            description = "Default for every endpoint: time without a valid block after which the device counts as stale "
                    + "(one warning, health check DOWN, source reopened).")
    private long staleTimeout = VeDirectEndpoint.DEFAULT_STALE_TIMEOUT;

    @Metadata(label = "consumer,advanced", defaultValue = "500", javaType = "java.time.Duration",
            description = "Default for every endpoint: silence in the middle of a block after which the partial block "
                    + "is thrown away.")
    private long gapTimeout = VeDirectEndpoint.DEFAULT_GAP_TIMEOUT;

    @Metadata(label = "serial", defaultValue = "19200",
            description = "Default for every endpoint: baud rate of a serial source. VE.Direct is always 19200 8N1.")
    private int baudRate = VeDirectEndpoint.DEFAULT_BAUD_RATE;

    @Metadata(label = "tcp", defaultValue = "5000", javaType = "java.time.Duration",
            description = "Default for every endpoint: how long to wait for a TCP serial bridge to accept the connection.")
    private long connectTimeout = VeDirectEndpoint.DEFAULT_CONNECT_TIMEOUT;

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
        VeDirectEndpoint endpoint = new VeDirectEndpoint(uri, this);
        endpoint.setSource(remaining);
        // The component's values first, so that the URI's own options override them.
        endpoint.setReconnectDelay(reconnectDelay);
        endpoint.setMaxReconnectDelay(maxReconnectDelay);
        endpoint.setStaleTimeout(staleTimeout);
        endpoint.setGapTimeout(gapTimeout);
        endpoint.setBaudRate(baudRate);
        endpoint.setConnectTimeout(connectTimeout);
        setProperties(endpoint, parameters);
        endpoint.checkSource();
        return endpoint;
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    /** Default for every endpoint: delay before reopening a source that is missing, lost or stale. */
    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public long getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    /** Default for every endpoint: the longest delay between two attempts to reopen the source. */
    public void setMaxReconnectDelay(long maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    public long getStaleTimeout() {
        return staleTimeout;
    }

    /** Default for every endpoint: time without a valid block after which the device counts as stale. */
    public void setStaleTimeout(long staleTimeout) {
        this.staleTimeout = staleTimeout;
    }

    public long getGapTimeout() {
        return gapTimeout;
    }

    /** Default for every endpoint: silence in the middle of a block after which the partial block is thrown away. */
    public void setGapTimeout(long gapTimeout) {
        this.gapTimeout = gapTimeout;
    }

    public int getBaudRate() {
        return baudRate;
    }

    /** Default for every endpoint: baud rate of a serial source. */
    public void setBaudRate(int baudRate) {
        this.baudRate = baudRate;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** Default for every endpoint: how long to wait for a TCP serial bridge to accept the connection. */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }
}
