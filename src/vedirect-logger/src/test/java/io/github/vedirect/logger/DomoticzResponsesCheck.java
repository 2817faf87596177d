package io.github.vedirect.logger;

import io.github.vedirect.domoticz.DomoticzResponses;

import static org.junit.jupiter.api.Assertions.assertTrue;

final class DomoticzResponsesCheck {

    private DomoticzResponsesCheck() {
    }

    static void assertCounted(RunningLogger logger) {
        DomoticzResponses responses = logger.bean("domoticzResponses", DomoticzResponses.class);
        assertTrue(responses.failed() > 0 && responses.succeeded() > 0, "uploads counted: " + responses.succeeded() + " ok, " + responses.failed() + " failed");
    }
}
