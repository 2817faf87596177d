package io.github.vedirect.mqtt;

import java.util.List;
import java.util.Objects;

/**
 * How Home Assistant shows one VE.Direct label: as a {@code sensor} or a {@code binary_sensor}, with which name,
 * device class, unit and state class. Built by {@link Entities}; read by {@link HomeAssistantDiscovery}.
 *
 * @param label        the VE.Direct label, exactly as on the wire
 * @param component    the MQTT platform, {@code sensor} or {@code binary_sensor}
 * @param name         the entity part of the friendly name (Home Assistant puts the device name before it)
 * @param deviceClass  Home Assistant's device class, or null where none fits (consumed Ah, counters, text)
 * @param unit         {@code unit_of_measurement}, or null for none (enumerations, counters, text)
 * @param stateClass   {@code measurement}, {@code total}, {@code total_increasing}, or null for none
 * @param precision    {@code suggested_display_precision}, or null
 * @param diagnostic   whether the entity is a diagnostic one (history, reasons), hidden from default dashboards
 * @param options      the names an {@code enum} sensor can show; empty for any other entity
 */
public record Entity(String label, String component, String name, String deviceClass, String unit, String stateClass,
                     Integer precision, boolean diagnostic, List<String> options) {

    public static final String SENSOR = "sensor";
    public static final String BINARY_SENSOR = "binary_sensor";

    public Entity {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
    }
}
