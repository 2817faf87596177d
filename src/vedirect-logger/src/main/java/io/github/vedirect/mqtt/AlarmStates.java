package io.github.vedirect.mqtt;

import io.github.vedirect.component.VeDirectRecord;

import java.util.List;

/**
 * What MQTT asks the alarms (a package above this one, which hands an implementation to
 * {@link MqttDestination#alarms}): which alarms a device has, for its Home Assistant entities, and whether each is
 * raised now, for their retained states.
 */
public interface AlarmStates {

    /** The alarms of the device that sent this record, in the order Home Assistant should list them. */
    List<String> alarmsOf(String device, VeDirectRecord record);

    /** Whether the device's alarm is raised now. */
    boolean raised(String device, String alarm);
}
