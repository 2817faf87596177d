package io.github.vedirect.mqtt;

import io.github.vedirect.Await;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Mosquitto of a test's own on 127.0.0.1 and a free port, which the test may stop and start again: with
 * {@code persistence true} in a folder of the test, so that a restart keeps persistent sessions and their queued
 * messages, as a site's or a central broker does. Skipped where {@code mosquitto} is not installed (failed under CI,
 * where it is).
 */
public final class OwnBroker implements AutoCloseable {

    private final Path folder;
    private final Path config;
    private final int port;
    private Process process;

    public OwnBroker(Path folder) throws IOException {
        assumeInstalled();
        this.folder = folder;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = Files.createDirectories(folder.resolve("data"));
        config = folder.resolve("mosquitto.conf");
        // Started as root, Mosquitto becomes the user "mosquitto", which cannot write the test's folder: stay who we are.
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\nuser " + System.getProperty("user.name")
                + "\npersistence true\npersistence_location " + data + "/\n");
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public void start() throws Exception {
        process = new ProcessBuilder("mosquitto", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("mosquitto.log").toFile())).start();
        Await.until("mosquitto on " + port, Duration.ofSeconds(10), () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGTERM: Mosquitto writes its persistence file (the sessions and their queued messages) as it stops. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void assumeInstalled() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "mosquitto"))) {
                return;
            }
        }
        String message = "SKIPPED: no mosquitto on the PATH (the test starts and stops a broker of its own)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        System.err.println("\n!!!!!!!! " + message + " !!!!!!!!\n");
        Assumptions.abort(message);
    }
}
