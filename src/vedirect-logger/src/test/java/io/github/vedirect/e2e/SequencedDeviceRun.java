package io.github.vedirect.e2e;

import io.github.vedirect.domoticz.FakeDomoticz;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tests of the packaged logger reading a {@link SequencedDevice} share: a scratch folder under
 * target/e2e, the numbered device on a pseudo-terminal behind a by-id link in it, a fake Domoticz running the
 * shipped Lua parser (for the tests that upload), the logger between them writing the CSV with
 * {@link E2e#CSV_COLUMNS}, and, after each test, all of it stopped whatever happened. A subclass with more to
 * close (a sampler of /status) closes it in an {@code @AfterEach} of its own, which JUnit runs before this one.
 */
abstract class SequencedDeviceRun extends LoggerRun {

    /** Source options of every run: reopen the port half a second after a loss, stale after 3 s without a valid block. */
    static final long RECONNECT_DELAY_MILLIS = 500;
    static final long STALE_TIMEOUT_MILLIS = 3000;
    static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    static final Duration FIRST_UPLOADS_TIMEOUT = Duration.ofSeconds(20);

    /** Plugs the test's device in at the link it is given, at the period and with the random source the test chose. */
    interface DeviceStart {
        SequencedDevice at(Path link) throws Exception;
    }

    /** Starts the fake Domoticz a test talks to (plain HTTP, or HTTPS with a certificate of the test's). */
    interface DomoticzStart {
        FakeDomoticz start() throws Exception;
    }

    Path dir;
    /** Null in a run without Domoticz. */
    FakeDomoticz domoticz;
    SequencedDevice device;

    /** The logger first, then what it read from and wrote to. */
    @Override
    @AfterEach
    void closeAll() {
        super.closeAll();
        if (device != null) {
            device.close();
        }
        if (domoticz != null) {
            domoticz.close();
        }
    }

    /** A fresh folder named after {@code name}, a fake Domoticz over plain HTTP, then the device. */
    void startDomoticzAndDevice(String name, DeviceStart deviceStart) throws Exception {
        startDomoticzAndDevice(name, () -> FakeDomoticz.start(Path.of("lua")), deviceStart);
    }

    /** A fresh folder named after {@code name}, the fake Domoticz {@code domoticzStart} makes, then the device. */
    void startDomoticzAndDevice(String name, DomoticzStart domoticzStart, DeviceStart deviceStart) throws Exception {
        dir = LoggerProcess.newWorkDir(name);
        domoticz = domoticzStart.start();
        device = deviceStart.at(E2e.linkIn(dir));
    }

    /** A fresh folder named after {@code name} and the device, for a run without Domoticz. */
    void startDevice(String name, DeviceStart deviceStart) throws Exception {
        dir = LoggerProcess.newWorkDir(name);
        device = deviceStart.at(E2e.linkIn(dir));
    }

    /**
     * The settings of a run: the device's link with the source options above, {@code interval}, Domoticz's URL
     * and {@code domoticzTimeout} (seconds) when a fake Domoticz runs, and the CSV with {@link E2e#CSV_COLUMNS}.
     * A mutable map: a test adds its own settings.
     */
    Map<String, String> settings(String interval, String domoticzTimeout) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("vedirect.port", device.link() + "?reconnectDelay=" + RECONNECT_DELAY_MILLIS + "&maxReconnectDelay="
                + RECONNECT_DELAY_MILLIS + "&staleTimeout=" + STALE_TIMEOUT_MILLIS);
        settings.put("vedirect.interval", interval);
        if (domoticz != null) {
            settings.put("domoticz.url", domoticz.baseUri().toString());
            settings.put("domoticz.timeout", domoticzTimeout);
        }
        settings.put("csv.file", E2e.CSV_FILE);
        settings.put("csv.columns", E2e.CSV_COLUMNS);
        return settings;
    }

    /** Starts the logger with its settings on the command line and waits until /health is 200 and Domoticz has answered {@code uploads}. */
    void startLogger(Map<String, String> settings, int uploads) throws Exception {
        startLogger(settings, LoggerProcess.SettingsIn.COMMAND_LINE, uploads);
    }

    /** As {@link #startLogger(Map, int)}, with the settings where {@code where} says. */
    void startLogger(Map<String, String> settings, LoggerProcess.SettingsIn where, int uploads) throws Exception {
        logger = LoggerProcess.start(dir, settings, where);
        logger.awaitHealthy(START_TIMEOUT);
        if (uploads > 0) {
            domoticz.awaitAnswered(uploads, FIRST_UPLOADS_TIMEOUT);
        }
    }
}
