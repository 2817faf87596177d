package io.github.vedirect.mqtt;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Function;

/**
 * A device whose reader reports a problem (silent past its stale timeout, unplugged) is set {@code offline} on
 * {@code PREFIX/NAME/availability} until its next record, which sets it {@code online} again ({@link StatePublisher}).
 * Checked every {@link #PERIOD}: a silent device sends nothing that could trigger it.
 */
final class AvailabilityPoller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityPoller.class);

    static final Duration PERIOD = Duration.ofSeconds(1);

    private final String topicPrefix;
    private final Function<String, String> deviceProblem;
    private final MqttConnection connection;
    private final DeviceStates devices;
    private final StatePublisher lock;

    /**
     * @param deviceProblem a device's reader problem by device name (null while it delivers)
     * @param lock          the publishing pieces' common lock
     */
    AvailabilityPoller(String topicPrefix, Function<String, String> deviceProblem, MqttConnection connection,
                       DeviceStates devices, StatePublisher lock) {
        this.topicPrefix = topicPrefix;
        this.deviceProblem = deviceProblem;
        this.connection = connection;
        this.devices = devices;
        this.lock = lock;
    }

    @Override
    public void run() {
        if (!connection.isConnected()) {
            return;
        }
        for (DeviceState device : devices.all()) {
            String trouble = deviceProblem.apply(device.name);
            if (trouble != null && device.online) {
                synchronized (lock) {
                    try {
                        connection.publish(new Publication(DeviceTopics.availability(topicPrefix, device.name), DeviceTopics.OFFLINE, true));
                        device.online = false;
                        LOG.debug("MQTT: {} offline ({})", device.name, trouble);
                    } catch (MqttException e) {
                        connection.outage(e.getMessage());
                    }
                }
            }
        }
    }
}
