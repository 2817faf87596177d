package io.github.vedirect.source;

import java.io.IOException;

/**
 * The link was closed because the JVM is stopping, not because the device went away. A JVM's shutdown hooks run
 * at the same time: the serial library closes its ports in its own hook while the host (Camel Main, Spring Boot)
 * is still stopping routes, so a reader can see its port fail before it is told to stop. That is not worth a
 * warning, nor a reopen.
 */
public final class ClosedAtShutdownException extends IOException {

    public ClosedAtShutdownException(String message) {
        super(message);
    }
}
