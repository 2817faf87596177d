package io.github.vedirect.alarms;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.github.vedirect.logging.LogCapture;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped channels, routes/ntfy.yaml and routes/email.yaml, against a real HTTP server that answers as ntfy does
 * and a real SMTP server (GreenMail): each gets exactly what docs/alarms.md says, and one that fails holds up neither
 * the other nor itself for long.
 */
class AlarmChannelsTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String TOKEN = "tk_alarmtoken0123456789";
    private static final String PASSWORD = "s3cret-smtp-pass";

    /** One request the ntfy-like server took. */
    record NtfyRequest(String method, String path, String title, String priority, String tags, String authorization,
                       String contentType, String body, int answered) {
    }

    @TempDir
    Path dir;

    private HttpServer ntfy;
    private final List<NtfyRequest> requests = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private GreenMail smtp;

    @BeforeEach
    void servers() throws IOException {
        ntfy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ntfy.createContext("/", exchange -> {
            int status = answer;
            var headers = exchange.getRequestHeaders();
            requests.add(new NtfyRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    headers.getFirst("Title"), headers.getFirst("Priority"), headers.getFirst("Tags"),
                    headers.getFirst("Authorization"), headers.getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), status));
            byte[] reply = status == 200 ? "{\"id\":\"x\",\"event\":\"message\"}".getBytes(StandardCharsets.UTF_8)
                    : "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        ntfy.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        smtp.setUser("logger@example.org", "logger", PASSWORD);
    }

    @AfterEach
    void stop() {
        ntfy.stop(0);
        smtp.stop();
    }

    private Map<String, String> settings(TcpDevice house) {
        Map<String, String> settings = AlarmRun.lowSocSettings(house);
        settings.put("notify.url", "http://127.0.0.1:" + ntfy.getAddress().getPort() + "/boat-alarms");
        settings.put("notify.token", TOKEN);
        settings.put("notify.retry", "1s");
        settings.put("notify.smtp.host", "127.0.0.1");
        settings.put("notify.smtp.port", Integer.toString(smtp.getSmtp().getPort()));
        settings.put("notify.smtp.username", "logger");
        settings.put("notify.smtp.password", PASSWORD);
        settings.put("notify.smtp.from", "logger@example.org");
        settings.put("notify.smtp.to", "owner@example.org");
        // GreenMail offers no STARTTLS: plain text, as for a server on the local network.
        settings.put("notify.smtp.starttls", "false");
        return settings;
    }

    @Test
    void ntfyAndMailGetOneMessageWhenRaisedAndOneWhenCleared() throws Exception {
        try (TcpDevice house = new TcpDevice(AlarmsTest.monitor()); LogCapture log = new LogCapture();
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house))) {
            run.judged("house", "SOC", "800");
            house.set("SOC", "450");
            run.awaitMessage("house low-soc raised", LIMIT);
            AlarmRun.await("ntfy's first request", LIMIT, () -> requests.size() == 1);
            assertTrue(smtp.waitForIncomingEmail(LIMIT.toMillis(), 1), "the raised mail");
            house.set("SOC", "600");
            run.awaitMessage("house low-soc cleared", LIMIT);
            AlarmRun.await("ntfy's second request", LIMIT, () -> requests.size() == 2);
            assertTrue(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), "the cleared mail");

            NtfyRequest raised = requests.get(0);
            assertEquals(List.of("POST", "/boat-alarms", "house: low-soc raised", "high", "rotating_light,low-soc",
                    "Bearer " + TOKEN, "house: low-soc raised (SOC 45 %)"), List.of(raised.method(), raised.path(),
                    raised.title(), raised.priority(), raised.tags(), raised.authorization(), raised.body()));
            assertTrue(raised.contentType().startsWith("text/plain"), raised.contentType());
            NtfyRequest cleared = requests.get(1);
            assertEquals(List.of("house: low-soc cleared", "default", "white_check_mark,low-soc"),
                    List.of(cleared.title(), cleared.priority(), cleared.tags()));
            assertTrue(cleared.body().startsWith("house: low-soc cleared after "), cleared.body());

            MimeMessage[] mails = smtp.getReceivedMessages();
            assertEquals(2, mails.length);
            assertEquals("house: low-soc raised", mails[0].getSubject());
            assertEquals("logger@example.org", mails[0].getFrom()[0].toString());
            assertEquals("owner@example.org", mails[0].getAllRecipients()[0].toString());
            assertEquals("house: low-soc raised (SOC 45 %)", mails[0].getContent().toString().trim());
            assertEquals("house: low-soc cleared", mails[1].getSubject());
            assertTrue(Arrays.stream(mails[0].getHeader("VeDirectAlarm") == null ? new String[0] : mails[0].getHeader("VeDirectAlarm"))
                    .findAny().isEmpty(), "no logger headers in the mail");
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(TOKEN) || l.contains(PASSWORD)), "secrets logged: " + log.lines());
        }
    }

    @Test
    void aFailingChannelIsOneWarningRetriesTheNewestStateAndHoldsUpNoOther() throws Exception {
        answer = 503;
        try (TcpDevice house = new TcpDevice(AlarmsTest.monitor()); LogCapture log = new LogCapture();
             AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings(house))) {
            run.judged("house", "SOC", "800");
            house.set("SOC", "450");
            run.awaitMessage("house low-soc raised", LIMIT);
            // The mail goes while ntfy refuses, and ntfy is tried again (notify.retry=1s).
            assertTrue(smtp.waitForIncomingEmail(LIMIT.toMillis(), 1), "the raised mail, ntfy failing");
            AlarmRun.await("ntfy tried again", LIMIT, () -> requests.size() >= 2);
            house.set("SOC", "600");
            run.awaitMessage("house low-soc cleared", LIMIT);
            assertTrue(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), "the cleared mail, ntfy failing");
            int failedSoFar = requests.size();
            AlarmRun.await("ntfy tried with the cleared state", LIMIT, () -> requests.stream().skip(failedSoFar)
                    .anyMatch(r -> r.title().endsWith("cleared")));
            answer = 200;
            AlarmRun.await("ntfy taking one", LIMIT, () -> requests.stream().anyMatch(r -> r.answered() == 200));
            AlarmRun.await("the channel back", LIMIT, () -> log.count("ntfy: alarms delivered again") == 1);
            List<String> taken = new ArrayList<>();
            requests.stream().filter(r -> r.answered() == 200).forEach(r -> taken.add(r.title()));
            assertEquals(List.of("house: low-soc cleared"), taken, "only the newest state once ntfy is back");
            assertEquals(1, log.count("ntfy: an alarm was not delivered"), log.lines().toString());
            assertEquals(0, log.count("/boat-alarms"), "the topic, all that guards it on ntfy.sh, is never logged: " + log.lines());
            assertEquals(1, log.count("Alarms: each device's own, its errors, no data after 5m 0s, low-soc (SOC < 50); "
                    + "reminders off; sent to ntfy on 127.0.0.1, e-mail to owner@example.org, seda:alarms"), log.lines().toString());
            assertTrue(requests.stream().filter(r -> r.answered() != 200).allMatch(r -> r.title().startsWith("house: low-soc")));
        }
    }

    /** notify.smtp.starttls=true, the default: a server without STARTTLS gets no mail in plain text, and ntfy goes on. */
    @Test
    void byDefaultNoMailGoesWithoutStartTls() throws Exception {
        Map<String, String> settings;
        try (TcpDevice house = new TcpDevice(AlarmsTest.monitor()); LogCapture log = new LogCapture()) {
            settings = settings(house);
            settings.remove("notify.smtp.starttls");
            try (AlarmRun run = new AlarmRun(dir.resolve("a.csv"), settings)) {
                run.judged("house", "SOC", "800");
                house.set("SOC", "450");
                run.awaitMessage("house low-soc raised", LIMIT);
                AlarmRun.await("ntfy's request", LIMIT, () -> requests.size() == 1);
                AlarmRun.await("the mail refused", LIMIT, () -> log.count("email: an alarm was not delivered") == 1);
                assertEquals(0, smtp.getReceivedMessages().length);
                assertTrue(log.lines().stream().anyMatch(l -> l.contains("email: an alarm was not delivered") && l.contains("STARTTLS")),
                        log.lines().toString());
            }
        }
    }
}
