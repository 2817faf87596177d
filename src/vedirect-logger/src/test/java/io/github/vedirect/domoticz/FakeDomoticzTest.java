package io.github.vedirect.domoticz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FakeDomoticz against what docs/domoticz.md says of the real one, and its fault modes. */
class FakeDomoticzTest {

    static final String OK = "{\"status\":\"OK\",\"title\":\"Update Device\"}";
    static final String ERR = "{\"status\":\"ERR\"}";
    static final Duration WAIT = Duration.ofSeconds(5);

    /** Records a device update per call, so a test can see whether (and with what) a script ran. */
    static final String PROBE = "local d = uri['data'] or request['content']\n"
            + "domoticz_updateDevice(1, '', d)\n";

    /**
     * Reports what domoticz_applyJsonPath hands Lua for each path: "value/type", "nil" for a nil value,
     * "none" when it returns nothing at all.
     */
    static final String JSON_PROBE = "local paths = { '.V', '.SER#', '.Alarm', '.ok', '.nothing', '.missing',"
            + " '.list[1]', '.obj.x', '.obj', '.V.x', '.big', '.frac' }\n"
            + "for i, p in ipairs(paths) do\n"
            + "  local n = select('#', domoticz_applyJsonPath(uri['data'], p))\n"
            + "  local v = domoticz_applyJsonPath(uri['data'], p)\n"
            + "  local shown = n == 0 and 'none' or (v == nil and 'nil' or tostring(v) .. '/' .. (math.type(v) or type(v)))\n"
            + "  domoticz_updateDevice(i, '', shown)\n"
            + "end\n";

    @TempDir
    Path parsers;

