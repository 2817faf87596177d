package io.github.vedirect.e2e;

import org.junit.jupiter.api.AfterEach;

/**
 * A test that runs the packaged logger: whatever happened, its process is gone after each test, so a failed
 * test leaves no logger behind to hold a port or a pseudo-terminal in the next one.
 */
abstract class LoggerRun {

    /** The logger of the test; a test that restarts it puts the new one here, so that it is closed too. */
    LoggerProcess logger;

    @AfterEach
    void closeAll() {
        if (logger != null) {
            logger.close();
        }
    }
}
