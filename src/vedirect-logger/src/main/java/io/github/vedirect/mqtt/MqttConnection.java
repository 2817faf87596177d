package io.github.vedirect.mqtt;

import io.github.vedirect.destinations.Deliveries;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The logger's one connection to the broker: one Paho client, its will, its subscriptions and its outages.
 * <ul>
 *   <li>The will sets {@code PREFIX/availability} to {@code offline} (retained) when the logger dies; every
 *       (re)connect sets it {@code online}. A clean stop sets it {@code offline} itself.</li>
 *   <li>A first connect that fails (the broker down when the logger starts) is tried again here, backing off from
 *       {@link #RETRY_MIN} to {@link #RETRY_MAX}: Paho's automatic reconnect is armed by a lost connection, and a
 *       connect that never succeeded has none to lose.</li>
 *   <li>A connection lost later is Paho's automatic reconnect's job. Its delay starts at 1 s and doubles while below
 *       the options' {@code maxReconnectDelay}, set to {@link #RETRY_MAX}: 1, 2, 4, 8, 8 ... s. Paho 1.2.5 stores
 *       {@code setAutomaticReconnectDelay(min, max)} but none of its code reads it (eclipse-paho/paho.mqtt.java#864;
 *       its default maximum, 128 s, would stay), so {@code setMaxReconnectDelay} is the setting that bounds the wait.
 *       Paho keeps the current delay in a static field, shared by every Paho 5 client of the JVM: a user's own
 *       {@code paho-mqtt5} route failing to reconnect at the same time can stretch this wait up to its own maximum.</li>
 *   <li>Every (re)connect: {@code online}, the subscriptions again (clean start: the broker forgot them), one line
 *       ("connected", or "reachable again after N s" at the end of an outage), then the owner's {@code onConnected}
 *       (after a warning instead of the line when one of those failed on a connection that is still up).
 *       That work runs on the executor: a QoS 1 publish waits for its ack, which Paho's callback thread handles.</li>
 *   <li>An outage (a failed connect, a lost connection, a failed publish) is one warning when it starts, however long
 *       it lasts; records are not queued meanwhile (the owner sends each device's newest state on reconnect).</li>
 * </ul>
 * The password is given to the client only, never to a log line.
 */
final class MqttConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    static final Duration RETRY_MIN = Duration.ofSeconds(1);
    /** The longest wait between two connect attempts: the broker's return is noticed within this plus a connect. */
    static final Duration RETRY_MAX = Duration.ofSeconds(8);
    /** How long one publish or connect may take before it counts as failed. */
    private static final int TIMEOUT_SECONDS = 5;

    private final MqttSettings settings;
    private final String loggerTopic;
    private final Deliveries deliveries;
    /** Topic filter to listener; subscribed again on every connect. */
    private final Map<String, IMqttMessageListener> subscriptions = new LinkedHashMap<>();
    private ScheduledExecutorService executor;
    private Runnable onConnected = () -> { };
    private volatile MqttClient client;
    private volatile boolean firstConnectDone;
    /** Connections Paho reported lost: a (re)connect after the last one has its work ({@link #connected}) to do. */
    private final AtomicLong connectionsLost = new AtomicLong();
    private long retryMillis = RETRY_MIN.toMillis();

    MqttConnection(MqttSettings settings, Deliveries deliveries) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.loggerTopic = settings.topic() + "/availability";
    }

    /** The topic of the logger's own availability (its will). */
    String loggerTopic() {
        return loggerTopic;
    }

    /** A subscription made on every connect; messages on it go to the listener on Paho's callback thread. */
    void subscribe(String filter, IMqttMessageListener listener) {
        synchronized (subscriptions) {
            subscriptions.put(filter, listener);
        }
    }

    /**
     * @param executor    where connects and {@code onConnected} run (one thread: they never overlap)
     * @param onConnected after every (re)connect, once {@code online} is out and the subscriptions are made
     */
    void start(ScheduledExecutorService executor, Runnable onConnected) throws MqttException {
        this.executor = executor;
        this.onConnected = onConnected;
        // A client id of its own per logger: a second client with the same id would throw this one off the broker.
        String clientId = "vedirect-" + settings.topic().replace('/', '-');
        client = new MqttClient(settings.broker().toString(), clientId, new MemoryPersistence());
        client.setTimeToWait(TIMEOUT_SECONDS * 1000L);
        client.setCallback(new Callback());
        executor.execute(this::connect);
    }

    void stop() {
        MqttClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                // A clean stop says so itself: the will is only for a logger that dies.
                publish(new Publication(loggerTopic, DeviceTopics.OFFLINE, true));
                c.disconnect(2000);
            }
        } catch (Exception e) {
            LOG.debug("MQTT disconnect: {}", e.getMessage());
        }
        try {
            c.close(true);
        } catch (Exception e) {
            LOG.debug("MQTT close: {}", e.getMessage());
        }
    }

    /**
     * How many connections were lost so far. The owner's {@code onConnected} reads it: a count that has not changed
     * since says the current connection has had its {@code onConnected}.
     */
    long connectionsLost() {
        return connectionsLost.get();
    }

    boolean isConnected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    void publish(Publication publication) throws MqttException {
        MqttMessage message = new MqttMessage(publication.payload().getBytes(StandardCharsets.UTF_8));
        message.setQos(settings.qos());
        message.setRetained(publication.retained());
        InFlightWindow.publish(client, publication.topic(), message);
    }

    /**
     * Publishes without waiting for the broker's ack, at the QoS given (not {@code mqtt.qos}): the caller waits for
     * the token. Throws when there is no client yet or no connection.
     */
    IMqttToken publishNoWait(String topic, String payload, int qos, boolean retained) throws MqttException {
        MqttClient c = client;
        if (c == null) {
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        message.setRetained(retained);
        return InFlightWindow.publishNoWait(c, topic, message);
    }

    /** The broker's address, for messages: never the user or password. */
    String broker() {
        return settings.broker().toString();
    }

    /** One warning at the start of an outage. */
    void outage(String reason) {
        outage(reason, false);
    }

    /** @param publishFailed whether a publish was lost with it (counted as a failed delivery) */
    void outage(String reason, boolean publishFailed) {
        String problem = "broker " + settings.broker() + " unreachable: " + reason;
        if (publishFailed ? deliveries.failed(problem) : deliveries.trouble(problem)) {
            LOG.warn("MQTT broker {} unreachable: {}; CSV and the other destinations go on, retrying every {} s at most, "
                    + "then the newest state of each device is sent", settings.broker(), reason, RETRY_MAX.toSeconds());
        }
    }

    /** Runs {@code task} on the executor after {@code delay}, unless the destination is stopping. */
    void later(Runnable task, Duration delay) {
        try {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("MQTT: stopping, {} not scheduled", task);
        }
    }

    /** On the executor, until a first connect succeeds; Paho reconnects by itself from then on. */
    private void connect() {
        MqttClient c = client;
        if (c == null || c.isConnected() || firstConnectDone) {
            return;
        }
        try {
            c.connect(options());
            firstConnectDone = true;
        } catch (MqttException e) {
            outage(e.getMessage() + (e.getCause() != null && e.getCause().getMessage() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            later(this::connect, Duration.ofMillis(retryMillis));
            retryMillis = Math.min(retryMillis * 2, RETRY_MAX.toMillis());
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) RETRY_MAX.toMillis());
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
        return options;
    }

    /** On the executor after every (re)connect. */
    private void connected() {
        Map<String, IMqttMessageListener> all;
        synchronized (subscriptions) {
            all = Map.copyOf(subscriptions);
        }
        try {
            publish(new Publication(loggerTopic, DeviceTopics.ONLINE, true));
            for (String filter : all.keySet()) {
                client.subscribe(filter, 1);
            }
        } catch (MqttException e) {
            outage(e.getMessage());
            if (client.isConnected()) {
                // Still connected (an ack that came late, a subscription the broker refused): the owner's states wait
                // for its onConnected, and Paho calls connectComplete again only after a loss.
                onConnected.run();
            }
            // Otherwise lost again at once: Paho's reconnect goes on, and this runs again when it succeeds.
            return;
        }
        Duration outage = deliveries.recovered();
        if (outage != null) {
            LOG.info("MQTT broker {} reachable again after {} s", settings.broker(), outage.toSeconds());
        } else {
            LOG.info("MQTT connected to {}", settings.broker());
        }
        onConnected.run();
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connectionsLost.incrementAndGet();
            outage("connection lost" + (response.getReasonString() == null ? "" : ": " + response.getReasonString()));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            later(MqttConnection.this::connected, Duration.ZERO);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Map<String, IMqttMessageListener> all;
            synchronized (subscriptions) {
                all = Map.copyOf(subscriptions);
            }
            for (Map.Entry<String, IMqttMessageListener> subscription : all.entrySet()) {
                if (MqttTopicValidator.isMatched(subscription.getKey(), topic)) {
                    try {
                        subscription.getValue().messageArrived(topic, message);
                    } catch (Exception e) {
                        // Thrown back to Paho, it would close the connection; one message is not worth that.
                        LOG.warn("MQTT: a message on {} not handled: {}", topic, e.toString());
                    }
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
