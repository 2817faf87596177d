package io.github.vedirect.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.destinations.Servers;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The discovery configs, states and availability of real captures through a real broker (Debian's Mosquitto in
 * CI), with the Eclipse Paho MQTT 5 client that camel-paho-mqtt5 uses: what a Home Assistant subscribed to
 * the discovery prefix (a per-run one here) receives is retained, well-formed, and each config's template finds its value in the
 * state that arrives on its state topic. The logger's will turns its availability {@code offline} when its
 * connection dies without a goodbye.
 */
class DiscoveryBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(String payload, boolean retained) {
    }

    @Test
    void homeAssistantReceivesRetainedConfigsWhoseTemplatesReadThePublishedState() throws Exception {
        String broker = Servers.mqtt();
        // Per-run prefixes for the states and the discovery configs: the broker is shared with other test runs,
        // and a config topic is named after the serial alone, so a parallel run of this test published (and cleared)
        // the same config topics with its own state topics in them.
        String run = "t" + System.currentTimeMillis() + "-" + ProcessHandle.current().pid();
        String prefix = "vedirect/" + run;
        String discoveryPrefix = "homeassistant-" + run;
        String loggerTopic = prefix + "/logger";
        HomeAssistantDiscovery discovery = new HomeAssistantDiscovery(discoveryPrefix, prefix, Duration.ofSeconds(30),
                loggerTopic);
        // One device per serial: two captures of one emulated MPPT share a serial, and so would share entities.
        Map<String, Device> bySerial = new LinkedHashMap<>();
        CaptureDevices.all().stream().filter(d -> d.joined().containsKey("SER#") || d.joined().containsKey("SOC"))
                .forEach(d -> bySerial.putIfAbsent(d.serial(), d));
        List<Device> devices = List.copyOf(bySerial.values());
        assertTrue(devices.size() >= 2, "an MPPT and a battery monitor at least");

        List<Publication> sent = new ArrayList<>();
        for (Device device : devices) {
            sent.add(new Publication(DeviceTopics.availability(prefix, device.name()), DeviceTopics.ONLINE, true));
            sent.addAll(discovery.configs(device.name(), device.product(), device.serial(), device.firmware(), device.joined()));
            sent.add(new Publication(DeviceTopics.state(prefix, device.name()),
                    StateJson.of(device.joined(), Instant.now()), true));
        }

        MqttClient logger = client(broker, "vedirect-test-logger");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setWill(loggerTopic, message(DeviceTopics.OFFLINE, true));
        logger.connect(options);
        InFlightWindow.publish(logger, loggerTopic, message(DeviceTopics.ONLINE, true));
        for (Publication p : sent) {
            InFlightWindow.publish(logger, p.topic(), message(p.payload(), p.retained()));
        }

        // Home Assistant comes later: it sees what was retained.
        Map<String, Received> received = new ConcurrentHashMap<>();
        MqttClient homeAssistant = client(broker, "vedirect-test-ha");
        homeAssistant.connect();
        MqttSubscription[] subscriptions = {new MqttSubscription(discoveryPrefix + "/#", 1), new MqttSubscription(prefix + "/#", 1)};
        for (MqttSubscription s : subscriptions) {
            // Live messages keep the publisher's retain flag too, so the flag is checked on both paths.
            s.setRetainAsPublished(true);
        }
        IMqttMessageListener listener = (topic, m) ->
                received.put(topic, new Received(new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained()));
        homeAssistant.subscribe(subscriptions, new IMqttMessageListener[] {listener, listener});
        try {
            awaitAll(received, sent.stream().map(Publication::topic).toList());
            for (Publication p : sent) {
                Received r = received.get(p.topic());
                assertEquals(p.payload(), r.payload(), p.topic());
                assertTrue(r.retained(), "not retained: " + p.topic());
            }
            assertEquals(DeviceTopics.ONLINE, received.get(loggerTopic).payload());

            int templates = 0;
            for (Publication p : sent) {
                if (!p.topic().startsWith(discoveryPrefix + "/")) {
                    continue;
                }
                JsonNode config = JSON.readTree(received.get(p.topic()).payload());
                JsonNode state = JSON.readTree(received.get(config.get("state_topic").asText()).payload());
                String value = ValueTemplate.render(config.get("value_template").asText(), state);
                assertNotEquals("", value, p.topic());
                if (p.topic().startsWith(discoveryPrefix + "/binary_sensor/")) {
                    assertTrue(value.equals(config.get("payload_on").asText()) || value.equals(config.get("payload_off").asText()),
                            p.topic() + " " + value);
                } else if (config.has("options")) {
                    assertTrue(config.get("options").toString().contains("\"" + value + "\""), p.topic() + " " + value);
                } else if (config.has("unit_of_measurement") || config.has("state_class")) {
                    assertTrue(value.equals("None") || value.matches("-?[0-9]+(\\.[0-9]+)?"), p.topic() + " " + value);
                }
                for (JsonNode availability : config.get("availability")) {
                    assertEquals(DeviceTopics.ONLINE, received.get(availability.get("topic").asText()).payload(), p.topic());
                }
                templates++;
            }
            assertTrue(templates > 20, "configs checked: " + templates);

            // The logger's connection dies without DISCONNECT: the broker publishes its will.
            received.remove(loggerTopic);
            logger.disconnectForcibly(0, 1000, false);
            awaitAll(received, List.of(loggerTopic));
            assertEquals(new Received(DeviceTopics.OFFLINE, true), received.get(loggerTopic));
            System.out.println("MQTT: " + sent.size() + " messages, " + templates + " discovery templates checked through " + broker);
        } finally {
            if (logger.isConnected()) {
                // Only when the test failed before the forced disconnect; first, so its will is cleared below.
                logger.disconnectForcibly(0, 1000, false);
            }
            try {
                logger.close(true);
            } catch (org.eclipse.paho.mqttv5.common.MqttException alreadyGone) {
                // A forcibly disconnected Paho client may refuse close(); its socket is gone either way.
            }
            // Leave no retained configs, states or wills behind on a shared broker.
            MqttClient cleaner = client(broker, "vedirect-test-cleaner");
            cleaner.connect();
            for (Publication p : sent) {
                InFlightWindow.publish(cleaner, p.topic(), message("", true));
            }
            InFlightWindow.publish(cleaner, loggerTopic, message("", true));
            cleaner.disconnect();
            cleaner.close();
            homeAssistant.disconnect();
            homeAssistant.close();
        }
    }

    private static MqttClient client(String broker, String id) throws Exception {
        return new MqttClient(broker, id + "-" + ProcessHandle.current().pid(), new MemoryPersistence());
    }

    private static MqttMessage message(String payload, boolean retained) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(retained);
        return message;
    }

    private static void awaitAll(Map<String, Received> received, List<String> topics) throws InterruptedException {
        Predicate<String> missing = t -> !received.containsKey(t);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (topics.stream().anyMatch(missing) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> absent = topics.stream().filter(missing).toList();
        assertTrue(absent.isEmpty(), "never received: " + absent);
    }
}
