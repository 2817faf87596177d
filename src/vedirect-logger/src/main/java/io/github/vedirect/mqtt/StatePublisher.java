package io.github.vedirect.mqtt;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.Deliveries;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.time.Duration;
import java.util.HashSet;
import java.util.function.Function;

/**
 * State and discovery of each device: per record, the discovery configs of labels not yet announced on this connection
 * (retained), the device's {@code online} and its state JSON on {@code PREFIX/NAME/state} (retained, so Home Assistant
 * shows it at once after a restart and the retained availability says whether it is current). After a reconnect or a
 * Home Assistant restart: everything again for every device, the newest state only, never a backlog. A record that
 * comes while a new connection's resend is still to come waits for it (the resend sends the device's newest record):
 * sent at once, its configs and {@code online} would go out twice on that connection.
 *
 * <p>Its lock is the one every publishing piece takes ({@code synchronized} on this object): a device's configs,
 * availability and state go out in that order, never interleaved with another thread's.
 */
final class StatePublisher {

    private final MqttSettings settings;
    private final Duration interval;
    private final Function<String, String> deviceProblem;
    private final MqttConnection connection;
    private final Deliveries deliveries;
    private final DeviceStates devices;
    /** The controls to announce with a device's state; null while {@code mqtt.control} is off. */
    private volatile MqttControls controls;
    /** The alarms' events, states and entities; null until the alarms are handed over. */
    private volatile AlarmPublisher alarms;
    /**
     * {@link MqttConnection#connectionsLost()} as the last resend of everything began, -1 before the first: while it
     * differs, the current connection (if any) has not had its resend yet. Guarded by this object's lock.
     */
    private long resentAfterLosses = -1;

    StatePublisher(MqttSettings settings, Duration interval, Function<String, String> deviceProblem,
                   MqttConnection connection, Deliveries deliveries, DeviceStates devices) {
        this.settings = settings;
        this.interval = interval;
        this.deviceProblem = deviceProblem;
        this.connection = connection;
        this.deliveries = deliveries;
        this.devices = devices;
    }

    void controls(MqttControls controls) {
        this.controls = controls;
    }

    void alarms(AlarmPublisher alarms) {
        this.alarms = alarms;
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

    /**
     * A record just came: its device's configs, availability and state, unless this connection's resend of
     * everything has not run yet; that resend, right behind, sends the device's newest record, this one.
     */
    synchronized void sendFresh(DeviceState device) {
        if (resentAfterLosses == connection.connectionsLost()) {
            send(device, true);
        }
    }

    /**
     * Configs the device has not announced on this connection, then its availability and its state.
     *
     * @param fresh whether a record just came (the device speaks), rather than a resend of the newest one
     */
    synchronized void send(DeviceState device, boolean fresh) {
        VeDirectRecord record = device.record;
        if (record == null) {
            return;
        }
        try {
            if (!settings.discovery().isEmpty() && !device.announced.containsAll(record.keySet())) {
                for (Publication config : discovery(device).configs(device.name, device.product, device.idSerial, null, record)) {
                    connection.publish(config);
                }
                device.announced = new HashSet<>(record.keySet());
            }
            boolean speaking = fresh || deviceProblem.apply(device.name) == null;
            if (speaking && !device.online) {
                connection.publish(new Publication(DeviceTopics.availability(settings.topic(), device.name), DeviceTopics.ONLINE, true));
                device.online = true;
            }
            connection.publish(new Publication(DeviceTopics.state(settings.topic(), device.name), StateJson.of(record, device.receivedAt), true));
            MqttControls withControls = controls;
            if (withControls != null) {
                withControls.announceNew(device);
            }
            AlarmPublisher withAlarms = alarms;
            if (withAlarms != null) {
                withAlarms.announce(device, record);
            }
            deliveries.delivered();
        } catch (MqttException e) {
            connection.outage(e.getMessage(), true);
        }
    }

    /** Everything again: after a reconnect, or when Home Assistant (re)starts. */
    void resendAll() {
        synchronized (this) {
            // Under the lock from here to the last device: a record that comes meanwhile waits, then goes out as the
            // connection's second message of its device, not as a second announcement.
            resentAfterLosses = connection.connectionsLost();
            for (DeviceState device : devices.all()) {
                // A new connection may be a new broker (or one that lost its retained messages), and a restarted Home
                // Assistant forgot unretained configs: announce again.
                device.forgetAnnounced();
                send(device, false);
            }
        }
        AlarmPublisher withAlarms = alarms;
        if (withAlarms != null) {
            // The events that waited for the broker, each alarm's newest.
            withAlarms.flush();
        }
    }

    /** The discovery of one device's entities, with its stale timeout as {@code expire_after}. */
    HomeAssistantDiscovery discovery(DeviceState device) {
        Duration stale = device.staleTimeout == null ? Duration.ofSeconds(10) : device.staleTimeout;
        // States come every interval: two may go missing before Home Assistant calls the values expired.
        return new HomeAssistantDiscovery(settings.discovery(), settings.topic(), stale.plus(interval.multipliedBy(2)),
                connection.loggerTopic());
    }
}
