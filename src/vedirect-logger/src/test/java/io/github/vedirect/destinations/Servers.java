package io.github.vedirect.destinations;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The real servers the destination tests use, started by {@code .ci/services.sh}: an MQTT broker
 * ({@code -Dmqtt.test.url}, default {@value #MQTT_DEFAULT}) and an InfluxDB-compatible server
 * ({@code -Dinflux.test.url}, default {@value #INFLUX_DEFAULT}). On a developer's machine a test whose server does
 * not answer is skipped, and says so loudly on stderr; under CI (environment variable CI=true), where .ci/run has
 * started the servers, it fails instead, so that a missing server can never pass as a green build.
 */
public final class Servers {

    public static final String MQTT_DEFAULT = "tcp://127.0.0.1:18830";
    public static final String INFLUX_DEFAULT = "http://127.0.0.1:18428";

    private Servers() {
    }

    public static String mqtt() {
        String url = System.getProperty("mqtt.test.url", MQTT_DEFAULT);
        assumeReachable("MQTT broker (mqtt.test.url)", URI.create(url));
        return url;
    }

    public static String influx() {
        String url = System.getProperty("influx.test.url", INFLUX_DEFAULT);
        assumeReachable("InfluxDB-compatible server (influx.test.url)", URI.create(url));
        return url.replaceAll("/+$", "");
    }

    private static void assumeReachable(String what, URI uri) {
        String problem = null;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        } catch (IOException e) {
            problem = e.toString();
        }
        if (problem != null) {
            String message = "SKIPPED: no " + what + " at " + uri + " (" + problem
                    + "); start one with .ci/services.sh";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            System.err.println("\n!!!!!!!! " + message + " !!!!!!!!\n");
            Assumptions.abort(message);
        }
    }
}
