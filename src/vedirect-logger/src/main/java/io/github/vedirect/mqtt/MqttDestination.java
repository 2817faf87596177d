package io.github.vedirect.mqtt;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.Deliveries;
import io.github.vedirect.destinations.Destination;
import io.github.vedirect.destinations.DeviceCommands;
import io.github.vedirect.identity.AlarmHeaders;
import io.github.vedirect.identity.DeviceHeaders;
import io.github.vedirect.store.RecordSink;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * MQTT with Home Assistant discovery, the {@code mqtt} bean routes/mqtt.yaml hands each device's newest record to.
 * It puts together:
 * <ul>
 *   <li>{@link MqttConnection}: one Paho client with the logger's will, reconnecting by itself, one warning per
 *       outage;</li>
 *   <li>{@link StatePublisher}: per record the device's discovery configs, {@code online} and state; everything again
 *       after a reconnect or when Home Assistant says {@code online} on {@code DISCOVERY/status};</li>
 *   <li>{@link AvailabilityPoller}: a device whose reader reports a problem is {@code offline} until its next
 *       record;</li>
 *   <li>{@link MqttControls}, with {@code mqtt.control=true}: the charge current limit and the load output as Home
 *       Assistant controls;</li>
 *   <li>{@link AlarmPublisher}, once {@link #alarms} handed it the alarms: each alarm event on {@code PREFIX/NAME/alarm},
 *       each alarm's retained state, and with discovery a {@code binary_sensor} per alarm.</li>
 * </ul>
 * Its threads come from Camel's {@link ExecutorServiceManager}: one scheduled thread for connects, resends and the
 * poller, and one for HEX questions and commands (with control on). The password is given to the client only, never
 * to a log line or {@link #toString()}.
 */
public class MqttDestination extends ServiceSupport implements Destination, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(MqttDestination.class);

    /** How long Home Assistant gets to finish subscribing after saying it is online. */
    private static final Duration HOME_ASSISTANT_SETTLING = Duration.ofSeconds(1);

    private final MqttSettings settings;
    private final Function<String, Duration> staleTimeoutOf;
    private final DeviceCommands commands;
    private final Deliveries deliveries = new Deliveries("not connected yet");
    private final DeviceStates devices = new DeviceStates();
    private final MqttConnection connection;
    private final StatePublisher state;
    private final AvailabilityPoller poller;
    private CamelContext camelContext;
    private ScheduledExecutorService executor;
    private ExecutorService controlExecutor;
    private volatile MqttControls controls;
    private volatile AlarmPublisher alarms;

    /**
     * @param interval       the logger's interval: states come this often, so {@code expire_after} allows two
     *                       of them to go missing on top of the device's stale timeout
     * @param deviceProblem  a device's reader problem by device name (null while it delivers)
     * @param staleTimeoutOf a device's stale timeout by name (null when not known)
     */
    public MqttDestination(MqttSettings settings, Duration interval, Function<String, String> deviceProblem,
                           Function<String, Duration> staleTimeoutOf) {
        this(settings, interval, deviceProblem, staleTimeoutOf, null);
    }

    /** @param commands HEX on the devices, for {@code mqtt.control}; null for none (control then stays off) */
    public MqttDestination(MqttSettings settings, Duration interval, Function<String, String> deviceProblem,
                           Function<String, Duration> staleTimeoutOf, DeviceCommands commands) {
        this.settings = settings;
        this.staleTimeoutOf = staleTimeoutOf;
        this.commands = settings.control() ? commands : null;
        this.connection = new MqttConnection(settings, deliveries);
        this.state = new StatePublisher(settings, interval, deviceProblem, connection, deliveries, devices);
        this.poller = new AvailabilityPoller(settings.topic(), deviceProblem, connection, devices, state);
        if (!settings.discovery().isEmpty()) {
            connection.subscribe(settings.discovery() + "/status", (topic, message) -> {
                if (DeviceTopics.ONLINE.equals(new String(message.getPayload(), StandardCharsets.UTF_8))) {
                    // Home Assistant (re)started: it has forgotten entities whose configs were not retained, and only
                    // sees states sent from now on. A short pause lets it finish subscribing.
                    LOG.info("Home Assistant is online: sending the discovery configs and states again");
                    connection.later(state::resendAll, HOME_ASSISTANT_SETTLING);
                }
            });
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public Deliveries deliveries() {
        return deliveries;
    }

    @Override
    protected void doStart() throws Exception {
        if (camelContext == null) {
            throw new IllegalStateException("MqttDestination needs its CamelContext (CamelContext.addService sets it)");
        }
        ExecutorServiceManager threads = camelContext.getExecutorServiceManager();
        executor = threads.newSingleThreadScheduledExecutor(this, "mqtt");
        if (commands != null) {
            controlExecutor = threads.newSingleThreadExecutor(this, "mqtt-control");
            controls = new MqttControls(settings, commands, connection, devices, state, controlExecutor);
            state.controls(controls);
        }
        connection.start(executor, state::resendAll);
        long period = AvailabilityPoller.PERIOD.toMillis();
        executor.scheduleWithFixedDelay(poller, period, period, TimeUnit.MILLISECONDS);
        LOG.info("MQTT to {}, topics {}/NAME/state{}{}", settings, settings.topic(),
                settings.records() ? " and NAME/record (every stored record)" : "",
                settings.discovery().isEmpty() ? ", no Home Assistant discovery" : ", Home Assistant discovery on " + settings.discovery());
        if (controls != null) {
            LOG.info("MQTT control on: the charge current limit and the load output of each device that has them, commands on {}",
                    controls.commandFilter());
        }
    }

    @Override
    protected void doStop() throws Exception {
        ExecutorServiceManager threads = camelContext.getExecutorServiceManager();
        if (controlExecutor != null) {
            threads.shutdownNow(controlExecutor);
        }
        if (executor != null) {
            threads.shutdownNow(executor);
            executor.awaitTermination(2, TimeUnit.SECONDS);
        }
        connection.stop();
    }

    /**
     * The {@value MqttRecordSink#NAME} sink ({@code mqtt.records}) on this destination's connection: records go out
     * while the destination runs, and the sink throws "not connected" before it starts and after it stops.
     */
    public RecordSink recordSink() {
        return new MqttRecordSink(settings, connection);
    }

    /** The alarms to publish (docs/home-assistant.md, Alarms); without them, {@link #alarm} drops every message. */
    public void alarms(AlarmStates alarmStates) {
        AlarmPublisher publisher = new AlarmPublisher(settings, connection, alarmStates, state);
        alarms = publisher;
        state.alarms(publisher);
    }

    /** Called by routes/mqtt.yaml with each alarm message of seda:alarms; returns at once, the MQTT thread publishes. */
    public void alarm(Exchange exchange) {
        AlarmPublisher publisher = alarms;
        var in = exchange.getIn();
        String name = in.getHeader(DeviceHeaders.NAME, String.class);
        String alarm = in.getHeader(AlarmHeaders.ALARM, String.class);
        if (publisher == null || name == null || alarm == null) {
            return;
        }
        publisher.event(new AlarmPublisher.Event(name, alarm, in.getHeader(AlarmHeaders.STATE, String.class),
                in.getHeader(AlarmHeaders.VALUE, String.class), in.getHeader(AlarmHeaders.SINCE, String.class),
                Boolean.TRUE.equals(in.getHeader(AlarmHeaders.REMINDER, Boolean.class)), in.getBody(String.class)));
    }

    /** Called by routes/mqtt.yaml with each device's newest record. */
    public void publish(Exchange exchange) {
        String name = exchange.getIn().getHeader(DeviceHeaders.NAME, String.class);
        VeDirectRecord record = exchange.getIn().getBody(VeDirectRecord.class);
        if (name == null || record == null) {
            return;
        }
        DeviceState device = devices.of(name);
        device.record = record;
        device.product = exchange.getIn().getHeader(DeviceHeaders.PRODUCT, String.class);
        device.idSerial = state.idSerial(name, exchange.getIn().getHeader(DeviceHeaders.SERIAL, String.class), record);
        Instant at = exchange.getIn().getHeader(VeDirectConstants.RECEIVED_AT, Instant.class);
        device.receivedAt = at == null ? Instant.now() : at;
        if (device.staleTimeout == null) {
            device.staleTimeout = staleTimeoutOf.apply(name);
        }
        if (connection.isConnected()) {
            state.sendFresh(device);
        }
        MqttControls withControls = controls;
        if (withControls != null) {
            withControls.recordArrived(device, record);
        }
    }
}
