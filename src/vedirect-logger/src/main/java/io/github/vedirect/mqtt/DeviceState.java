package io.github.vedirect.mqtt;

import io.github.vedirect.component.VeDirectRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What MQTT keeps of one device: its newest record, to send again after a reconnect or a Home Assistant restart, and
 * what was announced of it on the current connection.
 */
final class DeviceState {

    final String name;
    volatile VeDirectRecord record;
    volatile String product;
    /** The serial that makes its Home Assistant ids ({@link StatePublisher#idSerial}). */
    volatile String idSerial;
    volatile Instant receivedAt;
    volatile Duration staleTimeout;
    /** Whether its availability topic says {@code online} on this connection. */
    volatile boolean online;
    /** The labels whose discovery configs were sent on this connection. */
    volatile Set<String> announced = Set.of();
    /** The alarms whose discovery configs and states were sent on this connection. */
    volatile Set<String> alarmsAnnounced = Set.of();
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

    /** A new connection may be a new broker, or Home Assistant restarted: everything is announced again. */
    void forgetAnnounced() {
        announced = Set.of();
        alarmsAnnounced = Set.of();
        controlsAnnounced.clear();
        online = false;
    }
}
