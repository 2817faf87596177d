package io.github.vedirect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.protocol.FieldCatalogue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

class HomeAssistantDiscoveryTest {

    /**
     * Home Assistant's rules per sensor device class, from home-assistant-mqtt.md section 3 (HA core
     * {@code DEVICE_CLASS_UNITS} / {@code DEVICE_CLASS_STATE_CLASSES}). Units are the ones the older releases
     * already accept. This table is the spec: a config outside it is rejected (unit, since 2025.7) or warned
     * about (state class) by HA.
     */
    private record Rule(Set<String> units, Set<String> stateClasses) {
    }

    private static final Map<String, Rule> SENSOR_RULES = Map.of(
            "voltage", new Rule(Set.of("V", "mV"), Set.of("measurement")),
            "current", new Rule(Set.of("A", "mA"), Set.of("measurement")),
            "power", new Rule(Set.of("W", "kW"), Set.of("measurement")),
            "energy", new Rule(Set.of("Wh", "kWh", "MWh", "MJ", "GJ"), Set.of("total", "total_increasing")),
            "battery", new Rule(Set.of("%"), Set.of("measurement")),
            "duration", new Rule(Set.of("d", "h", "min", "s", "ms"), Set.of("measurement", "total", "total_increasing")),
            "temperature", new Rule(Set.of("°C", "°F", "K"), Set.of("measurement")),
            "apparent_power", new Rule(Set.of("VA"), Set.of("measurement")),
            "frequency", new Rule(Set.of("Hz", "kHz", "MHz", "GHz"), Set.of("measurement")));

    /** Section 4: the binary-sensor classes the logger's fields map to (null: no class). */
    private static final Set<String> BINARY_CLASSES = Set.of("problem", "power");

    /** Section 3, field by field: what the issue names, so a wrong mapping of these fails by name. */
    private record Expected(String component, String deviceClass, String unit, String stateClass) {
    }

    private static final Map<String, Expected> NAMED_FIELDS = Map.ofEntries(
            Map.entry("V", new Expected("sensor", "voltage", "V", "measurement")),
            Map.entry("VPV", new Expected("sensor", "voltage", "V", "measurement")),
            Map.entry("I", new Expected("sensor", "current", "A", "measurement")),
            Map.entry("P", new Expected("sensor", "power", "W", "measurement")),
            Map.entry("PPV", new Expected("sensor", "power", "W", "measurement")),
            Map.entry("SOC", new Expected("sensor", "battery", "%", "measurement")),
            Map.entry("CE", new Expected("sensor", null, "Ah", "measurement")),
            Map.entry("TTG", new Expected("sensor", "duration", "min", "measurement")),
            Map.entry("T", new Expected("sensor", "temperature", "°C", "measurement")),
            Map.entry("H19", new Expected("sensor", "energy", "kWh", "total_increasing")),
            Map.entry("H20", new Expected("sensor", "energy", "kWh", "total_increasing")),
            Map.entry("H22", new Expected("sensor", "energy", "kWh", null)),
            Map.entry("CS", new Expected("sensor", "enum", null, null)),
            Map.entry("ERR", new Expected("sensor", "enum", null, null)),
            Map.entry("Relay", new Expected("binary_sensor", null, null, null)),
            Map.entry("Alarm", new Expected("binary_sensor", "problem", null, null)),
            Map.entry("LOAD", new Expected("binary_sensor", "power", null, null)));

    private static final Pattern CONFIG_TOPIC =
            Pattern.compile("homeassistant/(sensor|binary_sensor)/[a-zA-Z0-9_-]+/[a-zA-Z0-9_-]+/config");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STALE = Duration.ofMillis(20_500);

    private final HomeAssistantDiscovery discovery = new HomeAssistantDiscovery("homeassistant", "vedirect", STALE, null);

    @Test
    void everyConfigOfEveryCaptureAndOfEveryLabelKeepsHomeAssistantsRules() throws Exception {
        List<Device> devices = new ArrayList<>(CaptureDevices.all());
        devices.add(new Device("synthetic", "all", "SmartSolar MPPT 75/15", "HQ1942K7LJ8", "1.56", List.of(),
                CaptureDevices.everyLabel()));
        int checked = 0;
        for (Device device : devices) {
            JsonNode state = JSON.readTree(StateJson.of(device.joined()));
            for (Publication p : discovery.configs(device.name(), device.product(), device.serial(), device.firmware(),
                    device.joined())) {
                check(device, p, JSON.readTree(p.payload()), state);
                checked++;
            }
        }
        // Every entity at least once, through the synthetic record.
        assertTrue(checked >= Entities.all().size(), "configs checked: " + checked);
    }

