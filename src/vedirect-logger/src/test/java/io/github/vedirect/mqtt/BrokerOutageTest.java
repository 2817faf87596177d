package io.github.vedirect.mqtt;

import io.github.vedirect.Await;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.identity.DeviceHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MqttConnection} against a real Mosquitto of the test's own, stopped and started on 127.0.0.1: down when the
 * destination starts (the connection's own first-connect retry), then gone and back after a first connect (Paho's
 * automatic reconnect). Each outage is one warning and one "reachable again" line, the logger's availability is
 * {@code online} again on the returned broker (which kept nothing: no persistence) and the device's newest state is
 * sent again, without a new record.
 */
class BrokerOutageTest {

    /** Paho's reconnect waits at most {@link MqttConnection#RETRY_MAX}, then a connect of up to 5 s; three times that. */
    private static final Duration RETURN_LIMIT = MqttConnection.RETRY_MAX.plusSeconds(5).multipliedBy(3);

    @TempDir
    Path dir;

    private final String prefix = "vedirect/outage" + System.currentTimeMillis();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<String> infos = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String line = record.getMessage();
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line = line.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(parameter)));
                }
            }
            (record.getLevel().intValue() >= Level.WARNING.intValue() ? warnings : infos).add(line);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger mqttLog = Logger.getLogger("io.github.vedirect.mqtt");
    private Process broker;
    private CamelContext camel;
    private RecordingSubscriber homeAssistant;

    @AfterEach
    void stopAll() throws Exception {
        mqttLog.removeHandler(capture);
        if (camel != null) {
            camel.stop();
        }
        if (homeAssistant != null) {
            homeAssistant.close();
        }
        stopBroker();
    }

    @Test
    void theBrokerDownAtStartAndLostLaterIsOneWarningEachAndTheNewestStateAgainWhenItReturns() throws Exception {
        Servers.mqtt(); // Mosquitto is installed where the shared broker runs; skipped without it, as the others.
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        String url = "tcp://127.0.0.1:" + port;
        mqttLog.addHandler(capture);

        camel = new DefaultCamelContext();
        camel.start();
        MqttDestination mqtt = new MqttDestination(new MqttSettings(URI.create(url), "", "", prefix, "", 1),
                Duration.ofMillis(500), name -> null, name -> Duration.ofSeconds(2));
        camel.addService(mqtt);
        Device device = CaptureDevices.all().get(0);
        mqtt.publish(record(device));

        // Down at start: one warning, then the connection's own retries.
        Await.until("the warning of the broker down at start", Duration.ofSeconds(15), () -> warnings.size() == 1);
        assertTrue(warnings.get(0).contains("MQTT broker " + url + " unreachable"), warnings.toString());
        assertNotNull(mqtt.problem());

        startBroker(conf, port);
        RecordingSubscriber received = subscribe(url);
        Await.until("online and the state on the broker that came up", RETURN_LIMIT,
                () -> received.has(DeviceTopics.state(prefix, "default")) && received.has(prefix + "/availability"));
        assertEquals("online", received.last(prefix + "/availability"));
        Await.until("the end of the first outage", Duration.ofSeconds(5), () -> count(infos, "reachable again") == 1);
        assertNull(mqtt.problem());
        assertEquals(1, warnings.size(), "one warning for the first outage: " + warnings);

        // Lost after a first connect: Paho's automatic reconnect, on a broker that comes back empty.
        homeAssistant.close();
        stopBroker();
        Await.until("the warning of the lost connection", Duration.ofSeconds(15), () -> warnings.size() == 2);
        assertTrue(warnings.get(1).contains("connection lost"), warnings.toString());

        startBroker(conf, port);
        long back = System.nanoTime();
        RecordingSubscriber again = subscribe(url);
        Await.until("online and the newest state again on the returned broker", RETURN_LIMIT,
                () -> again.has(DeviceTopics.state(prefix, "default")) && "online".equals(again.last(prefix + "/availability")));
        System.out.printf("MQTT state again %d ms after the broker's return (Paho's reconnect)%n",
                Duration.ofNanos(System.nanoTime() - back).toMillis());
        Await.until("the end of the second outage", Duration.ofSeconds(5), () -> count(infos, "reachable again") == 2);
        assertEquals(2, warnings.size(), "one warning per outage: " + warnings);

        // Its thread is Camel's (ExecutorServiceManager), named for it, and goes with the context.
        assertTrue(threadNames().stream().anyMatch(n -> n.startsWith("Camel (") && n.endsWith(" - mqtt")), threadNames().toString());
        camel.stop();
        Await.until("the mqtt thread ended", Duration.ofSeconds(5), () -> threadNames().stream().noneMatch(n -> n.endsWith(" - mqtt")));
        camel = null;
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    private Exchange record(Device device) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(DeviceHeaders.NAME, "default");
        exchange.getIn().setHeader(DeviceHeaders.PRODUCT, device.product());
        exchange.getIn().setHeader(DeviceHeaders.SERIAL, device.serial());
        exchange.getIn().setBody(device.joined());
        return exchange;
    }

    private RecordingSubscriber subscribe(String url) throws Exception {
        if (homeAssistant != null) {
            homeAssistant.close();
        }
        homeAssistant = new RecordingSubscriber(url, prefix + "/#");
        return homeAssistant;
    }

    private static long count(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).count();
    }

    private void startBroker(Path conf, int port) throws Exception {
        broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(conf.resolveSibling("mosquitto.log").toFile()).start();
        Await.until("mosquitto on " + port, Duration.ofSeconds(10), () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor();
            broker = null;
        }
    }
}
