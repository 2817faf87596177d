package io.github.vedirect.source;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A source from how a user writes it, with the link's own defaults: {@code /dev/ttyUSB0} (or
 * {@code COM5}), {@code tcp:HOST:PORT}, {@code replay:FILE}, {@code simulator:MODEL}. For tools that
 * have no endpoint to carry options (the command-line verbs); the component's endpoint builds its
 * sources from its options instead.
 */
public final class Sources {

    public static final int BAUD_RATE = 19200;
    public static final int CONNECT_TIMEOUT_MILLIS = 5000;
    public static final int READ_TIMEOUT_MILLIS = 100;

    private Sources() {
    }

    public static ByteSource create(String spec) {
        if (spec.startsWith("tcp:")) {
            return TcpSource.parse(spec.substring(4), CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS);
        }
        if (spec.startsWith("replay:")) {
            return new ReplaySource(Path.of(spec.substring(7)), ReplaySource.LINK_BYTES_PER_SECOND, false,
                    READ_TIMEOUT_MILLIS);
        }
        if (spec.startsWith("simulator:")) {
            return new SimulatorSource(spec.substring(10).toLowerCase(Locale.ROOT), 1, 1000, READ_TIMEOUT_MILLIS);
        }
        return new SerialPortSource(spec, BAUD_RATE, READ_TIMEOUT_MILLIS);
    }

    /**
     * One name per device, whichever way it is written: a serial port by its real path, so that
     * {@code /dev/serial/by-id/usb-VictronEnergy...} and the {@code /dev/ttyUSB0} it points at are the
     * same port (one port, one connection, one flash-write budget); anything else as written.
     */
    public static String key(String spec) {
        if (spec.startsWith("tcp:") || spec.startsWith("replay:") || spec.startsWith("simulator:")) {
            return spec;
        }
        try {
            return Path.of(spec).toRealPath().toString();
        } catch (Exception e) {
            return spec;
        }
    }
}
