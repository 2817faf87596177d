package io.github.vedirect.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options a host may set once for all its devices ({@code camel.component.vedirect.staleTimeout=20s}) as
 * well as on one endpoint's URI ({@code vedirect:/dev/ttyUSB0?staleTimeout=20s}), declared here only: the
 * component holds one of these and each endpoint starts from a {@link #copy()} of it, so the URI's options win
 * over the component's. The build generates both the component's and the endpoint's metadata from these fields.
 *
 * <p>Options that only make sense for one endpoint (a replay's rate, a simulator's seed, a producer's command)
 * stay on {@link VeDirectEndpoint}.
 */
@UriParams
public class VeDirectConfiguration implements Cloneable {

    @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration",
            description = "Delay before reopening a source that is missing, lost or stale. It doubles after each "
                    + "failed attempt, up to maxReconnectDelay, and starts again from this value once blocks arrive.")
    private long reconnectDelay = 1000;

    @UriParam(label = "consumer", defaultValue = "10000", javaType = "java.time.Duration",
            description = "The longest delay between two attempts to reopen the source.")
    private long maxReconnectDelay = 10000;

    @UriParam(label = "consumer", defaultValue = "10000", javaType = "java.time.Duration",
            description = "Time without a valid block after which the device counts as stale: one warning in the log, "
                    + "the health check DOWN, and the source closed and reopened. Nothing is emitted meanwhile.")
    private long staleTimeout = 10000;

    @UriParam(label = "consumer,advanced", defaultValue = "500", javaType = "java.time.Duration",
            description = "Silence in the middle of a block after which the partial block is thrown away: "
                    + "a device never pauses inside a block, so what follows cannot be its rest.")
    private long gapTimeout = 500;

    @UriParam(label = "serial", defaultValue = "19200",
            description = "Baud rate of a serial source. VE.Direct is always 19200 8N1; change it only for a bridge that says otherwise.")
    private int baudRate = 19200;

    @UriParam(label = "tcp", defaultValue = "5000", javaType = "java.time.Duration",
            description = "How long to wait for a TCP serial bridge to accept the connection.")
    private long connectTimeout = 5000;

    /** An independent copy, for one endpoint to change with its URI options. */
    public VeDirectConfiguration copy() {
        try {
            return (VeDirectConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Refuses values that could never work, rather than letting the consumer retry them forever. */
    void check() {
        if (reconnectDelay <= 0 || maxReconnectDelay < reconnectDelay) {
            throw new IllegalArgumentException("vedirect: reconnectDelay must be > 0 and no more than maxReconnectDelay");
        }
        // A zero or negative time would make the consumer spin or give up at once, warning every read.
        requirePositiveTime("staleTimeout", staleTimeout);
        requirePositiveTime("gapTimeout", gapTimeout);
        requirePositiveTime("connectTimeout", connectTimeout);
        if (baudRate <= 0) {
            throw new IllegalArgumentException("vedirect: baudRate must be more than 0, not " + baudRate);
        }
    }

    private static void requirePositiveTime(String option, long millis) {
        if (millis <= 0) {
            // Camel reads a time that is not one (staleTimeout=abc) as 0: name the forms, not the number.
            throw new IllegalArgumentException("vedirect: " + option + " must be a time above 0, like 20s, 500ms or 20000 (milliseconds)");
        }
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public long getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public void setMaxReconnectDelay(long maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    public long getStaleTimeout() {
        return staleTimeout;
    }

    public void setStaleTimeout(long staleTimeout) {
        this.staleTimeout = staleTimeout;
    }

    public long getGapTimeout() {
        return gapTimeout;
    }

    public void setGapTimeout(long gapTimeout) {
        this.gapTimeout = gapTimeout;
    }

    public int getBaudRate() {
        return baudRate;
    }

    public void setBaudRate(int baudRate) {
        this.baudRate = baudRate;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }
}
