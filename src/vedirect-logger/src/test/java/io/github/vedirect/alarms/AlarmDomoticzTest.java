package io.github.vedirect.alarms;

import io.github.vedirect.domoticz.DeviceUpdate;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.domoticz.FakeDomoticz;
import io.github.vedirect.domoticz.RecordedRequest;
import io.github.vedirect.logging.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alarms on a Domoticz Alert device ({@code domoticz.alarm-idx}) through the real logger, against the HTTP server
 * that behaves as Domoticz does: level and text per alarm raised and cleared, through Domoticz's own request path
 * (its Basic auth here), and one Domoticz did not take tried again with the newest state.
 */
class AlarmDomoticzTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final int ALERT = 42;
    private static final String PASSWORD = "dz-secret-pw";

    @TempDir
    Path dir;

    @Test
    void theAlertDeviceShowsTheRaisedAlarmsAndAfterAFailureTheNewestState() throws Exception {
        try (FakeDomoticz domoticz = FakeDomoticz.start(dir).requireBasicAuth("logger", PASSWORD);
             TcpDevice house = new TcpDevice(AlarmsTest.monitor()); LogCapture log = new LogCapture();
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, domoticz))) {
            run.judged("house", "SOC", "800");
            house.set("SOC", "450");
            run.awaitMessage("house low-soc raised", LIMIT);
            DeviceUpdate raised = domoticz.awaitUpdate(ALERT, LIMIT);
            assertEquals(4, raised.nvalue(), "red");
            assertEquals("house: low-soc", raised.svalue());
            RecordedRequest request = domoticz.requests().stream()
                    .filter(r -> ("" + ALERT).equals(r.params().get("idx"))).findFirst().orElseThrow();
            assertEquals("udevice", request.params().get("param"));
            assertEquals("Basic " + Base64.getEncoder().encodeToString(("logger:" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                    request.authorization());

            // Domoticz fails when the alarm clears: one warning, and the newest state once it is back. It starts failing
            // once the first record's upload of V was answered and every answer was judged by the logger: under load that
            // upload came just after the fault began, its 503 was judged before the alarm's earlier 200, which ended the
            // outage it began, and the clear's 503 began a second one (a CI run: 503, "accepts uploads again after 0 s", 503).
            domoticz.awaitUpdate(12, LIMIT);
            DomoticzResponses responses = run.logger.bean("domoticzResponses", DomoticzResponses.class);
            AlarmRun.await("the logger judged every answer Domoticz gave", LIMIT, () -> responses.succeeded() + responses.failed()
                    == domoticz.answered().size());
            domoticz.answerHttpStatus(503);
            int before = domoticz.requests().size();
            house.set("SOC", "600");
            run.awaitMessage("house low-soc cleared", LIMIT);
            AlarmRun.await("the refused update of the Alert device", LIMIT, () -> domoticz.requests().stream().skip(before)
                    .anyMatch(r -> ("" + ALERT).equals(r.params().get("idx")) && r.status() == 503));
            domoticz.answerNormally();
            List<DeviceUpdate> updates = domoticz.awaitUpdates(ALERT, 2, LIMIT);
            assertEquals(1, updates.get(1).nvalue(), "green");
            assertEquals("No alarms", updates.get(1).svalue());
            assertEquals(2, domoticz.updates(ALERT).size(), "the retry sent the newest state once: " + domoticz.updates(ALERT));
            assertEquals(1, log.count("Domoticz answered HTTP 503"), log.lines().toString());
            assertEquals(1, log.count("Alarms: each device's own, its errors, no data after 5m 0s, low-soc (SOC < 50); "
                    + "reminders off; sent to Domoticz idx 42, seda:alarms"), log.lines().toString());
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(PASSWORD)), "the password is never logged");
        }
    }

    /** An idx Domoticz does not have: one line naming domoticz.alarm-idx, and the records go on. */
    @Test
    void anIdxDomoticzRefusesIsOneLineNamingTheSetting() throws Exception {
        try (FakeDomoticz domoticz = FakeDomoticz.start(dir).requireBasicAuth("logger", PASSWORD).onlyDevices(12);
             TcpDevice house = new TcpDevice(AlarmsTest.monitor()); LogCapture log = new LogCapture();
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house, domoticz))) {
            run.judged("house", "SOC", "800");
            house.set("SOC", "450");
            run.awaitMessage("house low-soc raised", LIMIT);
            AlarmRun.await("the refusal in the log", LIMIT, () -> log.count("Domoticz refused the update of the alarms (idx 42)") == 1);
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("check that idx 42 is an Alert device (domoticz.alarm-idx)")),
                    log.lines().toString());
            domoticz.awaitUpdate(12, LIMIT);
        }
    }

    /** Without the setting nothing but the records goes to Domoticz. */
    @Test
    void noAlertDeviceWithoutTheSetting() throws Exception {
        try (FakeDomoticz domoticz = FakeDomoticz.start(dir).requireBasicAuth("logger", PASSWORD);
             TcpDevice house = new TcpDevice(AlarmsTest.monitor())) {
            Map<String, String> settings = settings(house, domoticz);
            settings.remove("domoticz.alarm-idx");
            try (AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings)) {
                run.judged("house", "SOC", "800");
                house.set("SOC", "450");
                run.awaitMessage("house low-soc raised", LIMIT);
                house.set("SOC", "600");
                run.awaitMessage("house low-soc cleared", LIMIT);
                // The records' update of V went, and went alone.
                domoticz.awaitUpdate(12, LIMIT);
                assertTrue(domoticz.requests().stream().allMatch(r -> "12".equals(r.params().get("idx"))), domoticz.requests().toString());
                assertTrue(run.logger.context().getRoute("domoticz-alarm") == null, "the route is off");
            }
        }
    }

    private static Map<String, String> settings(TcpDevice house, FakeDomoticz domoticz) {
        Map<String, String> settings = AlarmRun.lowSocSettings(house);
        settings.put("vedirect.interval", "60");
        settings.put("notify.retry", "1s");
        settings.put("domoticz.url", domoticz.baseUri().toString());
        settings.put("domoticz.username", "logger");
        settings.put("domoticz.password", PASSWORD);
        settings.put("domoticz.mode", "direct");
        settings.put("domoticz.devices", "V:12:number");
        settings.put("domoticz.alarm-idx", Integer.toString(ALERT));
        return settings;
    }
}