    private FakeDomoticz domoticz;
    private DomoticzClient client;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(parsers.resolve("probe.lua"), PROBE);
        Files.writeString(parsers.resolve("json_probe.lua"), JSON_PROBE);
        domoticz = FakeDomoticz.start(parsers);
        client = new DomoticzClient(domoticz.baseUri());
    }

    @AfterEach
    void stop() {
        domoticz.close();
    }

    private static String udevices(String script, String rawData) {
        return "/json.htm?type=command&param=udevices&script=" + script + "&data=" + rawData;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // --- Query parsing ---

    @Test
    void luaUriSplitsBeforeDecoding() {
        Map<String, String> uri = DomoticzQuery.luaUri("a=1%2B1&b=x+y&c=p=q&d=&e%3D=v&f=%26&g=h?i=j");

        assertEquals("1+1", uri.get("a"));
        assertEquals("x+y", uri.get("b"));
        assertFalse(uri.containsKey("c"), "a raw '=' in the value drops the key");
        assertFalse(uri.containsKey("d"), "an empty value drops the key");
        assertEquals("v", uri.get("e="), "the name is decoded after the split");
        assertEquals("&", uri.get("f"));
        assertEquals("h", uri.get("g"), "a second '?' ends the query");
        assertFalse(uri.containsKey("i"));
    }

    @Test
    void serverParametersKeepARawEqualsAndReadPlusAsSpace() {
        Map<String, String> params = DomoticzQuery.serverParams("type=command&svalue=a+b%2Bc&x=p=q&idx=1&idx=2");

        assertEquals("command", params.get("type"));
        assertEquals("a b+c", params.get("svalue"));
        assertEquals("p=q", params.get("x"));
        assertEquals("1", params.get("idx"), "the first of a repeated name wins");
    }

    @Test
    void malformedEscapeIsRejectedWith400AndTheScriptNeverRuns() throws Exception {
        int status = client.rawGetStatus(udevices("probe.lua", "%7B%zz%7D"));

        assertEquals(400, status);
        assertEquals(List.of(), domoticz.updates());
        assertEquals(List.of(), domoticz.log());
        // The same request with a proper escape runs the probe, so the 400 is about the escape alone.
        assertEquals(200, client.rawGetStatus(udevices("probe.lua", "%7B%25zz%7D")));
        assertEquals("{%zz}", domoticz.svalue(1).orElseThrow());
    }

    @Test
    void everyRequestIsRecordedWithItsRawQueryAndHeaders() throws Exception {
        String raw = udevices("probe.lua", "%7B%22V%22%3A1%7D");
        client.getWithAuthorization(raw, basic("u", "p"));

        RecordedRequest request = domoticz.requests().get(0);
        assertEquals("GET", request.method());
        assertEquals("/json.htm", request.path());
        assertEquals(raw.substring(raw.indexOf('?') + 1), request.rawQuery());
        assertEquals("{\"V\":1}", request.uri().get("data"));
        assertEquals(basic("u", "p"), request.authorization());
        assertTrue(request.at() != null);
        // Trusted network, but a Basic header that matches no user is refused, as in Domoticz.
        assertEquals(401, request.status());
    }

    // --- The Lua environment ---

    @Test
    void applyJsonPathReturnsFloatsStringsAndNilAsDomoticzDoes() throws Exception {
        String json = "{\"V\":54645,\"SER#\":\"HQ1234\",\"Alarm\":\"OFF\",\"ok\":true,\"nothing\":null,"
                + "\"list\":[10,20],\"obj\":{\"x\":-3},\"big\":12345678901,\"frac\":-0.25}";

        client.get(udevices("json_probe.lua", DomoticzClient.encodeAll(json)));

        List<String> expected = List.of("54645.0/float", "HQ1234/string", "OFF/string", "nil", "none", "none",
                "20.0/float", "-3.0/float", "nil", "none", "12345678901.0/float", "-0.25/float");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), domoticz.svalue(i + 1).orElse("(no update)"), "path #" + (i + 1));
        }
    }

    @Test
    void applyJsonPathOnInvalidJsonReturnsNothingAndLogs() throws Exception {
        client.get(udevices("json_probe.lua", DomoticzClient.encodeAll("{\"V\":54645")));

        assertEquals("none", domoticz.svalue(1).orElseThrow());
        assertTrue(domoticz.log().stream().anyMatch(l -> l.error() && l.text().contains("Invalid Json")),
                domoticz.logText());
    }

    @Test
    void updateDeviceStoresTostringAndChecksItsArguments() throws Exception {
        Files.writeString(parsers.resolve("args.lua"), String.join("\n",
                "domoticz_updateDevice(1, '', 54.645)",
                "domoticz_updateDevice(2, 0, 1000)",
                "domoticz_updateDevice(3, '7', 'x', 5, 80)",
                "domoticz_updateDevice(4, '', nil)",
                "domoticz_updateDevice(5, '')",
                "domoticz_updateDevice(6, '', '')",
                "domoticz_updateDevice('7', '', 'idx as text')",
                "print('one', 2.0, true, 'three')"));

        assertEquals(OK, client.get("/json.htm?type=command&param=udevices&script=args.lua").body());

        assertEquals("54.645", domoticz.svalue(1).orElseThrow());
        assertEquals("1000", domoticz.svalue(2).orElseThrow(), "a Lua integer has no '.0'");
        DeviceUpdate three = domoticz.updates(3).get(0);
        assertEquals(List.of(7, "x", 5, 80), List.of(three.nvalue(), three.svalue(), three.rssi(), three.battery()));
        assertEquals(List.of(), domoticz.updates(4));
        assertEquals(List.of(), domoticz.updates(5));
        assertEquals(List.of(), domoticz.updates(6));
        assertEquals("idx as text", domoticz.svalue(7).orElseThrow());
        assertTrue(domoticz.logText().contains("Incorrect parameters type"), domoticz.logText());
        assertTrue(domoticz.logText().contains("Not enough parameters"), domoticz.logText());
        assertEquals(List.of("one", "2.0", "three"), domoticz.log().stream().filter(l -> !l.error())
                .map(ScriptLogLine::text).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void requestContentIsEmptyForAGetAndTheBodyForAPost() throws Exception {
        Files.writeString(parsers.resolve("content.lua"),
                "domoticz_updateDevice(1, '', '[' .. request['content'] .. ']')\n");

        client.get("/json.htm?type=command&param=udevices&script=content.lua");
        assertEquals("[]", domoticz.svalue(1).orElseThrow());

        client.post("/json.htm?type=command&param=udevices&script=content.lua", "{\"V\":1}");
        assertEquals("[{\"V\":1}]", domoticz.svalue(1).orElseThrow());
    }

    @Test
    void aRunawayScriptIsStoppedByTheInstructionLimit() throws Exception {
        Files.writeString(parsers.resolve("loop.lua"), "domoticz_updateDevice(1, '', 'started')\nwhile true do end\n");

        HttpResponse<String> response = client.get("/json.htm?type=command&param=udevices&script=loop.lua");

        assertEquals(OK, response.body());
        assertEquals("started", domoticz.svalue(1).orElseThrow());
        assertTrue(domoticz.log().stream().anyMatch(l -> l.error() && l.text().contains("exceeds maximum")),
                domoticz.logText());
    }

    @Test
    void aScriptOutlivingTheWaitStillGetsOk() throws Exception {
        // os.clock() is the CPU time of the whole test JVM, which can run ahead of the wall clock on two cores: 2 s of
        // it leave the test thread at least a second to look before the script ends (0.5 s could leave it a quarter of one).
        Files.writeString(parsers.resolve("slow.lua"),
                "local t = os.clock() + 2\nwhile os.clock() < t do end\ndomoticz_updateDevice(1, '', 'done')\n");
        domoticz.scriptWait(Duration.ofMillis(50)).instructionLimit(Integer.MAX_VALUE);

        HttpResponse<String> response = client.get("/json.htm?type=command&param=udevices&script=slow.lua");

        assertEquals(OK, response.body());
        assertEquals(List.of(), domoticz.updates(1), "answered before the script finished");
        // Three times the script's 2 s of CPU: on a loaded machine this JVM may get less than a core.
        assertEquals("done", domoticz.awaitUpdate(1, Duration.ofSeconds(6)).svalue());
    }

    @Test
    void postWithoutQueryDropsTheConnectionLikeTheCrashInTheDoc() {
        assertThrows(IOException.class, () -> client.post("/json.htm", "{\"V\":1}"));
    }

    // --- The direct API and getversion ---

    @Test
    void directUdeviceRecordsTheUpdate() throws Exception {
        HttpResponse<String> response = client.get("/json.htm?type=command&param=udevice&idx=12&nvalue=0&svalue=54.645");

        assertEquals(OK, response.body());
        DeviceUpdate update = domoticz.updates(12).get(0);
        assertEquals(List.of(0, "54.645", "udevice"), List.of(update.nvalue(), update.svalue(), update.source()));

        assertEquals(ERR, client.get("/json.htm?type=command&param=udevice&idx=12").body(), "no value at all");
        assertEquals(ERR, client.get("/json.htm?type=command&param=udevice&svalue=1").body(), "no idx");
        assertEquals(1, domoticz.updates().size());
    }

    @Test
    void directUdeviceReadsPlusAsSpace() throws Exception {
        client.get("/json.htm?type=command&param=udevice&idx=3&nvalue=0&svalue=low+battery%2B%20ok");

        assertEquals("low battery+ ok", domoticz.svalue(3).orElseThrow());
    }

    @Test
    void getversionAnswersWithoutLogin() throws Exception {
        domoticz.requireBasicAuth("admin", "secret");

        HttpResponse<String> response = client.get("/json.htm?type=command&param=getversion");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"status\":\"OK\""), response.body());
        assertTrue(response.body().contains("\"version\":\"2025.1\""), response.body());
    }

    @Test
    void unknownCommandsAnswerErr() throws Exception {
        assertEquals(ERR, client.get("/json.htm?type=command&param=nosuchthing").body());
        assertEquals(404, client.get("/other.htm?type=command&param=getversion").statusCode());
    }

    // --- Authentication ---

    @Test
    void basicAuthGivesUnauthorizedForbiddenOrOk() throws Exception {
        domoticz.requireBasicAuth("admin", "secret").addViewer("guest", "look");
        String update = "/json.htm?type=command&param=udevice&idx=1&nvalue=0&svalue=1";

        HttpResponse<String> none = client.get(update);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, client.getWithAuthorization(update, basic("admin", "wrong")).statusCode());
        assertEquals(401, client.getWithAuthorization(update, "Bearer abc").statusCode());
        assertEquals(403, client.getWithAuthorization(update, basic("guest", "look")).statusCode());
        assertEquals(List.of(), domoticz.updates());
        // Domoticz checks no rights for udevices: a Viewer's request runs the parser, and its update happens.
        assertEquals(200, client.getWithAuthorization(udevices("probe.lua", "1"), basic("guest", "look")).statusCode());
        assertEquals(1, domoticz.updates().size());

        HttpResponse<String> admin = client.getWithAuthorization(update, basic("admin", "secret"));
        assertEquals(200, admin.statusCode());
        assertEquals(OK, admin.body());
        assertEquals(2, domoticz.updates().size());
    }

    @Test
    void aTrustedNetworkNeedsNoCredentials() throws Exception {
        domoticz.requireBasicAuth("admin", "secret").trustNetwork();

        assertEquals(OK, client.get("/json.htm?type=command&param=udevice&idx=1&nvalue=0&svalue=1").body());
        assertEquals(OK, client.getWithAuthorization("/json.htm?type=command&param=udevice&idx=1&nvalue=0&svalue=2",
                basic("admin", "secret")).body());
        assertEquals(401, client.getWithAuthorization("/json.htm?type=command&param=udevice&idx=1&nvalue=0&svalue=3",
                basic("admin", "wrong")).statusCode());
        assertEquals("2", domoticz.svalue(1).orElseThrow());
    }

    // --- Faults ---

    private static final String UPDATE = "/json.htm?type=command&param=udevice&idx=1&nvalue=0&svalue=1";

    @Test
    void errAndHttpStatusFaultsAnswerWithoutDoingAnything() throws Exception {
        domoticz.answerErr();
        HttpResponse<String> err = client.get(UPDATE);
        assertEquals(200, err.statusCode());
        assertEquals(ERR, err.body());

        for (int status : new int[] {500, 401, 403}) {
            domoticz.answerHttpStatus(status);
            assertEquals(status, client.get(UPDATE).statusCode());
        }
        assertEquals(List.of(), domoticz.updates());

        domoticz.answerNormally();
        assertEquals(OK, client.get(UPDATE).body());
        assertEquals(1, domoticz.updates().size());
        assertEquals(List.of(200, 500, 401, 403, 200),
                domoticz.requests().stream().map(RecordedRequest::status).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void aStallHoldsRequestsUntilTheModeChangesWithoutBlockingOthers() throws Exception {
        domoticz.stallUntilChanged();

        CompletableFuture<HttpResponse<String>> first = client.getAsync(UPDATE);
        CompletableFuture<HttpResponse<String>> second = client.getAsync(UPDATE.replace("svalue=1", "svalue=2"));
        // Both arrive while the first is still held: requests are served concurrently.
        domoticz.awaitRequests(2, WAIT);
        assertThrows(TimeoutException.class, () -> first.get(200, TimeUnit.MILLISECONDS));
        assertFalse(second.isDone());
        assertEquals(List.of(), domoticz.updates(), "nothing is done while held");
        assertEquals(0, domoticz.requests().get(0).status());

        domoticz.answerNormally();

        assertEquals(OK, first.get(5, TimeUnit.SECONDS).body());
        assertEquals(OK, second.get(5, TimeUnit.SECONDS).body());
        assertEquals(2, domoticz.updates().size());
    }

    @Test
    void aStallReleasedIntoAnotherFaultAnswersWithThatFault() throws Exception {
        domoticz.stallUntilChanged();
        CompletableFuture<HttpResponse<String>> held = client.getAsync(UPDATE);
        domoticz.awaitRequests(1, WAIT);

        domoticz.answerHttpStatus(500);

        assertEquals(500, held.get(5, TimeUnit.SECONDS).statusCode());
        assertEquals(List.of(), domoticz.updates());
    }

    @Test
    void aTimedStallAnswersAfterItsDelay() throws Exception {
        domoticz.stallFor(Duration.ofMillis(300));

        long start = System.nanoTime();
        HttpResponse<String> response = client.get(UPDATE);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(OK, response.body());
        assertTrue(elapsedMillis >= 290, "answered after " + elapsedMillis + " ms");
    }

    @Test
    void slowAnswersLateButHasAlreadyUpdated() throws Exception {
        // Long enough for this thread to look between the update and the answer on a loaded machine (400 ms left little).
        domoticz.answerSlowly(Duration.ofSeconds(2));

        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> response = client.getAsync(UPDATE);
        domoticz.awaitUpdate(1, WAIT);
        assertFalse(response.isDone(), "the update is recorded before the answer leaves");

        assertEquals(OK, response.get(10, TimeUnit.SECONDS).body());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 1990);
    }

    @Test
    void refusedConnectionsThenListeningAgainOnTheSamePort() throws Exception {
        int port = domoticz.port();
        domoticz.refuseConnections();
        assertFalse(domoticz.isListening());

        DomoticzClient fresh = new DomoticzClient(URI.create("http://127.0.0.1:" + port));
        IOException refused = assertThrows(IOException.class, () -> fresh.get(UPDATE));
        assertTrue(refused instanceof ConnectException || refused.getCause() instanceof ConnectException,
                refused.toString());

        domoticz.listenAgain();

        assertEquals(port, domoticz.port());
        assertEquals(OK, new DomoticzClient(URI.create("http://127.0.0.1:" + port)).get(UPDATE).body());
    }

    @Test
    void refusingDropsAHeldRequest() throws Exception {
        domoticz.stallUntilChanged();
        CompletableFuture<HttpResponse<String>> held = client.getAsync(UPDATE);
        domoticz.awaitRequests(1, WAIT);

        domoticz.refuseConnections();

        ExecutionException dropped = assertThrows(ExecutionException.class, () -> held.get(5, TimeUnit.SECONDS));
        assertTrue(dropped.getCause() instanceof IOException, dropped.toString());
        assertEquals(List.of(), domoticz.updates());
        assertEquals(0, domoticz.requests().get(0).status());
    }

    @Test
    void closeIsPromptEvenWithAHeldRequest() throws Exception {
        domoticz.stallUntilChanged();
        CompletableFuture<HttpResponse<String>> held = client.getAsync(UPDATE);
        domoticz.awaitRequests(1, WAIT);

        long start = System.nanoTime();
        domoticz.close();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(elapsedMillis < 2000, "close took " + elapsedMillis + " ms");
        assertThrows(ExecutionException.class, () -> held.get(5, TimeUnit.SECONDS));
        assertFalse(domoticz.isListening());
    }

    @Test
    void awaitGivesUpWithTheRecordsInItsMessage() {
        AssertionError timeout = assertThrows(AssertionError.class,
                () -> domoticz.awaitUpdate(99, Duration.ofMillis(100)));
        assertTrue(timeout.getMessage().contains("idx 99"), timeout.getMessage());
        assertNull(domoticz.requests().stream().findFirst().orElse(null));
    }
}
