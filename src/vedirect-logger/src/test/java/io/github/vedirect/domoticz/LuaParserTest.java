package io.github.vedirect.domoticz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped lua/vedirect.lua, run by FakeDomoticz in a real Lua interpreter. */
class LuaParserTest {

    /** A real BMV-700 record, as the logger sends it. */
    static final String RECORD = "{\"PID\":\"0x203\",\"V\":12065,\"I\":-7625,\"P\":-92,\"CE\":-65473,\"SOC\":839,"
            + "\"TTG\":942,\"Alarm\":\"OFF\",\"Relay\":\"OFF\",\"AR\":0,\"BMV\":\"700\",\"FW\":\"0308\","
            + "\"H1\":-149322,\"SER#\":\"HQ1234\"}";

    static final String OK = "{\"status\":\"OK\",\"title\":\"Update Device\"}";
    static final String ERR = "{\"status\":\"ERR\"}";

    private static final Path SHIPPED = Path.of("lua");

    private FakeDomoticz domoticz;
    private DomoticzClient client;
    /**
     * Domoticz's lua_parsers folder for this test, holding a copy of the shipped script: the script keeps
     * what it has said in vedirect.lua.said next to itself, which must neither land in the source tree
     * nor carry over from one test to the next.
     */
    private Path lua;

    @BeforeEach
    void start(@TempDir Path parsers) throws IOException {
        lua = Files.createDirectories(parsers.resolve("lua_parsers"));
        Files.copy(SHIPPED.resolve("vedirect.lua"), lua.resolve("vedirect.lua"));
        domoticz = FakeDomoticz.start(lua);
        client = new DomoticzClient(domoticz.baseUri());
    }

    @AfterEach
    void stop() {
        domoticz.close();
    }

