package io.github.vedirect.destinations;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.hex.HexException;
import io.github.vedirect.hex.HexSession;
import io.github.vedirect.homeassistant.HomeAssistantDiscovery;
import io.github.vedirect.identity.DeviceHeaders;
import io.github.vedirect.mqtt.DeviceTopics;
import io.github.vedirect.mqtt.InFlightWindow;
import io.github.vedirect.mqtt.Publication;
import io.github.vedirect.mqtt.StateJson;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexValue;
import io.github.vedirect.protocol.HexValueException;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * MQTT with Home Assistant discovery, the {@code mqtt} bean routes/mqtt.yaml hands each device's newest record to.
 * <ul>
 *   <li>One connection, whose will sets {@code PREFIX/availability} to {@code offline} (retained) when the logger
 *       dies; {@code online} once connected. Every entity needs it and its device's {@code PREFIX/NAME/availability}
 *       ({@code availability_mode: all}).</li>
 *   <li>Per record: the state JSON on {@code PREFIX/NAME/state} (retained, so HA shows it at once after a restart
 *       and the retained availability says whether it is current), the device's {@code online}, and, the first time
 *       a device or a new label is seen per connection, its discovery configs (retained).</li>
 *   <li>A device whose reader reports a problem (silent past its stale timeout, unplugged) is set {@code offline}
 *       until its next record.</li>
 *   <li>Home Assistant saying {@code online} on {@code DISCOVERY/status}: configs and states again.</li>
 *   <li>The broker down, at start or later: records are not queued (the route's queue keeps the newest per device,
 *       and so does this bean), one warning when the outage starts and one line when it ends; a reconnect is tried
 *       every {@link #RETRY_MAX} at most, and on reconnect each device's newest state is sent, never a backlog.
 *       Paho's own automatic reconnect is not used: it only works after a first successful connect, and backs off
 *       up to two minutes.</li>
 * </ul>
 * With {@code mqtt.control=true}, also two settings of each device that has them: the charge current limit (0x2015)
 * as a Home Assistant {@code number}, and the load output control (0xEDAB) as a {@code select} of its modes (off, on,
 * automatic, ...) for a device whose text record carries {@code LOAD}:
 * <ul>
 *   <li>Each device is asked once, after its first record, for each: one that answers gets the entity's discovery
 *       config and its value on {@code PREFIX/NAME/control/KEY} (retained); one that says it has no such register
 *       (a BMV) or does not speak HEX gets none.</li>
 *   <li>Commands come on {@code PREFIX/NAME/set/KEY} (one subscription, {@code PREFIX/+/set/+}, made only with control
 *       on). A command is a HEX set through the device's own connection ({@link DeviceCommands}), with the session's
 *       safety rules; the value goes on the control topic only after the device read it back. A refused command (not
 *       a number or not a mode, out of range, the device says no) is one warning, and the device's real value is
 *       read and published again, so HA never keeps showing a value the device does not have.</li>
 *   <li>The load output control is kept in flash: the session's flash guard lets it change once an hour per
 *       device. A second change within the hour is refused (the guard's one warning) and the real mode published
 *       again; the entity's name and its attributes say so.</li>
 *   <li>Commands run one at a time on a thread of their own: a HEX exchange can take seconds, and Paho's callback
 *       thread must not wait for it.</li>
 * </ul>
 *
 * <p>The password is given to the client only, never to a log line or {@link #toString()}.
 */
public class MqttDestination extends ServiceSupport implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(MqttDestination.class);

    /** The longest wait between two connect attempts: the broker's return is noticed within this plus a connect. */
    static final Duration RETRY_MAX = Duration.ofSeconds(8);
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    /** How long one publish or connect may take before it counts as failed. */
    private static final int TIMEOUT_SECONDS = 5;

    /** What is kept of each device: its newest record, to send again after a reconnect or an HA restart. */
    private static final class DeviceState {
        final String name;
        volatile VeDirectRecord record;
        volatile String product;
        volatile String idSerial;
        volatile Instant receivedAt;
        volatile Duration staleTimeout;
        volatile boolean online;
        volatile java.util.Set<String> announced = java.util.Set.of();
        /** Control: per control key, absent until asked, then whether the device has it. */
        final Map<String, Boolean> controls = new ConcurrentHashMap<>();
        volatile boolean asking;
        /** Per control key, the value as the device last confirmed it (the control topic's payload). */
        final Map<String, String> confirmed = new ConcurrentHashMap<>();
        /** The controls whose config and value were sent on this connection. */
        final Set<String> controlsAnnounced = ConcurrentHashMap.newKeySet();

        DeviceState(String name) {
            this.name = name;
        }
    }

    private final MqttSettings settings;
    private final Duration interval;
    private final Function<String, String> deviceProblem;
    private final Function<String, Duration> staleTimeoutOf;
    private final String loggerTopic;
    private final Map<String, DeviceState> devices = new LinkedHashMap<>();
    private final Deliveries deliveries = new Deliveries("not connected yet");
    private final DeviceCommands commands;
    private ScheduledExecutorService executor;
    private ExecutorService controlExecutor;
    private MqttClient client;
    private long retryMillis = RETRY_MIN.toMillis();

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
        this.commands = settings.control() ? commands : null;
        this.settings = settings;
        this.interval = interval;
        this.deviceProblem = deviceProblem;
        this.staleTimeoutOf = staleTimeoutOf;
        this.loggerTopic = settings.topic() + "/availability";
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public long succeeded() {
        return deliveries.succeeded();
    }

    @Override
    public long failed() {
        return deliveries.failed();
    }

    @Override
    public String problem() {
        return deliveries.problem();
    }

    /** The topic of the logger's own availability (its will). */
    public String loggerTopic() {
        return loggerTopic;
    }

    @Override
    protected void doStart() throws Exception {
        // A client id of its own per logger: a second client with the same id would throw this one off the broker.
        String clientId = ("vedirect-" + settings.topic().replace('/', '-'));
        client = new MqttClient(settings.broker().toString(), clientId, new MemoryPersistence());
        client.setTimeToWait(TIMEOUT_SECONDS * 1000L);
        client.setCallback(new Callback());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "vedirect-mqtt");
            thread.setDaemon(true);
            return thread;
        });
        if (commands != null) {
            controlExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "vedirect-mqtt-control");
                thread.setDaemon(true);
                return thread;
            });
        }
        executor.execute(this::connect);
        executor.scheduleWithFixedDelay(this::checkAvailability, 1, 1, TimeUnit.SECONDS);
        LOG.info("MQTT to {}, topics {}/NAME/state{}", settings, settings.topic(),
                settings.discovery().isEmpty() ? ", no Home Assistant discovery" : ", Home Assistant discovery on " + settings.discovery());
        if (commands != null) {
            LOG.info("MQTT control on: the charge current limit and the load output of each device that has them, commands on {}",
                    commandFilter());
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (controlExecutor != null) {
            controlExecutor.shutdownNow();
        }
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    // A clean stop says so itself: the will is only for a logger that dies.
                    publish(new Publication(loggerTopic, DeviceTopics.OFFLINE, true));
                    client.disconnect(2000);
                }
            } catch (Exception e) {
                LOG.debug("MQTT disconnect: {}", e.getMessage());
            }
            try {
                client.close(true);
            } catch (Exception e) {
                LOG.debug("MQTT close: {}", e.getMessage());
            }
        }
    }

    /** Called by routes/mqtt.yaml with each device's newest record. */
    public void publish(Exchange exchange) {
        String name = exchange.getIn().getHeader(DeviceHeaders.NAME, String.class);
        VeDirectRecord record = exchange.getIn().getBody(VeDirectRecord.class);
        if (name == null || record == null) {
            return;
        }
        DeviceState device;
        synchronized (devices) {
            device = devices.computeIfAbsent(name, DeviceState::new);
        }
        device.record = record;
        device.product = exchange.getIn().getHeader(DeviceHeaders.PRODUCT, String.class);
        device.idSerial = idSerial(name, exchange.getIn().getHeader(DeviceHeaders.SERIAL, String.class), record);
        Instant at = exchange.getIn().getHeader(VeDirectConstants.RECEIVED_AT, Instant.class);
        device.receivedAt = at == null ? Instant.now() : at;
        if (device.staleTimeout == null) {
            device.staleTimeout = staleTimeoutOf.apply(name);
        }
        if (client != null && client.isConnected()) {
            send(device, true);
        }
        if (commands != null && !device.asking && CONTROLS.stream()
                .anyMatch(control -> control.appliesTo(record) && !device.controls.containsKey(control.key()))) {
            device.asking = true;
            controlExecutor.execute(() -> ask(device));
        }
    }

    /**
     * The serial that makes a device's Home Assistant ids. A device without {@code SER#} and without a Victron
     * cable (a BMV-70x on another adapter) only has its name, and {@code default} repeats on every site: its ids
     * then carry the topic prefix too ({@code vedirect/boat} + {@code default}), which a fleet keeps apart anyway.
     */
    String idSerial(String name, String serial, VeDirectRecord record) {
        if (serial == null || (serial.equals(name) && record.raw("SER#") == null)) {
            return settings.topic().replace('/', '_') + "_" + name;
        }
        return serial;
    }

    /** Configs the device has not announced on this connection, then its availability and its state. */
    private synchronized void send(DeviceState device, boolean fresh) {
        VeDirectRecord record = device.record;
        if (record == null) {
            return;
        }
        try {
            if (!settings.discovery().isEmpty() && !device.announced.containsAll(record.keySet())) {
                for (Publication config : discovery(device).configs(device.name, device.product, device.idSerial, null, record)) {
                    publish(config);
                }
                device.announced = new java.util.HashSet<>(record.keySet());
            }
            boolean speaking = fresh || deviceProblem.apply(device.name) == null;
            if (speaking && !device.online) {
                publish(new Publication(DeviceTopics.availability(settings.topic(), device.name), DeviceTopics.ONLINE, true));
                device.online = true;
            }
            publish(new Publication(DeviceTopics.state(settings.topic(), device.name), StateJson.of(record, device.receivedAt), true));
            for (Control control : CONTROLS) {
                if (Boolean.TRUE.equals(device.controls.get(control.key())) && !device.controlsAnnounced.contains(control.key())) {
                    announceControl(device, control);
                }
            }
            deliveries.delivered();
        } catch (MqttException e) {
            outage(e.getMessage(), true);
        }
    }

    // ---- mqtt.control ------------------------------------------------------------------------------

    /**
     * A register Home Assistant may set: its topic level ({@code key}), how log lines call it, and whether it is a
     * number or, for a register of codes, a select; offered only to a device whose text record carries
     * {@code requiredLabel} (null: to any device that answers for the register).
     */
    record Control(String key, String label, String entityName, HexRegister register, String note, String requiredLabel) {

        boolean select() {
            return register.enumerated();
        }

        boolean appliesTo(VeDirectRecord record) {
            return requiredLabel == null || record.raw(requiredLabel) != null;
        }

        /** The control topic's payload for a value: a select's option name, a number's plain number. */
        String payload(HexValue value) {
            if (select()) {
                return register.codeName(value.raw()).orElse(Long.toString(value.raw()));
            }
            return value.number().toPlainString();
        }
    }

    static final Control CHARGE_LIMIT = new Control("charge_current_limit", "charge current limit",
            "Charge current limit", HexRegisters.byId(HexRegisters.CHARGE_CURRENT_LIMIT).orElseThrow(), null, null);
    /**
     * Kept in the charger's flash: the session's flash guard lets it change once an hour, and the entity's name says
     * so where the user chooses. Only a charger whose text record carries LOAD has a load output to control.
     */
    static final Control LOAD_OUTPUT = new Control("load_output", "load output",
            "Load output (changes at most once an hour)", HexRegisters.byId(HexRegisters.LOAD_OUTPUT_CONTROL).orElseThrow(),
            "Kept in the charger's flash memory, which wears with every write: at most one change an hour. A second "
                    + "change within the hour is refused and the charger's mode shown again. Use it for occasional "
                    + "mode changes (off, on, automatic), not to switch a load every few minutes.", "LOAD");
    static final List<Control> CONTROLS = List.of(CHARGE_LIMIT, LOAD_OUTPUT);

    /** A command payload longer than this is cut in the log line: it is the broker's users' text, not ours. */
    private static final int SHOWN_PAYLOAD = 24;

    private String commandFilter() {
        return settings.topic() + "/+/set/+";
    }

    private String attributesTopic(DeviceState device, Control control) {
        return control.note() == null ? null : DeviceTopics.control(settings.topic(), device.name, control.key()) + "/attributes";
    }

    /** On the control thread, once per device and control: does the device have it? */
    private void ask(DeviceState device) {
        try {
            VeDirectRecord record = device.record;
            for (Control control : CONTROLS) {
                if (record == null || !control.appliesTo(record) || device.controls.containsKey(control.key())) {
                    continue;
                }
                try {
                    HexValue value = commands.get(device.name, control.register());
                    device.confirmed.put(control.key(), control.payload(value));
                    device.controls.put(control.key(), true);
                    LOG.info("MQTT control: {} has a {} ({}), commands on {}", device.name, control.label(), value,
                            DeviceTopics.command(settings.topic(), device.name, control.key()));
                    if (client != null && client.isConnected()) {
                        synchronized (this) {
                            announceControl(device, control);
                        }
                    }
                } catch (HexException e) {
                    if (e.reason() == HexException.Reason.PORT_LOST) {
                        // Not connected at the moment: asked again with its next record.
                        LOG.debug("MQTT control: {} not asked yet: {}", device.name, e.getMessage());
                        return;
                    }
                    // "Unknown id" (a BMV) or no answer (a device without HEX): no such control, and no asking again.
                    device.controls.put(control.key(), false);
                    LOG.info("MQTT control: {} offers no {} ({})", device.name, control.label(), e.getMessage());
                } catch (RuntimeException e) {
                    device.controls.put(control.key(), false);
                    LOG.warn("MQTT control: {} could not be asked for its {}: {}", device.name, control.label(), e.toString());
                }
            }
        } finally {
            device.asking = false;
        }
    }

    /** The entity's config (when discovery is on) and the confirmed value; the caller holds this object's lock. */
    private void announceControl(DeviceState device, Control control) {
        VeDirectRecord record = device.record;
        try {
            if (!settings.discovery().isEmpty() && record != null) {
                HomeAssistantDiscovery discovery = discovery(device);
                publish(control.select()
                        ? discovery.selectConfig(control.key(), control.entityName(), control.register(), device.name,
                        device.product, device.idSerial, record, attributesTopic(device, control))
                        : discovery.numberConfig(control.key(), control.entityName(), control.register(), device.name,
                        device.product, device.idSerial, record));
            }
            String attributes = attributesTopic(device, control);
            if (attributes != null) {
                publish(new Publication(attributes, "{\"note\":\"" + control.note() + "\"}", true));
            }
            publishControl(device, control);
            device.controlsAnnounced.add(control.key());
        } catch (MqttException e) {
            outage(e.getMessage());
        }
    }

    private void publishControl(DeviceState device, Control control) throws MqttException {
        String value = device.confirmed.get(control.key());
        if (value != null) {
            publish(new Publication(DeviceTopics.control(settings.topic(), device.name, control.key()), value, true));
        }
    }

    /** From Paho's callback thread: a command for a control, run on the control thread. */
    private void commandArrived(String topic, MqttMessage message) {
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8).trim();
        String rest = topic.substring(settings.topic().length() + 1);
        int slash = rest.indexOf('/');
        String name = rest.substring(0, slash);
        String key = rest.substring(slash + "/set/".length());
        if (message.isRetained()) {
            // A retained command would be applied again at every reconnect of every logger; Home Assistant does not
            // retain commands, so this one is someone's mistake.
            LOG.warn("MQTT control: retained command on {} ignored (publish commands without retain)", topic);
            return;
        }
        DeviceState device;
        synchronized (devices) {
            device = devices.get(name);
        }
        Control control = CONTROLS.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
        if (control == null || device == null || !Boolean.TRUE.equals(device.controls.get(control.key()))) {
            LOG.warn("MQTT control: {} ignored: no device {} with that control", topic, name);
            return;
        }
        controlExecutor.execute(() -> setControl(device, control, payload));
    }

    /** On the control thread: the set, and the value the device confirmed (or still has) on the control topic. */
    private void setControl(DeviceState device, Control control, String payload) {
        try {
            HexValue confirmed = commands.set(device.name, control.register(), HexSession.parseValue(control.register(), payload));
            device.confirmed.put(control.key(), control.payload(confirmed));
        } catch (HexValueException | HexException e) {
            String shown = payload.length() > SHOWN_PAYLOAD ? payload.substring(0, SHOWN_PAYLOAD) + "..." : payload;
            if (e instanceof HexException hex && hex.reason() == HexException.Reason.FLASH_WRITE_LIMIT) {
                // The flash guard has said it in one warning, which covers the rest of the hour: an automation that
                // asks every minute must not make a warning a minute.
                LOG.debug("MQTT control: {} {} '{}' refused: {}", device.name, control.label(), shown, e.getMessage());
            } else {
                LOG.warn("MQTT control: {} {} '{}' refused: {}", device.name, control.label(), shown, e.getMessage());
            }
            try {
                // What the device really holds now, so that HA turns back from the value it asked for.
                device.confirmed.put(control.key(), control.payload(commands.get(device.name, control.register())));
            } catch (RuntimeException again) {
                LOG.debug("MQTT control: {} {} not read back: {}", device.name, control.label(), again.getMessage());
            }
        }
        if (client != null && client.isConnected()) {
            synchronized (this) {
                try {
                    publishControl(device, control);
                } catch (MqttException e) {
                    outage(e.getMessage());
                }
            }
        }
    }

    private HomeAssistantDiscovery discovery(DeviceState device) {
        Duration stale = device.staleTimeout == null ? Duration.ofSeconds(10) : device.staleTimeout;
        // States come every interval: two may go missing before Home Assistant calls the values expired.
        return new HomeAssistantDiscovery(settings.discovery(), settings.topic(), stale.plus(interval.multipliedBy(2)), loggerTopic);
    }

    private void publish(Publication publication) throws MqttException {
        MqttMessage message = new MqttMessage(publication.payload().getBytes(StandardCharsets.UTF_8));
        message.setQos(settings.qos());
        message.setRetained(publication.retained());
        InFlightWindow.publish(client, publication.topic(), message);
    }

    /** On the executor: one connect attempt; on failure the next is scheduled, backing off to {@link #RETRY_MAX}. */
    private void connect() {
        if (client == null || client.isConnected() || !isRunAllowed()) {
            return;
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        options.setKeepAliveInterval(30);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        MqttMessage will = new MqttMessage(DeviceTopics.OFFLINE.getBytes(StandardCharsets.UTF_8));
        will.setQos(1);
        will.setRetained(true);
        options.setWill(loggerTopic, will);
        options.setWillMessageProperties(new MqttProperties());
        try {
            client.connect(options);
        } catch (MqttException e) {
            outage(e.getMessage() + (e.getCause() != null && e.getCause().getMessage() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            executor.schedule(this::connect, retryMillis, TimeUnit.MILLISECONDS);
            retryMillis = Math.min(retryMillis * 2, RETRY_MAX.toMillis());
            return;
        }
        retryMillis = RETRY_MIN.toMillis();
        try {
            publish(new Publication(loggerTopic, DeviceTopics.ONLINE, true));
            if (!settings.discovery().isEmpty()) {
                client.subscribe(discoveryBirthTopic(), 1);
            }
            if (commands != null) {
                client.subscribe(commandFilter(), 1);
            }
        } catch (MqttException e) {
            outage(e.getMessage());
            return;
        }
        Duration outage = deliveries.recovered();
        if (outage != null) {
            LOG.info("MQTT broker {} reachable again after {} s", settings.broker(), outage.toSeconds());
        } else {
            LOG.info("MQTT connected to {}", settings.broker());
        }
        resendAll();
    }

    private String discoveryBirthTopic() {
        return settings.discovery() + "/status";
    }

    /** Everything again: after a reconnect, or when Home Assistant (re)starts. */
    private void resendAll() {
        List<DeviceState> all;
        synchronized (devices) {
            all = List.copyOf(devices.values());
        }
        for (DeviceState device : all) {
            // A new connection may be a new broker (or one that lost its retained messages), and a restarted Home
            // Assistant forgot unretained configs: announce again.
            device.announced = java.util.Set.of();
            device.controlsAnnounced.clear();
            device.online = false;
            send(device, false);
        }
    }

    /** Every second: a device whose reader has a problem is offline until its next record. */
    private void checkAvailability() {
        if (client == null || !client.isConnected()) {
            return;
        }
        List<DeviceState> all;
        synchronized (devices) {
            all = List.copyOf(devices.values());
        }
        for (DeviceState device : all) {
            String trouble = deviceProblem.apply(device.name);
            if (trouble != null && device.online) {
                synchronized (this) {
                    try {
                        publish(new Publication(DeviceTopics.availability(settings.topic(), device.name), DeviceTopics.OFFLINE, true));
                        device.online = false;
                        LOG.debug("MQTT: {} offline ({})", device.name, trouble);
                    } catch (MqttException e) {
                        outage(e.getMessage());
                    }
                }
            }
        }
    }

    /** One warning at the start of an outage; a failed connect and a lost connection schedule the next attempt. */
    private void outage(String reason) {
        outage(reason, false);
    }

    /** @param publishFailed whether a publish was lost with it (counted as a failed delivery) */
    private void outage(String reason, boolean publishFailed) {
        String problem = "broker " + settings.broker() + " unreachable: " + reason;
        if (publishFailed ? deliveries.failed(problem) : deliveries.trouble(problem)) {
            LOG.warn("MQTT broker {} unreachable: {}; CSV and the other destinations go on, retrying every {} s at most, "
                    + "then the newest state of each device is sent", settings.broker(), reason, RETRY_MAX.toSeconds());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            outage("connection lost" + (response.getReasonString() == null ? "" : ": " + response.getReasonString()));
            ScheduledExecutorService ex = executor;
            if (ex != null && !ex.isShutdown()) {
                ex.schedule(MqttDestination.this::connect, RETRY_MIN.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (commands != null && topic.startsWith(settings.topic() + "/") && topic.contains("/set/")) {
                commandArrived(topic, message);
                return;
            }
            if (topic.equals(discoveryBirthTopic()) && DeviceTopics.ONLINE.equals(new String(message.getPayload(), StandardCharsets.UTF_8))) {
                // Home Assistant (re)started: it has forgotten entities whose configs were not retained, and only
                // sees states sent from now on. A short pause lets it finish subscribing.
                LOG.info("Home Assistant is online: sending the discovery configs and states again");
                ScheduledExecutorService ex = executor;
                if (ex != null && !ex.isShutdown()) {
                    ex.schedule(() -> resendAll(), 1, TimeUnit.SECONDS);
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
