package io.github.vedirect.mqtt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The devices MQTT has seen, by name, in the order they first delivered a record. */
final class DeviceStates {

    private final Map<String, DeviceState> byName = new LinkedHashMap<>();

    synchronized DeviceState of(String name) {
        return byName.computeIfAbsent(name, DeviceState::new);
    }

    /** @return null when the device has delivered no record yet */
    synchronized DeviceState get(String name) {
        return byName.get(name);
    }

    synchronized List<DeviceState> all() {
        return List.copyOf(byName.values());
    }
}
