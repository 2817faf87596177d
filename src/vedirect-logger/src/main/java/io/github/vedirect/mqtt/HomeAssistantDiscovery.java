package io.github.vedirect.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.Unit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Home Assistant MQTT discovery for VE.Direct devices, one config per entity ("per-entity discovery", supported by
 * every HA release with MQTT discovery; device-based discovery needs 2024.11), following
 * {@code home-assistant-mqtt.md}.
 * <ul>
 *   <li>Topic {@code DISCOVERY/<component>/vedirect_<serial>/<label>/config}, retained.</li>
 *   <li>One HA device per VE.Direct device, identified by {@code vedirect_<serial>}; unique ids
 *       {@code vedirect_<serial>_<label>}. Only the serial and the label go into ids and discovery topics, never
 *       the device's name, port or cable, so they survive restarts, renames and cable moves, and the serial keeps
 *       them apart across every logger on a broker. Characters HA refuses in a topic level become {@code _}, and
 *       then a CRC32 of the serial is appended so that two serials cannot end up as one id.</li>
 *   <li>Every entity reads the device's JSON state ({@link io.github.vedirect.mqtt.StateJson}) with
 *       {@code {{ value_json.LABEL }}}, and is available while {@code PREFIX/NAME/availability} says
 *       {@code online} (and, if given, the logger's own will topic too).</li>
 *   <li>{@code expire_after} is the stale timeout: a device whose state stops arriving turns unavailable.</li>
 * </ul>
 * Only labels present in the record are announced: a template for a missing key renders an empty string, which
 * freezes the old value silently.
 */
public final class HomeAssistantDiscovery {

    public static final String MANUFACTURER = "Victron Energy";
    public static final String ORIGIN = "vedirect-camel";
    public static final String SUPPORT_URL = "https://github.com/vedirect-camel/vedirect-camel";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What HA accepts in a discovery topic's node and object levels. */
    private static final Pattern TOPIC_LEVEL = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern NOT_TOPIC_LEVEL = Pattern.compile("[^a-zA-Z0-9_-]");

    private final String discoveryPrefix;
    private final String topicPrefix;
    private final long expireAfterSeconds;
    private final String loggerAvailabilityTopic;

    /**
     * @param discoveryPrefix         HA's discovery prefix, {@code homeassistant} unless changed in HA
     * @param topicPrefix             the logger's topic prefix, {@code vedirect} by default
     * @param staleTimeout            how long a device may stay silent before it counts as gone; becomes
     *                                {@code expire_after} in whole seconds, rounded up; null or zero for none.
     *                                States must be published more often than this, even unchanged.
     * @param loggerAvailabilityTopic the topic of the logger's MQTT will, or null: when given, entities need both it
     *                                and the device's topic to say {@code online} ({@code availability_mode: all}),
     *                                so a logger that dies takes its devices' entities with it
     */
    public HomeAssistantDiscovery(String discoveryPrefix, String topicPrefix, Duration staleTimeout,
                                  String loggerAvailabilityTopic) {
        this.discoveryPrefix = DeviceTopics.checkPrefix(discoveryPrefix);
        this.topicPrefix = DeviceTopics.checkPrefix(topicPrefix);
        if (staleTimeout != null && staleTimeout.isNegative()) {
            throw new IllegalArgumentException("negative stale timeout " + staleTimeout);
        }
        this.expireAfterSeconds = staleTimeout == null ? 0
                : staleTimeout.getSeconds() + (staleTimeout.getNano() > 0 ? 1 : 0);
        this.loggerAvailabilityTopic = loggerAvailabilityTopic;
    }

    /** HA's birth topic: when it says {@code online}, send {@link #configs} again, then the states. */
    public String birthTopic() {
        return discoveryPrefix + "/status";
    }

    /** The HA device id, also the discovery node id: {@code vedirect_} and the serial made topic-safe. */
    public static String nodeId(String serial) {
        if (serial == null || serial.isBlank()) {
            throw new IllegalArgumentException("a device needs a serial (or a configured name) for its ids");
        }
        if (TOPIC_LEVEL.matcher(serial).matches()) {
            return "vedirect_" + serial;
        }
        CRC32 crc = new CRC32();
        crc.update(serial.getBytes(StandardCharsets.UTF_8));
        return "vedirect_" + NOT_TOPIC_LEVEL.matcher(serial).replaceAll("_")
                + String.format(Locale.ROOT, "_%08x", crc.getValue());
    }

    /** The discovery object id of a label: lower case; every label with an entity is topic-safe already. */
    public static String objectId(String label) {
        return NOT_TOPIC_LEVEL.matcher(label).replaceAll("_").toLowerCase(Locale.ROOT);
    }

    public static String uniqueId(String serial, String label) {
        return nodeId(serial) + "_" + objectId(label);
    }

    public String configTopic(Entity entity, String serial) {
        return discoveryPrefix + "/" + entity.component() + "/" + nodeId(serial) + "/" + objectId(entity.label())
                + "/config";
    }

    /**
     * The retained discovery configs for the entities of the labels in {@code record}.
     *
     * @param name     the logger's name of the device ({@code house}); names its topics and the HA device
     * @param product  the product name ({@code SmartSolar MPPT 75/15}), or null to take it from the record's PID
     * @param serial   the device's serial ({@code SER#}, or what the logger uses in its place)
     * @param firmware the firmware version for {@code sw_version}, or null to take it from {@code FW}/{@code FWE}
     */
    public List<Publication> configs(String name, String product, String serial, String firmware,
                                     VeDirectRecord record) {
        List<Publication> configs = new ArrayList<>();
        for (String label : record.keySet()) {
            Optional<Entity> entity = Entities.forLabel(label);
            if (entity.isPresent()) {
                configs.add(new Publication(configTopic(entity.get(), serial),
                        config(entity.get(), name, product, serial, firmware, record), true));
            }
        }
        return configs;
    }

    /** Retained empty configs that delete the entities of {@code record}'s labels (and the device once empty). */
    public List<Publication> removals(String serial, VeDirectRecord record) {
        List<Publication> removals = new ArrayList<>();
        for (String label : record.keySet()) {
            Entities.forLabel(label).ifPresent(e -> removals.add(new Publication(configTopic(e, serial), "", true)));
        }
        return removals;
    }

    /** The config of one entity as JSON, with Home Assistant's full (unabbreviated) key names. */
    public String config(Entity entity, String name, String product, String serial, String firmware,
                         VeDirectRecord record) {
        ObjectNode config = JSON.createObjectNode();
        config.put("name", entity.name());
        config.put("unique_id", uniqueId(serial, entity.label()));
        config.put("state_topic", DeviceTopics.state(topicPrefix, name));
        config.put("value_template", "{{ value_json." + entity.label() + " }}");
        putIfSet(config, "device_class", entity.deviceClass());
        putIfSet(config, "unit_of_measurement", entity.unit());
        putIfSet(config, "state_class", entity.stateClass());
        if (entity.precision() != null) {
            config.put("suggested_display_precision", entity.precision());
        }
        if (!entity.options().isEmpty()) {
            ArrayNode options = config.putArray("options");
            entity.options().forEach(options::add);
        }
        if (entity.component().equals(Entity.BINARY_SENSOR)) {
            // HA's defaults, spelled out because the state JSON is what must match them.
            config.put("payload_on", "ON");
            config.put("payload_off", "OFF");
        }
        if (entity.diagnostic()) {
            config.put("entity_category", "diagnostic");
        }
        String deviceAvailability = DeviceTopics.availability(topicPrefix, name);
        if (loggerAvailabilityTopic == null) {
            config.put("availability_topic", deviceAvailability);
        } else {
            ArrayNode availability = config.putArray("availability");
            availability.addObject().put("topic", loggerAvailabilityTopic);
            availability.addObject().put("topic", deviceAvailability);
            config.put("availability_mode", "all");
        }
        if (expireAfterSeconds > 0) {
            config.put("expire_after", expireAfterSeconds);
        }
        device(config.putObject("device"), name, product, serial, firmware, record);
        ObjectNode origin = config.putObject("origin");
        origin.put("name", ORIGIN);
        putIfSet(origin, "sw_version", HomeAssistantDiscovery.class.getPackage().getImplementationVersion());
        origin.put("support_url", SUPPORT_URL);
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * The {@code number} entity of a writable register (the charge current limit), for {@code mqtt.control}: HA sends
     * the number as plain text to {@link DeviceTopics#command}, and shows what arrives on {@link DeviceTopics#control},
     * which the logger publishes only after the device confirmed the value by a read-back. Without
     * {@code optimistic}, HA shows the device's value, not the one asked for. Range and step are the register's
     * (catalogue range, one step of its scale); no {@code expire_after}: the value is sent when it changes, not
     * with every record.
     *
     * @param control the control's topic level and object id, e.g. {@code charge_current_limit}
     */
    public Publication numberConfig(String control, String entityName, HexRegister register, String name,
                                    String product, String serial, VeDirectRecord record) {
        return controlConfig("number", control, entityName, name, product, serial, record, config -> {
            config.put("min", register.minimum());
            config.put("max", register.maximum());
            config.put("step", register.scale());
            config.put("mode", "box");
            putIfSet(config, "unit_of_measurement", register.unit().symbol());
            if (register.unit() == Unit.AMPERE) {
                config.put("device_class", "current");
            }
        });
    }

    /**
     * The {@code select} entity of a register of codes (the load output control 0xEDAB), for {@code mqtt.control}:
     * the options are the catalogue's code names; HA sends the chosen name to {@link DeviceTopics#command} and shows
     * what arrives on {@link DeviceTopics#control}, published only after the device confirmed the code by a
     * read-back. {@code entityName} carries what a user must know before choosing (for a register kept in flash:
     * how often it may change); {@code attributesTopic}, when not null, is where the longer note is.
     */
    public Publication selectConfig(String control, String entityName, HexRegister register, String name,
                                    String product, String serial, VeDirectRecord record, String attributesTopic) {
        return controlConfig("select", control, entityName, name, product, serial, record, config -> {
            // The name carries a warning, and HA would make the id from all of it: select.NAME_load_output instead
            // (HA 2025.10 and later; older ones keep the long id).
            config.put("default_entity_id", "select." + name.toLowerCase(Locale.ROOT).replace('-', '_') + "_" + control);
            ArrayNode options = config.putArray("options");
            register.codes().values().forEach(options::add);
            if (attributesTopic != null) {
                config.put("json_attributes_topic", attributesTopic);
            }
        });
    }

    /**
     * What every control entity's config holds: its command and state topics, a setting's category, availability and
     * device; {@code specifics} adds what its {@code component} (number, select) needs.
     */
    private Publication controlConfig(String component, String control, String entityName, String name, String product,
                                      String serial, VeDirectRecord record, Consumer<ObjectNode> specifics) {
        ObjectNode config = JSON.createObjectNode();
        config.put("name", entityName);
        config.put("unique_id", nodeId(serial) + "_" + control);
        config.put("command_topic", DeviceTopics.command(topicPrefix, name, control));
        config.put("state_topic", DeviceTopics.control(topicPrefix, name, control));
        specifics.accept(config);
        // A setting, not a reading: HA lists it under the device's configuration.
        config.put("entity_category", "config");
        availability(config, name);
        device(config.putObject("device"), name, product, serial, null, record);
        origin(config);
        return new Publication(discoveryPrefix + "/" + component + "/" + nodeId(serial) + "/" + control + "/config",
                json(config), true);
    }

    void availability(ObjectNode config, String name) {
        String deviceAvailability = DeviceTopics.availability(topicPrefix, name);
        if (loggerAvailabilityTopic == null) {
            config.put("availability_topic", deviceAvailability);
        } else {
            ArrayNode availability = config.putArray("availability");
            availability.addObject().put("topic", loggerAvailabilityTopic);
            availability.addObject().put("topic", deviceAvailability);
            config.put("availability_mode", "all");
        }
    }

    static void origin(ObjectNode config) {
        ObjectNode origin = config.putObject("origin");
        origin.put("name", ORIGIN);
        putIfSet(origin, "sw_version", HomeAssistantDiscovery.class.getPackage().getImplementationVersion());
        origin.put("support_url", SUPPORT_URL);
    }

    static String json(ObjectNode config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    // The full block in every config: HA takes the device's details from whichever config it reads first.
    static void device(ObjectNode device, String name, String product, String serial, String firmware,
                               VeDirectRecord record) {
        device.putArray("identifiers").add(nodeId(serial));
        device.put("name", name);
        device.put("manufacturer", MANUFACTURER);
        FieldValue pid = record.typed("PID");
        String model = product != null ? product : pid instanceof FieldValue.Product p ? p.name() : null;
        putIfSet(device, "model", model);
        if (pid instanceof FieldValue.Product p) {
            device.put("model_id", String.format(Locale.ROOT, "0x%04X", p.id()));
        }
        device.put("serial_number", serial);
        putIfSet(device, "sw_version", firmware != null ? firmware : recordFirmware(record));
    }

    private static String recordFirmware(VeDirectRecord record) {
        for (String label : List.of("FWE", "FW")) {
            if (record.typed(label) instanceof FieldValue.Firmware f) {
                return f.version();
            }
        }
        return null;
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(key, value);
        }
    }
}
