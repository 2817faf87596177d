package io.github.vedirect.mqtt;

import io.github.vedirect.Await;
import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectRecord;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A record that comes while a new connection's own work is still going out (the logger's {@code online}, its
 * subscriptions, then the resend of every device) goes out once, with that resend: a CI run under load saw the
 * device's {@code online} twice on one connection, once for the record and once more for the resend.
 *
 * <p>The window is made wide and certain by a link between the logger and the shared Mosquitto that passes the
 * broker's CONNACK and then holds everything else the broker sends (the ack of the logger's {@code online}) until the
 * test lets it go; what the logger sends goes straight through.
 */
class ConnectResendTest {

    private static final Duration LIMIT = Duration.ofSeconds(15);

    private final String prefix = "vedirect/resend" + System.nanoTime();
    private CamelContext camel;
    private RecordingSubscriber received;
    private HeldLink link;

    @AfterEach
    void stopAll() throws Exception {
        if (link != null) {
            link.release();
        }
        if (camel != null) {
            camel.stop();
        }
        if (received != null) {
            received.close();
        }
        if (link != null) {
            link.close();
        }
    }

    @Test
    void aRecordDuringTheConnectsOwnWorkGoesOutOnceWithTheResend() throws Exception {
        String broker = Servers.mqtt();
        received = new RecordingSubscriber(broker, prefix + "/#");
        link = new HeldLink(URI.create(broker));
        camel = new DefaultCamelContext();
        camel.start();
        MqttDestination mqtt = new MqttDestination(new MqttSettings(URI.create(link.url()), "", "", prefix, "", 1),
                Duration.ofMillis(500), name -> null, name -> Duration.ofSeconds(2));
        camel.addService(mqtt);

        // Connected, and the logger's online is at the broker; its ack is held, so the connect's work waits there.
        Await.until("the logger's online at the broker", LIMIT, () -> "online".equals(received.last(prefix + "/availability")));
        List<Device> devices = CaptureDevices.all();
        Exchange first = record(devices.get(0), Instant.parse("2026-12-06T10:00:00Z"));
        CompletableFuture<Void> published = CompletableFuture.runAsync(() -> mqtt.publish(first));
        String availability = DeviceTopics.availability(prefix, "default");
        // Either the record waits for the resend (publish returns at once), or it went out now: the test does not
        // assume which, so that the logger before this fix fails here on what it sends, not on a timeout.
        Await.until("the record handled", LIMIT, () -> published.isDone() || received.has(availability));
        link.release();
        published.get();

        String state = DeviceTopics.state(prefix, "default");
        Await.until("the device's state after the connect", LIMIT, () -> received.has(state));
        // A second record after the resend: when its state is at the subscriber, so is everything sent before it
        // (one client's messages arrive in order).
        Exchange second = record(devices.get(1), Instant.parse("2026-12-06T10:00:01Z"));
        mqtt.publish(second);
        String secondState = StateJson.of(second.getIn().getBody(VeDirectRecord.class), Instant.parse("2026-12-06T10:00:01Z"));
        Await.until("the second record's state", LIMIT, () -> received.messages(state).contains(secondState));

        assertEquals(List.of("online"), received.messages(availability), "the device's availability on one connection");
        assertEquals(List.of(StateJson.of(first.getIn().getBody(VeDirectRecord.class), Instant.parse("2026-12-06T10:00:00Z")),
                secondState), received.messages(state), "each record's state once");
    }

    private Exchange record(Device device, Instant at) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(DeviceHeaders.NAME, "default");
        exchange.getIn().setHeader(DeviceHeaders.PRODUCT, device.product());
        exchange.getIn().setHeader(DeviceHeaders.SERIAL, device.serial());
        exchange.getIn().setHeader(VeDirectConstants.RECEIVED_AT, at);
        exchange.getIn().setBody(device.joined());
        return exchange;
    }

    /**
     * One client's TCP link to the broker: client to broker straight through; broker to client the first MQTT packet
     * (CONNACK), then nothing until {@link #release}.
     */
    private static final class HeldLink implements AutoCloseable {

        private final ServerSocket server;
        private final URI broker;
        private final CountDownLatch released = new CountDownLatch(1);
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        HeldLink(URI broker) throws IOException {
            this.broker = broker;
            this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "held-link");
            accept.setDaemon(true);
            accept.start();
        }

        String url() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        void release() {
            released.countDown();
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = server.accept();
                    Socket upstream = new Socket(broker.getHost(), broker.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    pump("held-link-up", () -> copy(client.getInputStream(), upstream.getOutputStream()));
                    pump("held-link-down", () -> {
                        InputStream in = upstream.getInputStream();
                        OutputStream out = client.getOutputStream();
                        passOnePacket(in, out);
                        released.await();
                        copy(in, out);
                    });
                }
            } catch (IOException e) {
                // Closed by the test.
            }
        }

        /** The fixed header (type, then the remaining length in 1-4 bytes of 7 bits), then that many bytes. */
        private static void passOnePacket(InputStream in, OutputStream out) throws IOException {
            out.write(readByte(in));
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int digit = readByte(in);
                out.write(digit);
                length |= (digit & 0x7f) << shift;
                if ((digit & 0x80) == 0) {
                    break;
                }
            }
            out.write(in.readNBytes(length));
            out.flush();
        }

        private static int readByte(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            return b;
        }

        private static void copy(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }

        private interface Pump {
            void run() throws Exception;
        }

        private static void pump(String name, Pump pump) {
            Thread thread = new Thread(() -> {
                try {
                    pump.run();
                } catch (Exception e) {
                    // The link closed, or the test ended.
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