    private void check(Device device, Publication p, JsonNode config, JsonNode state) {
        String where = device + " " + p.topic() + ": " + p.payload();
        assertTrue(CONFIG_TOPIC.matcher(p.topic()).matches(), "illegal discovery topic " + where);
        assertTrue(p.retained(), where);
        String component = p.topic().split("/")[1];
        String deviceClass = text(config, "device_class");
        String unit = text(config, "unit_of_measurement");
        String stateClass = text(config, "state_class");
        String label = ValueTemplate.key(config.get("value_template").asText());
        String value = ValueTemplate.render(config.get("value_template").asText(), state);
        assertNotEquals("", value, "template reads a key the state lacks " + where);

        if (component.equals("binary_sensor")) {
            assertTrue(deviceClass == null || BINARY_CLASSES.contains(deviceClass), where);
            assertNull(unit, where);
            assertNull(stateClass, where);
            assertEquals("ON", config.get("payload_on").asText(), where);
            assertEquals("OFF", config.get("payload_off").asText(), where);
            assertTrue(Set.of("ON", "OFF", "None").contains(value), "binary state " + value + " " + where);
        } else if ("enum".equals(deviceClass)) {
            assertNull(unit, "enum with a unit is rejected " + where);
            assertNull(stateClass, "enum with a state class is rejected " + where);
            List<String> options = new ArrayList<>();
            config.get("options").forEach(o -> options.add(o.asText()));
            assertFalse(options.isEmpty(), where);
            assertEquals(options.size(), new HashSet<>(options).size(), "duplicate options " + where);
            assertTrue(value.equals("None") || options.contains(value), "state " + value + " not in options " + where);
        } else {
            assertFalse(config.has("options"), where);
            if (deviceClass != null) {
                Rule rule = SENSOR_RULES.get(deviceClass);
                if (rule == null) {
                    fail("device class outside the table " + where);
                }
                assertTrue(rule.units().contains(unit), "unit " + unit + " for " + deviceClass + " " + where);
                assertTrue(stateClass == null || rule.stateClasses().contains(stateClass),
                        "state class " + stateClass + " for " + deviceClass + " " + where);
            } else {
                // HA has no class for charge: Ah is sent classless, and a class-less unit is free.
                assertFalse("Ah".equals(unit) && deviceClass != null, where);
            }
            if (unit != null || stateClass != null || deviceClass != null) {
                // Numeric entity: the state must be a number or None, never "---" or "infinite".
                assertTrue(value.equals("None") || value.matches("-?[0-9]+(\\.[0-9]+)?"), "state " + value + " " + where);
            }
        }
        Expected expected = NAMED_FIELDS.get(label);
        if (expected != null) {
            assertEquals(expected, new Expected(component, deviceClass, unit, stateClass), where);
        }
        assertEquals(HomeAssistantDiscovery.uniqueId(device.serial(), label), config.get("unique_id").asText());
        assertEquals("vedirect/" + device.name() + "/state", config.get("state_topic").asText(), where);
        assertEquals("vedirect/" + device.name() + "/availability", config.get("availability_topic").asText(), where);
        assertEquals(21, config.get("expire_after").asLong(), "20.5 s rounds up " + where);
        JsonNode dev = config.get("device");
        assertEquals(HomeAssistantDiscovery.nodeId(device.serial()), dev.get("identifiers").get(0).asText(), where);
        assertEquals("Victron Energy", dev.get("manufacturer").asText(), where);
        assertEquals(device.product(), dev.get("model").asText(), where);
        assertEquals(device.serial(), dev.get("serial_number").asText(), where);
        assertEquals(device.firmware(), text(dev, "sw_version"), where);
        assertEquals(device.name(), dev.get("name").asText(), where);
        assertFalse(config.get("name").asText().contains(device.name()), "the device name is not repeated " + where);
        assertEquals("vedirect-camel", config.get("origin").get("name").asText(), where);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Test
    void uniqueIdsFollowTheSerialNotTheNameAndNeverCollideAcrossDevices() throws Exception {
        VeDirectRecord record = CaptureDevices.everyLabel();
        Set<String> first = ids(discovery.configs("house", "BMV-712 Smart", "HQ2110ABCDE", null, record));
        // The same device on another port, renamed, after a restart, behind another logger with another prefix.
        HomeAssistantDiscovery otherLogger = new HomeAssistantDiscovery("homeassistant", "vedirect/boat", STALE, null);
        Set<String> moved = ids(otherLogger.configs("shunt", "BMV-712 Smart", "HQ2110ABCDE", "4.08", record));
        assertEquals(first, moved);
        Set<String> topicsFirst = discovery.configs("house", null, "HQ2110ABCDE", null, record).stream()
                .map(Publication::topic).collect(Collectors.toSet());
        Set<String> topicsMoved = otherLogger.configs("shunt", null, "HQ2110ABCDE", null, record).stream()
                .map(Publication::topic).collect(Collectors.toSet());
        assertEquals(topicsFirst, topicsMoved, "discovery ids must not move either");

        Set<String> all = new HashSet<>();
        int total = 0;
        // Serials that a topic-safe rewrite alone would merge ("a.b" and "a_b") must still differ.
        for (String serial : List.of("HQ2110ABCDE", "HQ2110ABCDF", "a.b", "a_b", "a b", "house/left", "HQ2110abcde")) {
            Set<String> ids = ids(discovery.configs("n", null, serial, null, record));
            total += ids.size();
            all.addAll(ids);
            for (String id : ids) {
                assertTrue(id.matches("[a-zA-Z0-9_-]+"), id);
            }
        }
        assertEquals(total, all.size(), "unique ids collide across devices");
    }

    private static Set<String> ids(List<Publication> configs) throws Exception {
        Set<String> ids = new HashSet<>();
        for (Publication p : configs) {
            assertTrue(ids.add(JSON.readTree(p.payload()).get("unique_id").asText()), "duplicate within a device");
        }
        return ids;
    }

    @Test
    void onlyLabelsTheDeviceSendsAreAnnouncedAndEveryCatalogueLabelIsAnEntityOrPartOfTheDevice() {
        VeDirectRecord mppt = new VeDirectRecord(Map.of("PID", "0xA053", "V", 12815L, "CS", 3L, "LOAD", "ON"));
        Set<String> topics = discovery.configs("mppt", null, "HQ1", null, mppt).stream().map(Publication::topic)
                .collect(Collectors.toSet());
        assertEquals(Set.of("homeassistant/sensor/vedirect_HQ1/v/config", "homeassistant/sensor/vedirect_HQ1/cs/config",
                "homeassistant/binary_sensor/vedirect_HQ1/load/config"), topics);
        for (String label : FieldCatalogue.labels()) {
            assertTrue(Entities.forLabel(label).isPresent() ^ Entities.DEVICE_LABELS.contains(label), label);
        }
    }

    @Test
    void theLoggersWillJoinsTheDeviceAvailabilityAndRemovalsEmptyEveryConfig() throws Exception {
        HomeAssistantDiscovery withWill = new HomeAssistantDiscovery("ha", "vedirect/site1", null, "vedirect/site1/logger");
        VeDirectRecord record = new VeDirectRecord(Map.of("PID", "0xA053", "FW", "156", "V", 12815L));
        Publication config = withWill.configs("house", null, "HQ1", null, record).stream()
                .filter(c -> c.topic().endsWith("/v/config")).findFirst().orElseThrow();
        JsonNode json = JSON.readTree(config.payload());
        assertEquals("ha/sensor/vedirect_HQ1/v/config", config.topic());
        assertFalse(json.has("availability_topic"), "HA refuses both availability forms together");
        assertEquals("all", json.get("availability_mode").asText());
        assertEquals("vedirect/site1/logger", json.get("availability").get(0).get("topic").asText());
        assertEquals("vedirect/site1/house/availability", json.get("availability").get(1).get("topic").asText());
        assertFalse(json.has("expire_after"), "no stale timeout, no expiry");
        assertEquals("SmartSolar MPPT 75/15", json.get("device").get("model").asText(), "model from the PID");
        assertEquals("0xA053", json.get("device").get("model_id").asText());
        assertEquals("1.56", json.get("device").get("sw_version").asText(), "firmware from FW");
        assertEquals("ha/status", withWill.birthTopic());

        List<Publication> removals = withWill.removals("HQ1", record);
        assertEquals(withWill.configs("house", null, "HQ1", null, record).stream().map(Publication::topic).toList(),
                removals.stream().map(Publication::topic).toList());
        assertTrue(removals.stream().allMatch(r -> r.retained() && r.payload().isEmpty()));
    }
}
