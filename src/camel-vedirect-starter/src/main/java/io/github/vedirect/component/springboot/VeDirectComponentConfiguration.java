package io.github.vedirect.component.springboot;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The {@code vedirect:} component's options as Spring Boot properties, {@code camel.component.vedirect.*}.
 * Every endpoint starts from these values; options in an endpoint's URI win.
 */
@ConfigurationProperties(prefix = "camel.component.vedirect")
public class VeDirectComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the vedirect component. This is enabled by default.
     */
    private Boolean enabled;
    /**
     * Delay before reopening a source that is missing, lost or stale. It doubles after each failed attempt, up
     * to maxReconnectDelay.
     */
    private Duration reconnectDelay = Duration.ofMillis(1000);
    /**
     * The longest delay between two attempts to reopen the source.
     */
    private Duration maxReconnectDelay = Duration.ofMillis(10000);
    /**
     * Time without a valid block after which the device counts as stale: one warning, the health check DOWN,
     * the source reopened.
     */
    private Duration staleTimeout = Duration.ofMillis(10000);
    /**
     * Silence in the middle of a block after which the partial block is thrown away.
     */
    private Duration gapTimeout = Duration.ofMillis(500);
    /**
     * Baud rate of a serial source. VE.Direct is always 19200 8N1.
     */
    private Integer baudRate = 19200;
    /**
     * How long to wait for a TCP serial bridge to accept the connection.
     */
    private Duration connectTimeout = Duration.ofMillis(5000);
    /**
     * Whether the consumer health check is registered (where the host has Camel's health checks).
     */
    private Boolean healthCheckConsumerEnabled = true;
    /**
     * Whether producer health checks are registered (the HEX producer registers none of its own).
     */
    private Boolean healthCheckProducerEnabled = true;
    /**
     * Whether the producer should be started lazy (on the first message): a route whose producer's
     * start would fail can then start, and the failure is reported by the exchange instead.
     */
    private Boolean lazyStartProducer = false;
    /**
     * Whether the component should use basic property binding (Camel 2.x) or the newer property binding with
     * additional capabilities.
     */
    private Boolean autowiredEnabled = true;
    /**
     * Allows for bridging the consumer to the Camel routing Error Handler: exceptions the consumer meets are
     * processed as a message and handled by the routing Error Handler.
     */
    private Boolean bridgeErrorHandler = false;

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(Duration reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public Duration getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    public Duration getStaleTimeout() {
        return staleTimeout;
    }

    public void setStaleTimeout(Duration staleTimeout) {
        this.staleTimeout = staleTimeout;
    }

    public Duration getGapTimeout() {
        return gapTimeout;
    }

    public void setGapTimeout(Duration gapTimeout) {
        this.gapTimeout = gapTimeout;
    }

    public Integer getBaudRate() {
        return baudRate;
    }

    public void setBaudRate(Integer baudRate) {
        this.baudRate = baudRate;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }
}
