package io.github.vedirect.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vedirect.component.VeDirectRecord;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarms on MQTT (docs/home-assistant.md, Alarms):
 * <ul>
 *   <li>each alarm raised or cleared (and each reminder) as one JSON event on {@code PREFIX/NAME/alarm}, not retained:
 *       {@code alarm}, {@code state}, {@code value}, {@code since}, {@code reminder}, {@code text};</li>
 *   <li>each alarm's state, {@code ON} while raised and {@code OFF} otherwise, retained on
 *       {@code PREFIX/NAME/alarm/ALARM}: one plain payload per alarm, Home Assistant's own binary-sensor payloads, no
 *       template;</li>
 *   <li>with discovery, a {@code binary_sensor} (device class {@code problem}) per alarm of the device, in the device's
 *       Home Assistant device, announced with its other entities. Available while the logger is (its will), not
 *       with the device: the {@code no-data} alarm is ON exactly when the device is silent.</li>
 * </ul>
 * Events come from the route's thread and are only noted here ({@link #event}): the MQTT thread publishes them, so a
 * broker that is slow or away never holds up the alarms' other channels. While the broker is away each alarm's newest
 * event waits, and goes out after the reconnect, with every state again ({@link #flush}).
 */
final class AlarmPublisher {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One alarm message of {@code seda:alarms}, as its headers and body say it. */
    record Event(String device, String alarm, String state, String value, String since, boolean reminder, String text) {
        boolean raised() {
            return "raised".equals(state);
        }
    }

    private final MqttSettings settings;
    private final MqttConnection connection;
    private final AlarmStates states;
    /** The lock of every publishing piece: a device's configs and states never interleave with another thread's. */
    private final Object publishing;
    /** Each alarm's newest event not yet published, by {@code device/alarm}. */
    private final Map<String, Event> pending = new LinkedHashMap<>();

    AlarmPublisher(MqttSettings settings, MqttConnection connection, AlarmStates states, Object publishing) {
        this.settings = settings;
        this.connection = connection;
        this.states = states;
        this.publishing = publishing;
    }

    /** Notes an event and has the MQTT thread publish it; never waits for the broker. */
    void event(Event event) {
        synchronized (pending) {
            pending.put(event.device() + "/" + event.alarm(), event);
        }
        connection.later(this::flush, Duration.ZERO);
    }

    /** On the MQTT thread: the events waiting, if connected; those that fail wait for the next connect. */
    void flush() {
        if (!connection.isConnected()) {
            return;
        }
        List<Map.Entry<String, Event>> waiting;
        synchronized (pending) {
            waiting = new ArrayList<>(pending.entrySet());
        }
        synchronized (publishing) {
            for (Map.Entry<String, Event> entry : waiting) {
                Event event = entry.getValue();
                try {
                    connection.publish(new Publication(DeviceTopics.alarm(settings.topic(), event.device()), json(event), false));
                    connection.publish(state(event.device(), event.alarm(), event.raised()));
                } catch (MqttException e) {
                    connection.outage(e.getMessage(), true);
                    return;
                }
                synchronized (pending) {
                    pending.remove(entry.getKey(), event);
                }
            }
        }
    }

    /**
     * With the device's other entities, under the publishing lock: the configs (with discovery) and retained states of
     * its alarms not yet announced on this connection.
     */
    void announce(DeviceState device, VeDirectRecord record) throws MqttException {
        List<String> alarms = states.alarmsOf(device.name, record);
        if (device.alarmsAnnounced.containsAll(alarms)) {
            return;
        }
        Set<String> announced = new HashSet<>(device.alarmsAnnounced);
        for (String alarm : alarms) {
            if (announced.contains(alarm)) {
                continue;
            }
            if (!settings.discovery().isEmpty()) {
                connection.publish(config(device, record, alarm));
            }
            connection.publish(state(device.name, alarm, states.raised(device.name, alarm)));
            announced.add(alarm);
        }
        device.alarmsAnnounced = announced;
    }

    private Publication state(String device, String alarm, boolean raised) {
        return new Publication(DeviceTopics.alarmState(settings.topic(), device, alarm),
                raised ? DeviceTopics.ON : DeviceTopics.OFF, true);
    }

    /** The unique id: the device's node id (from its serial, as every other entity's) and the alarm's name. */
    static String uniqueId(String serial, String alarm) {
        return HomeAssistantDiscovery.nodeId(serial) + "_alarm_" + alarm;
    }

    private Publication config(DeviceState device, VeDirectRecord record, String alarm) {
        ObjectNode config = JSON.createObjectNode();
        config.put("name", "Alarm " + alarm);
        config.put("unique_id", uniqueId(device.idSerial, alarm));
        config.put("state_topic", DeviceTopics.alarmState(settings.topic(), device.name, alarm));
        config.put("device_class", "problem");
        config.put("payload_on", DeviceTopics.ON);
        config.put("payload_off", DeviceTopics.OFF);
        // The logger's will only: a device that went silent keeps its entities, and no-data shows ON.
        config.put("availability_topic", connection.loggerTopic());
        HomeAssistantDiscovery.device(config.putObject("device"), device.name, device.product, device.idSerial, null, record);
        HomeAssistantDiscovery.origin(config);
        String topic = DeviceTopics.checkPrefix(settings.discovery()) + "/binary_sensor/"
                + HomeAssistantDiscovery.nodeId(device.idSerial) + "/alarm_" + alarm + "/config";
        return new Publication(topic, HomeAssistantDiscovery.json(config), true);
    }

    private static String json(Event event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("alarm", event.alarm());
        json.put("state", event.state());
        json.put("value", event.value());
        json.put("since", event.since());
        json.put("reminder", event.reminder());
        json.put("text", event.text());
        return HomeAssistantDiscovery.json(json);
    }
}
