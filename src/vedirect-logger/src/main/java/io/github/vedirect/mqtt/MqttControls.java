package io.github.vedirect.mqtt;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.DeviceCommands;
import io.github.vedirect.hex.HexException;
import io.github.vedirect.hex.HexSession;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexValue;
import io.github.vedirect.protocol.HexValueException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code mqtt.control=true}: two settings of each device that has them, the charge current limit (0x2015) as a Home
 * Assistant {@code number}, and the load output control (0xEDAB) as a {@code select} of its modes (off, on,
 * automatic, ...) for a device whose text record carries {@code LOAD}.
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
 *   <li>Questions and commands run one at a time on a thread of their own: a HEX exchange can take seconds, and
 *       Paho's callback thread must not wait for it.</li>
 * </ul>
 *
 * <p>Not a YAML route {@code from: paho-mqtt5:PREFIX/+/set/+} on the shared client
 * ({@code camel.component.paho-mqtt5.client}), as measured on camel-paho-mqtt5 4.17.0 with Paho 1.2.5 (a probe: a
 * shared client, the route, then the connection taken over by a second client with the same id):
 * <ul>
 *   <li>its consumer's {@code doStart} calls {@code client.setCallback(...)}, and a Paho client has one callback: after
 *       the route started, the connection's callback heard 0 of the lost connection and 0 of Paho's reconnect, so
 *       no outage line, no {@code online} again and no resend;</li>
 *   <li>it subscribes at route start on a client it does not connect: with the broker down when the logger starts,
 *       the route fails to start ("Client is not connected (32104)"), and a route file whose route fails to start
 *       loses all its routes (RoutesFolder), the state route of routes/mqtt.yaml with it.</li>
 * </ul>
 * Here the command filter is one more subscription of {@link MqttConnection}, made again on every connect.
 */
final class MqttControls {

    private static final Logger LOG = LoggerFactory.getLogger(MqttControls.class);

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

    private final MqttSettings settings;
    private final DeviceCommands commands;
    private final MqttConnection connection;
    private final DeviceStates devices;
    private final StatePublisher state;
    private final ExecutorService executor;

    /**
     * @param state    the discovery of each device, and the publishing pieces' common lock
     * @param executor one thread, for questions and commands
     */
    MqttControls(MqttSettings settings, DeviceCommands commands, MqttConnection connection, DeviceStates devices,
                 StatePublisher state, ExecutorService executor) {
        this.settings = settings;
        this.commands = commands;
        this.connection = connection;
        this.devices = devices;
        this.state = state;
        this.executor = executor;
        connection.subscribe(commandFilter(), this::commandArrived);
    }

    String commandFilter() {
        return settings.topic() + "/+/set/+";
    }

    /** With each record: a device not yet asked for a control that may apply to it is asked, on the control thread. */
    void recordArrived(DeviceState device, VeDirectRecord record) {
        if (!device.asking && CONTROLS.stream()
                .anyMatch(control -> control.appliesTo(record) && !device.controls.containsKey(control.key()))) {
            device.asking = true;
            run(() -> ask(device));
        }
    }

    /** The controls the device has that were not announced on this connection; the caller holds the state's lock. */
    void announceNew(DeviceState device) {
        for (Control control : CONTROLS) {
            if (Boolean.TRUE.equals(device.controls.get(control.key())) && !device.controlsAnnounced.contains(control.key())) {
                announce(device, control);
            }
        }
    }

    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("MQTT control: stopping, nothing more asked or set");
        }
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
                    if (connection.isConnected()) {
                        synchronized (state) {
                            announce(device, control);
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

    /** The entity's config (when discovery is on) and the confirmed value; the caller holds the state's lock. */
    private void announce(DeviceState device, Control control) {
        VeDirectRecord record = device.record;
        try {
            if (!settings.discovery().isEmpty() && record != null) {
                HomeAssistantDiscovery discovery = state.discovery(device);
                connection.publish(control.select()
                        ? discovery.selectConfig(control.key(), control.entityName(), control.register(), device.name,
                        device.product, device.idSerial, record, attributesTopic(device, control))
                        : discovery.numberConfig(control.key(), control.entityName(), control.register(), device.name,
                        device.product, device.idSerial, record));
            }
            String attributes = attributesTopic(device, control);
            if (attributes != null) {
                connection.publish(new Publication(attributes, "{\"note\":\"" + control.note() + "\"}", true));
            }
            publishValue(device, control);
            device.controlsAnnounced.add(control.key());
        } catch (MqttException e) {
            connection.outage(e.getMessage());
        }
    }

    private void publishValue(DeviceState device, Control control) throws MqttException {
        String value = device.confirmed.get(control.key());
        if (value != null) {
            connection.publish(new Publication(DeviceTopics.control(settings.topic(), device.name, control.key()), value, true));
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
        DeviceState device = devices.get(name);
        Control control = CONTROLS.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
        if (control == null || device == null || !Boolean.TRUE.equals(device.controls.get(control.key()))) {
            LOG.warn("MQTT control: {} ignored: no device {} with that control", topic, name);
            return;
        }
        run(() -> set(device, control, payload));
    }

    /** On the control thread: the set, and the value the device confirmed (or still has) on the control topic. */
    private void set(DeviceState device, Control control, String payload) {
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
        if (connection.isConnected()) {
            synchronized (state) {
                try {
                    publishValue(device, control);
                } catch (MqttException e) {
                    connection.outage(e.getMessage());
                }
            }
        }
    }
}
