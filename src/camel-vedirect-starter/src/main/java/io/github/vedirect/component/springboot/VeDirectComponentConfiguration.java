package io.github.vedirect.component.springboot;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The {@code vedirect:} component's options as Spring Boot properties, {@code camel.component.vedirect.*}.
 * Every endpoint starts from these values; options in an endpoint's URI win.
 *
 * <p>Written in the shape Camel's generated starters have, one field per option of the component's metadata
 * ({@code vedirect.json}) with its description as javadoc: {@code VeDirectComponentConfigurationMetadataTest}
 * fails when a name, type, default or description here differs from the metadata.
 */
@ConfigurationProperties(prefix = "camel.component.vedirect")
public class VeDirectComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the vedirect component. This is enabled by default.
     */
    private Boolean enabled;
    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed
     * as a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party
     * component allows Camel to be alerted if an exception was thrown. Some components handle this internally only,
     * and therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel component to
     * hook into the 3rd party component and make this possible for future releases. By default the consumer will use
     * the org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level
     * and ignored.
     */
    private Boolean bridgeErrorHandler = false;
    /**
     * The longest delay between two attempts to reopen the source.
     */
    private Duration maxReconnectDelay = Duration.ofMillis(10000);
    /**
     * Delay before reopening a source that is missing, lost or stale. It doubles after each failed attempt, up to
     * maxReconnectDelay, and starts again from this value once blocks arrive.
     */
    private Duration reconnectDelay = Duration.ofMillis(1000);
    /**
     * Time without a valid block after which the device counts as stale: one warning in the log, the health check
     * DOWN, and the source closed and reopened. Nothing is emitted meanwhile.
     */
    private Duration staleTimeout = Duration.ofMillis(10000);
    /**
     * Silence in the middle of a block after which the partial block is thrown away: a device never pauses inside a
     * block, so what follows cannot be its rest.
     */
    private Duration gapTimeout = Duration.ofMillis(500);
    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed
     * then creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer = false;
    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then
     * gets configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;
    /**
     * Used for enabling or disabling all consumer based health checks from this component
     */
    private Boolean healthCheckConsumerEnabled = true;
    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by
     * default disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;
    /**
     * Baud rate of a serial source. VE.Direct is always 19200 8N1; change it only for a bridge that says otherwise.
     */
    private Integer baudRate = 19200;
    /**
     * How long to wait for a TCP serial bridge to accept the connection.
     */
    private Duration connectTimeout = Duration.ofMillis(5000);

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Duration getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public void setMaxReconnectDelay(Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    public Duration getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(Duration reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
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

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
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
}