    /** The svalue last stored per idx. */
    private Map<Integer, String> stored() {
        return domoticz.updatesByIdx().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().get(e.getValue().size() - 1).svalue()));
    }

    @Test
    void realRecordUpdatesTheFourDevicesWithPlainDecimals() throws Exception {
        HttpResponse<String> response = client.sendRecord("vedirect.lua", RECORD);

        assertEquals(200, response.statusCode());
        assertEquals(OK, response.body());
        assertEquals(Map.of(1, "12.065", 2, "-7.625", 3, "-65.473", 4, "83.9"), stored());
        // One update each, nvalue 0 (the parser passes ''), and nothing printed when all is well.
        assertEquals(4, domoticz.updates().size());
        assertTrue(domoticz.updates().stream().allMatch(u -> u.nvalue() == 0 && u.source().equals("lua:vedirect.lua")));
        assertEquals(List.of(), domoticz.log());
    }

    @ParameterizedTest(name = "{0}={1} -> idx {2} \"{3}\"")
    @CsvSource({
        "SOC, 1000, 4, 100",
        "SOC, 0, 4, 0",
        "SOC, 5, 4, 0.5",
        "V, 54645, 1, 54.645",
        "V, 12000, 1, 12",
        "V, 12100, 1, 12.1",
        "I, 0, 2, 0",
        "I, -1, 2, -0.001",
        "I, 530, 2, 0.53",
        "CE, 0, 3, 0",
        "CE, -100000, 3, -100",
    })
    void numbersAreFormattedFromTheMultiplier(String label, long raw, int idx, String expected) throws Exception {
        String record = RECORD.replaceFirst("\"" + label + "\":-?\\d+", "\"" + label + "\":" + raw);
        assertTrue(record.contains("\"" + label + "\":" + raw + ","), record);

        client.sendRecord("vedirect.lua", record);

        assertEquals(expected, domoticz.svalue(idx).orElseThrow());
    }

    @Test
    void negativeZeroIsStoredAsZero() throws Exception {
        // -0.0 is valid JSON, and a small negative SOC rounds to "-0.0" at one decimal.
        String record = RECORD.replace("\"I\":-7625", "\"I\":-0.0").replace("\"SOC\":839", "\"SOC\":-0.4");

        client.sendRecord("vedirect.lua", record);

        assertEquals("0", domoticz.svalue(2).orElseThrow());
        assertEquals("0", domoticz.svalue(4).orElseThrow());
    }

    @Test
    void aMissingLabelSkipsOnlyItsDeviceAndIsNamedInTheLog() throws Exception {
        String withoutCe = RECORD.replace("\"CE\":-65473,", "");

        assertEquals(OK, client.sendRecord("vedirect.lua", withoutCe).body());

        assertEquals(Map.of(1, "12.065", 2, "-7.625", 4, "83.9"), stored());
        assertEquals(1, domoticz.log().size(), domoticz.logText());
        assertTrue(domoticz.log().get(0).text().contains("CE"), domoticz.logText());
        assertFalse(domoticz.log().get(0).error());
    }

    @Test
    void aLabelThatIsNotANumberIsSkippedAndNamed() throws Exception {
        String textSoc = RECORD.replace("\"SOC\":839", "\"SOC\":\"---\"");

        client.sendRecord("vedirect.lua", textSoc);

        assertEquals(Map.of(1, "12.065", 2, "-7.625", 3, "-65.473"), stored());
        assertTrue(domoticz.logText().contains("SOC"), domoticz.logText());
    }

    @Test
    void postWithTheRecordAsBodyWorks() throws Exception {
        HttpResponse<String> response = client.post("/json.htm?type=command&param=udevices&script=vedirect.lua", RECORD);

        assertEquals(OK, response.body());
        assertEquals(Map.of(1, "12.065", 2, "-7.625", 3, "-65.473", 4, "83.9"), stored());
        RecordedRequest request = domoticz.requests().get(0);
        assertEquals("POST", request.method());
        assertFalse(request.uri().containsKey("data"));
    }

    @Test
    void noDataAtAllPrintsOneLineAndUpdatesNothing() throws Exception {
        assertEquals(OK, client.get("/json.htm?type=command&param=udevices&script=vedirect.lua").body());

        assertEquals(List.of(), domoticz.updates());
        assertEquals(1, domoticz.log().size(), domoticz.logText());
        assertFalse(domoticz.log().get(0).error(), domoticz.logText());
    }

    @Test
    void invalidJsonPrintsOneLineWithoutAnError() throws Exception {
        for (String garbage : List.of("{\"V\":12065", "{not json}", "[1,2,3]", "hello")) {
            domoticz.clearRecords();

            assertEquals(OK, client.sendRecord("vedirect.lua", garbage).body(), garbage);

            assertEquals(List.of(), domoticz.updates(), garbage);
            assertEquals(1, domoticz.log().stream().filter(l -> !l.error()).count(), garbage + ": " + domoticz.logText());
            assertTrue(domoticz.log().stream().noneMatch(l -> l.error() && !l.text().contains("applyJsonPath")),
                    garbage + ": " + domoticz.logText());
        }
    }

    // --- A half-encoded URL breaks, as on the real Domoticz: proof that the fake parses like it. ---

    /** Encodes everything but the given characters, like a client that "mostly" encodes. */
    private static String encodeAllBut(String json, String keptRaw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            String c = json.substring(i, i + 1);
            out.append(keptRaw.contains(c) ? c : DomoticzClient.encodeAll(c));
        }
        return out.toString();
    }

    @Test
    void aRawAmpersandCutsTheData() throws Exception {
        String record = RECORD.replace("\"Alarm\":\"OFF\"", "\"Alarm\":\"LOW&HIGH\"");

        client.get(client.udevicesUri("vedirect.lua", encodeAllBut(record, "&")));

        String data = domoticz.requests().get(0).uri().get("data");
        assertEquals(record.substring(0, record.indexOf('&')), data);
        // What survives the cut is not JSON: nothing is updated, and the fully encoded record still works.
        assertEquals(List.of(), domoticz.updates());
        client.sendRecord("vedirect.lua", record);
        assertEquals(4, domoticz.updates().size());
    }

    @Test
    void aRawEqualsSignDropsTheDataParameter() throws Exception {
        String record = RECORD.replace("\"Relay\":\"OFF\"", "\"Relay\":\"a=b\"");

        client.get(client.udevicesUri("vedirect.lua", encodeAllBut(record, "=")));

        RecordedRequest request = domoticz.requests().get(0);
        assertFalse(request.uri().containsKey("data"), request.uri().toString());
        assertEquals("vedirect.lua", request.uri().get("script"));
        assertEquals(List.of(), domoticz.updates());
    }

    @Test
    void aRawHashCutsTheDataBeforeItLeavesTheClient() throws Exception {
        // "SER#" is a real VE.Direct label; put it first so that the cut loses everything.
        String record = "{\"SER#\":\"HQ1234\",\"V\":12065,\"I\":-7625,\"CE\":-65473,\"SOC\":839}";

        client.get(client.udevicesUri("vedirect.lua", encodeAllBut(record, "#")));

        RecordedRequest request = domoticz.requests().get(0);
        assertFalse(request.rawQuery().contains("HQ1234"), request.rawQuery());
        assertEquals("{\"SER", request.uri().get("data"));
        assertEquals(List.of(), domoticz.updates());
    }

    @Test
    void formStyleEncodingTurnsSpacesIntoPlusSigns(@TempDir Path parsers) throws Exception {
        // The shipped parser ignores text fields, so a one-line parser shows what a text field becomes.
        Files.writeString(parsers.resolve("echo.lua"),
                "domoticz_updateDevice(9, '', domoticz_applyJsonPath(uri['data'], '.BMV'))\n");
        try (FakeDomoticz echo = FakeDomoticz.start(parsers)) {
            DomoticzClient echoClient = new DomoticzClient(echo.baseUri());
            String record = "{\"BMV\":\"SmartShunt 500A/50mV\",\"V\":12065}";

            echoClient.get(echoClient.udevicesUri("echo.lua", URLEncoder.encode(record, StandardCharsets.UTF_8)));
            assertEquals("SmartShunt+500A/50mV", echo.svalue(9).orElseThrow());

            echoClient.sendRecord("echo.lua", record);
            assertEquals("SmartShunt 500A/50mV", echo.svalue(9).orElseThrow());
        }
    }

    @Test
    void aRawPlusStaysAPlus() throws Exception {
        // "+12065" is not JSON: a client that leaves "+" raw and meant a space breaks the number.
        String encoded = DomoticzClient.encodeAll(RECORD).replace("%3A12065", ":+12065");

        client.get(client.udevicesUri("vedirect.lua", encoded));

        assertTrue(domoticz.requests().get(0).uri().get("data").contains("\"V\":+12065"));
        assertEquals(List.of(), domoticz.updates());
    }

    // --- Scripts that are not there, not valid, or fail ---

    @Test
    void aScriptNameWithAPathIsRefused() throws Exception {
        for (String script : List.of("../lua/vedirect.lua", "..%2Flua%2Fvedirect.lua", "lua/vedirect.lua",
                "vedirect.lua%00.lua", "vedirect.txt")) {
            HttpResponse<String> response = client.get(client.udevicesUri(script, DomoticzClient.encodeAll(RECORD)));
            assertEquals(ERR, response.body(), script);
        }
        assertEquals(List.of(), domoticz.updates());
    }

    @Test
    void aMissingScriptAnswersErr() throws Exception {
        assertEquals(ERR, client.sendRecord("nope.lua", RECORD).body());
        assertTrue(domoticz.log().get(0).error());
    }

    @Test
    void aParserWithASyntaxErrorAnswersErrAndRunsNothing(@TempDir Path parsers) throws Exception {
        Files.writeString(parsers.resolve("broken.lua"), "domoticz_updateDevice(1, '', '1')\nlocal x = = 2\n");
        try (FakeDomoticz fake = FakeDomoticz.start(parsers)) {
            DomoticzClient c = new DomoticzClient(fake.baseUri());

            assertEquals(ERR, c.sendRecord("broken.lua", RECORD).body());

            assertEquals(List.of(), fake.updates());
            assertTrue(fake.log().get(0).error());
            assertTrue(fake.log().get(0).text().contains("broken.lua:2:"), fake.logText());
        }
    }

    @Test
    void aRunTimeErrorStillAnswersOkAndIsOnlyLogged(@TempDir Path parsers) throws Exception {
        Files.writeString(parsers.resolve("fails.lua"),
                "domoticz_updateDevice(1, '', 'before')\nerror('parser gave up')\ndomoticz_updateDevice(2, '', 'after')\n");
        try (FakeDomoticz fake = FakeDomoticz.start(parsers)) {
            DomoticzClient c = new DomoticzClient(fake.baseUri());

            assertEquals(OK, c.sendRecord("fails.lua", RECORD).body());

            assertEquals(Map.of(1, List.of("before")), fake.updatesByIdx().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().stream().map(DeviceUpdate::svalue).collect(Collectors.toList()))));
            assertTrue(fake.log().stream().anyMatch(l -> l.error() && l.text().contains("fails.lua:2: parser gave up")),
                    fake.logText());
        }
    }

    @Test
    void theFloatTrapIsReal(@TempDir Path parsers) throws Exception {
        // The naive parser every forum post starts with: Domoticz would store and show "12065.0".
        Files.writeString(parsers.resolve("naive.lua"),
                "local data = uri['data']\ndomoticz_updateDevice(1, '', domoticz_applyJsonPath(data, '.V'))\n");
        try (FakeDomoticz fake = FakeDomoticz.start(parsers)) {
            DomoticzClient c = new DomoticzClient(fake.baseUri());

            c.sendRecord("naive.lua", RECORD);

            assertEquals("12065.0", fake.svalue(1).orElseThrow());
        }
    }

    @Test
    void theShippedParserIsAlsoCorrectWhenTheUrlCarriesExtraParameters() throws Exception {
        // Parameter order must not matter: the logger may add its own (e.g. a sequence number).
        URI uri = URI.create(domoticz.baseUri() + "/json.htm?data=" + DomoticzClient.encodeAll(RECORD)
                + "&seq=17&script=vedirect.lua&param=udevices&type=command");

        assertEquals(OK, client.get(uri).body());

        assertEquals(Map.of(1, "12.065", 2, "-7.625", 3, "-65.473", 4, "83.9"), stored());
        assertEquals("17", domoticz.requests().get(0).uri().get("seq"));
    }

    @Test
    void theCurlExampleInTheReadmeGivesWhatTheReadmeSays() throws Exception {
        // Users copy this line to test their setup: it has to work as printed.
        String readme = Files.readString(SHIPPED.resolve("README.md"));
        Matcher curl = Pattern.compile("curl '(http://<domoticz>:8080)([^']+)'").matcher(readme);
        assertTrue(curl.find(), "no curl example in lua/README.md");

        assertEquals(OK, client.get(curl.group(2)).body());

        assertEquals(Map.of(1, "12.065", 2, "-7.625", 3, "-65.473", 4, "83.9"), stored());
        assertTrue(readme.contains("12.065 V,\n-7.625 A, -65.473 Ah and 83.9 %"), "README states other values");
    }

    /** The shipped script with its two-device example switched on, as lua/README.md tells a user to do. */
    private static String twoDeviceScript() throws IOException {
        String script = Files.readString(SHIPPED.resolve("vedirect.lua"));
        int from = script.indexOf("local by_device = {");
        int to = script.indexOf("\n}\n", from);
        String table = script.substring(from, to).replaceAll("(?m)^  -- ", "  ");
        return script.substring(0, from) + table + script.substring(to);
    }

    @Test
    void oneScriptServesSeveralDevicesByName(@TempDir Path parsers) throws Exception {
        Files.writeString(parsers.resolve("vedirect.lua"), twoDeviceScript());
        try (FakeDomoticz two = FakeDomoticz.start(parsers)) {
            DomoticzClient twoClient = new DomoticzClient(two.baseUri());
            String bmv = "{\"device\":\"house\"," + RECORD.substring(1);
            String mppt = "{\"device\":\"solar\",\"PID\":\"0xA053\",\"V\":13210,\"I\":4100,\"PPV\":61,\"H20\":12}";
            assertEquals(OK, twoClient.sendRecord("vedirect.lua", bmv).body());
            assertEquals(OK, twoClient.sendRecord("vedirect.lua", mppt).body());
            Map<Integer, String> stored = two.updatesByIdx().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> e.getValue().get(e.getValue().size() - 1).svalue()));
            // The BMV's V and the MPPT's V go to their own idx: neither overwrites the other.
            assertEquals(Map.of(1, "12.065", 4, "83.9", 5, "13.21", 6, "61", 7, "0.12"), stored);
            assertEquals(List.of(), two.log());
            // The unnamed device (no "device", or "default") uses the plain table, and only it.
            two.clearRecords();
            assertEquals(OK, twoClient.sendRecord("vedirect.lua", RECORD).body());
            assertEquals(OK, twoClient.sendRecord("vedirect.lua", "{\"device\":\"default\"," + RECORD.substring(1)).body());
            assertEquals(8, two.updates().size(), two.updates().toString());
            assertTrue(two.updates().stream().allMatch(u -> u.idx() >= 1 && u.idx() <= 4));
        }
    }

    /** House and solar as lua/README.md's worked example has them, with solar's block written {@code solarBlock}. */
    private static String houseAndSolarScript(String solarBlock) throws IOException {
        return twoDeviceScript().replace("  solar = {", "  " + solarBlock + " = {");
    }

    @Test
    void aNamedDeviceWithoutABlockUpdatesNothingAndIsNamedOnceWithTheBlocksThatExist(@TempDir Path parsers) throws Exception {
        // The case of issue 19: a block written "Solar" for the device "solar". Before, solar's records fell
        // back to the placeholder table and put its 13.21 V into idx 1, the house's voltage.
        Files.writeString(parsers.resolve("vedirect.lua"), houseAndSolarScript("Solar"));
        try (FakeDomoticz two = FakeDomoticz.start(parsers)) {
            DomoticzClient twoClient = new DomoticzClient(two.baseUri());
            String house = "{\"device\":\"house\"," + RECORD.substring(1);
            String solar = "{\"device\":\"solar\",\"PID\":\"0xA053\",\"V\":13210,\"I\":4100,\"PPV\":61,\"H20\":12}";
            String inverter = "{\"device\":\"inverter\",\"V\":12980,\"I\":-2100}";

            for (int i = 0; i < 3; i++) {
                assertEquals(OK, twoClient.sendRecord("vedirect.lua", house).body());
                assertEquals(OK, twoClient.sendRecord("vedirect.lua", solar).body());
                assertEquals(OK, twoClient.sendRecord("vedirect.lua", inverter).body());
            }

            // Only the house's own block is used: solar and inverter touch no sensor at all.
            Map<Integer, List<String>> sent = two.updatesByIdx().entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, e -> e.getValue().stream().map(DeviceUpdate::svalue).distinct().toList()));
            assertEquals(Map.of(1, List.of("12.065"), 4, List.of("83.9")), sent);
            // One line per unmatched device for three records each, naming it and the blocks there are.
            List<String> lines = two.log().stream().map(ScriptLogLine::text).toList();
            assertEquals(2, lines.size(), two.logText());
            String solarLine = lines.stream().filter(l -> l.contains("'solar'")).findFirst().orElseThrow();
            assertTrue(solarLine.startsWith("vedirect: device 'solar' has no block in by_device (the blocks are: Solar, house;"
                    + " did you mean 'Solar'?"), solarLine);
            assertTrue(solarLine.contains("update nothing"), solarLine);
            String inverterLine = lines.stream().filter(l -> l.contains("'inverter'")).findFirst().orElseThrow();
            assertTrue(inverterLine.contains("the blocks are: Solar, house)") && !inverterLine.contains("did you mean"),
                    inverterLine);
        }
    }

    @Test
    void aNamedDeviceWithTodaysSingleDeviceScriptUpdatesNothing() throws Exception {
        // vedirect.port.house=... with the shipped script untouched: the placeholders 1..4 are someone else's.
        for (int i = 0; i < 2; i++) {
            assertEquals(OK, client.sendRecord("vedirect.lua", "{\"device\":\"house\"," + RECORD.substring(1)).body());
        }

        assertEquals(List.of(), domoticz.updates());
        assertEquals(List.of("vedirect: device 'house' has no block in by_device (by_device has no blocks): its records"
                + " update nothing. Add a block named exactly as in the logger's vedirect.port.house (the table devices"
                + " serves only the unnamed device, default)"), lines());
    }

    @Test
    void todaysSingleDeviceSettingsTakeARecordWithADevice() throws Exception {
        assertEquals(OK, client.sendRecord("vedirect.lua", "{\"device\":\"default\"," + RECORD.substring(1)).body());
        assertEquals(Map.of(1, "12.065", 2, "-7.625", 3, "-65.473", 4, "83.9"), stored());
    }

    // ---------------------------------------------------------------------------------------------
    // Checks against Domoticz's device tables (issue 13)

    /** The four devices of lua/README.md step 2, as "Create Virtual Sensors" makes them, plus a switch. */
    private static final ParserDevice[] README_DEVICES = {
        ParserDevice.voltage(1, "Battery voltage"),
        ParserDevice.ampere1Phase(2, "Battery current"),
        ParserDevice.custom(3, "Consumed Ah"),
        ParserDevice.percentage(4, "State of charge"),
        ParserDevice.switchOff(5, "Garden pump"),
    };

    /** The shipped script with its {@code devices} table replaced by {@code lines}, in this test's folder. */
    private void useDevicesTable(String lines) throws IOException {
        String script = Files.readString(SHIPPED.resolve("vedirect.lua"));
        int from = script.indexOf("local devices = {");
        int to = script.indexOf("\n}\n", from);
        assertTrue(from >= 0 && to > from, "no devices table in the shipped script");
        Files.writeString(lua.resolve("vedirect.lua"), script.substring(0, from) + "local devices = {\n" + lines
                + script.substring(to));
    }

    private List<String> lines() {
        return domoticz.log().stream().map(ScriptLogLine::text).toList();
    }

    @Test
    void theOldIdxTableWorksWithDomoticzsDeviceList() throws Exception {
        domoticz.withDevices(README_DEVICES);

        assertEquals(OK, client.sendRecord("vedirect.lua", RECORD).body());

        assertEquals(Map.of(1, "12.065", 2, "-7.625", 3, "-65.473", 4, "83.9"), stored());
        assertEquals(List.of(), domoticz.log());
    }

    @Test
    void anIdxDomoticzDoesNotHaveIsOneLineAndOnlyThatLabelIsSkipped() throws Exception {
        domoticz.withDevices(README_DEVICES);
        useDevicesTable("  [1] = { label = 'V', multiplier = 0.001 },\n  [2] = { label = 'I', multiplier = 0.001 },\n"
                + "  [99] = { label = 'SOC', multiplier = 0.1 },\n");

        for (int i = 0; i < 3; i++) {
            assertEquals(OK, client.sendRecord("vedirect.lua", RECORD).body());
        }

        // Idx 99 is not called at all (Domoticz would have done nothing, or worse, had 99 been a switch)...
        assertEquals(Map.of(1, 3, 2, 3), countsByIdx());
        // ...and said once for three records, naming label and idx.
        assertEquals(1, lines().size(), domoticz.logText());
        assertTrue(lines().get(0).contains("label SOC") && lines().get(0).contains("idx 99"), lines().get(0));
    }

    private Map<Integer, Integer> countsByIdx() {
        return domoticz.updatesByIdx().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
    }

    @Test
    void aSwitchGivenAVoltageIsRefusedWithOneLine() throws Exception {
        domoticz.withDevices(README_DEVICES);
        // A typo: 5 (the garden pump's switch) instead of 1. Its svalue is "100", a number: only its state tells.
        useDevicesTable("  [5] = { label = 'V', multiplier = 0.001 },\n  [4] = { label = 'SOC', multiplier = 0.1 },\n");

        client.sendRecord("vedirect.lua", RECORD);
        client.sendRecord("vedirect.lua", RECORD);

        assertEquals(Map.of(4, 2), countsByIdx());
        assertEquals(1, lines().size(), domoticz.logText());
        assertTrue(lines().get(0).matches(".*label V: device 5 'Garden pump' shows 'Off'.*switch.*Skipped"),
                lines().get(0));
        assertEquals("100", domoticz.devices().get(4).svalue());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "TEXT, holds text ('Hello World')",
        "COUNTER, holds several values ('0;0.0')",
    })
    void aDeviceThatHoldsNoSingleNumberIsRefused(String kind, String expected) throws Exception {
        domoticz.withDevices("TEXT".equals(kind) ? ParserDevice.text(9, "Notes")
                : ParserDevice.electricInstantCounter(9, "Solar yield"));
        useDevicesTable("  [9] = { label = 'V', multiplier = 0.001 },\n");

        client.sendRecord("vedirect.lua", RECORD);

        assertEquals(List.of(), domoticz.updates());
        assertEquals(1, lines().size(), domoticz.logText());
        assertTrue(lines().get(0).contains("label V: device 9") && lines().get(0).contains(expected), lines().get(0));
    }

    @Test
    void aDeviceNamedByItsDomoticzNameIsLookedUpAgainEachRecord() throws Exception {
        domoticz.withDevices(ParserDevice.voltage(57, "Battery voltage"), ParserDevice.switchOff(1, "Garden pump"));
        useDevicesTable("  ['Battery voltage'] = { label = 'V', multiplier = 0.001 },\n");

        client.sendRecord("vedirect.lua", RECORD);
        assertEquals(Map.of(57, "12.065"), stored());

        // Deleted and re-created: a new idx, the same name, and no edit of the script.
        domoticz.withDevices(ParserDevice.voltage(58, "Battery voltage"), ParserDevice.switchOff(1, "Garden pump"));
        domoticz.clearRecords();
        client.sendRecord("vedirect.lua", RECORD.replace("12065", "12100"));
        assertEquals(Map.of(58, "12.1"), stored());
        assertEquals(List.of(), domoticz.log());
    }

    @Test
    void aNameDomoticzDoesNotKnowIsOneLine() throws Exception {
        domoticz.withDevices(README_DEVICES);
        useDevicesTable("  ['Battery Voltage'] = { label = 'V', multiplier = 0.001 },\n  [4] = { label = 'SOC', multiplier = 0.1 },\n");

        client.sendRecord("vedirect.lua", RECORD);
        client.sendRecord("vedirect.lua", RECORD);

        assertEquals(Map.of(4, 2), countsByIdx());
        assertEquals(1, lines().size(), domoticz.logText());
        assertTrue(lines().get(0).contains("no device named 'Battery Voltage'"), lines().get(0));
    }

    @Test
    void withoutADeviceListIdxStillWorkAndANameIsOneLineThatBlamesNothing() throws Exception {
        // Domoticz answers about 2 s before its event system has loaded the devices (and never loads them
        // with the event system disabled): the parser gets empty tables, and nothing can be checked.
        useDevicesTable("  ['Battery voltage'] = { label = 'V', multiplier = 0.001 },\n  [4] = { label = 'SOC', multiplier = 0.1 },\n");

        client.sendRecord("vedirect.lua", RECORD);
        client.sendRecord("vedirect.lua", RECORD);

        assertEquals(Map.of(4, 2), countsByIdx());
        assertEquals(1, lines().size(), domoticz.logText());
        String line = lines().get(0);
        assertTrue(line.contains("no device list") && line.contains("may still be starting")
                && line.contains("the next record tries again") && line.contains("or its Event System is off"), line);

        // Domoticz has started: the very next record finds the device by name, with no edit and no restart.
        domoticz.withDevices(ParserDevice.voltage(57, "Battery voltage"), ParserDevice.percentage(4, "State of charge"));
        client.sendRecord("vedirect.lua", RECORD);
        assertEquals(Map.of(57, "12.065", 4, "83.9"), stored());
        assertEquals(1, lines().size(), domoticz.logText());
    }

    @Test
    void theTwoDeviceExampleTakesNamesToo() throws Exception {
        domoticz.withDevices(ParserDevice.voltage(1, "House voltage"), ParserDevice.voltage(5, "Solar voltage"));
        Files.writeString(lua.resolve("vedirect.lua"), twoDeviceScript()
                .replace("V   = { idx = 5, multiplier = 0.001 }", "V   = { name = 'Solar voltage', multiplier = 0.001 }"));

        client.sendRecord("vedirect.lua", "{\"device\":\"solar\",\"V\":13210,\"PPV\":61,\"H20\":12}");

        assertEquals(Map.of(5, "13.21"), stored());
        // PPV and H20 point at idx 6 and 7, which this Domoticz does not have.
        assertEquals(2, lines().size(), domoticz.logText());
        assertTrue(lines().stream().allMatch(l -> l.startsWith("vedirect: solar: label ") && l.contains("no device with idx")),
                domoticz.logText());
    }

    @Test
    void aMissingLabelIsSaidOncePerLabelUntilTheScriptChanges() throws Exception {
        // Domoticz runs each request in a new Lua state (CLuaHandler::executeLuaScript): Lua globals do not
        // survive, so the script remembers in vedirect.lua.said. "Once per load" is once per script text.
        String withoutCeAndSoc = RECORD.replace("\"CE\":-65473,", "").replace("\"SOC\":839,", "");

        for (int i = 0; i < 4; i++) {
            client.sendRecord("vedirect.lua", withoutCeAndSoc);
        }

        assertEquals(Map.of(1, 4, 2, 4), countsByIdx());
        assertEquals(List.of("vedirect: label CE missing, device 3 not updated",
                "vedirect: label SOC missing, device 4 not updated"), lines());
        assertTrue(Files.exists(lua.resolve("vedirect.lua.said")));

        // Saving the script (here: one comment more) is a new load: both are said again, once.
        Files.writeString(lua.resolve("vedirect.lua"), "-- edited\n", java.nio.file.StandardOpenOption.APPEND);
        client.sendRecord("vedirect.lua", withoutCeAndSoc);
        client.sendRecord("vedirect.lua", withoutCeAndSoc);
        assertEquals(4, lines().size(), domoticz.logText());

        // A label that goes missing later is news, and said at once.
        client.sendRecord("vedirect.lua", withoutCeAndSoc.replace("\"I\":-7625,", ""));
        assertEquals(5, lines().size(), domoticz.logText());
        assertTrue(lines().get(4).contains("label I missing"), lines().get(4));
    }

    @Test
    void whenItCannotRememberItSaysSoAndRepeats() throws Exception {
        // A directory where the memory file should be, not empty (os.remove would take an empty one away):
        // it can be neither read nor replaced.
        Files.writeString(Files.createDirectory(lua.resolve("vedirect.lua.said")).resolve("x"), "x");
        String withoutCe = RECORD.replace("\"CE\":-65473,", "");

        client.sendRecord("vedirect.lua", withoutCe);
        client.sendRecord("vedirect.lua", withoutCe);

        assertEquals(4, lines().size(), domoticz.logText());
        assertTrue(lines().get(1).contains("cannot write") && lines().get(1).contains("with every record"), lines().get(1));
        assertFalse(Files.exists(lua.resolve("vedirect.lua.said.new")));
    }
}
