package io.github.vedirect.domoticz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.Captures;
import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct mode ({@code domoticz.mode=direct}) on records the real decoder makes of real captures, sent to the
 * Domoticz-like server over HTTP: what each sensor stores, and the one line for a value that cannot be sent.
 */
class DirectModeTest {

    /** A SmartSolar MPPT 150/70 charging: CS 3 (bulk), PPV 412 W, H19 11.58 kWh, H20 0.77 kWh, OR 0x00000000. */
    private static final String MPPT = "KinDR007_VictronMPPT-ESPHOME_fake-smartsolar-mppt-150-70-rev3.bin";
    /** A SmartShunt not discharging: TTG -1, P 0. */
    private static final String SHUNT = "jblance_mpp-solar_smartshunt_test_response_1.bin";
    /** A BMV-712 discharging: P -28 W, H17 24.04 kWh discharged, H18 charged. */
    private static final String BMV = "dbr_vedirect-rs_bmv712_smart_parser_test.bin";

    private FakeDomoticz domoticz;
    private DomoticzClient client;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger domoticzLog = Logger.getLogger("io.github.vedirect.domoticz");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start(@TempDir Path parsers) throws Exception {
        domoticz = FakeDomoticz.start(parsers);
        client = new DomoticzClient(domoticz.baseUri());
        domoticzLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        domoticzLog.removeHandler(capture);
        domoticz.close();
    }

    /** Every block of a capture joined into one record, newest value of each label, as the logger joins them. */
    private static VeDirectRecord joined(String capture) {
        VeDirectRecord record = new VeDirectRecord();
        VeDirectDecoder decoder = new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                record.putAll(VeDirectRecord.of(block));
            }
        });
        decoder.feed(Captures.read(capture));
        assertTrue(!record.isEmpty(), "no block in " + capture);
        return record;
    }

    /** Sends what direct mode makes of {@code record} to the fake Domoticz, as the route would. */
    private void send(DomoticzRequests requests, VeDirectRecord record, String deviceName) throws Exception {
        for (String url : requests.urls(record, deviceName)) {
            assertEquals(LuaParserTest.OK, client.get(URI.create(url)).body(), url);
        }
    }

    private DomoticzRequests direct(String devices) {
        return new DomoticzRequests(new DomoticzSettings(domoticz.baseUri(), "vedirect.lua", DomoticzSettings.Mode.DIRECT,
                "", "", DomoticzDevice.parseAll(devices)));
    }

    private List<String> warnings() {
        return logged.stream().filter(line -> line.startsWith("WARNING")).toList();
    }

    @Test
    void everyValueANumberMappingNamesIsSentWithCodesAsTheirNumbers() throws Exception {
        VeDirectRecord mppt = joined(MPPT);
        assertEquals(List.of("3", "0x00000000", "0"), List.of(mppt.raw("CS"), mppt.raw("OR"), mppt.raw("ERR")));

        send(direct("CS:31:number,ERR:32:number,OR:33:number,MPPT:34:number,V:35:number,PPV:36:number"), mppt, "solar");

        Map<Integer, String> expected = Map.of(31, "3", 32, "0", 33, "0", 34, mppt.raw("MPPT"),
                35, DomoticzDevice.plain(mppt.scaled("V")), 36, "412");
        expected.forEach((idx, svalue) -> assertEquals(svalue, domoticz.svalue(idx).orElseThrow(), "idx " + idx));
        assertEquals(List.of(), warnings());
    }

    @Test
    void ttgMinusOneIsSentAsMinusOneWhichTheDocsCallInfinite() throws Exception {
        VeDirectRecord shunt = joined(SHUNT);
        assertEquals("-1", shunt.raw("TTG"));

        send(direct("TTG:41:number,SOC:42:number"), shunt, null);

        assertEquals("-1", domoticz.svalue(41).orElseThrow());
        assertEquals(List.of(), warnings());
    }

    @Test
    void aCounterCarriesThePowerThatMovesIt() throws Exception {
        VeDirectRecord mppt = joined(MPPT);
        send(direct("H19:51:counter,H20:52:counter,H22:53:counter"), mppt, "solar");
        // The charger's panel power beside its yield; yesterday's yield has no power now.
        assertEquals("412;" + wattHours(mppt, "H19"), domoticz.svalue(51).orElseThrow());
        assertEquals("412;" + wattHours(mppt, "H20"), domoticz.svalue(52).orElseThrow());
        assertEquals("0;" + wattHours(mppt, "H22"), domoticz.svalue(53).orElseThrow());

        VeDirectRecord bmv = joined(BMV);
        assertEquals("-28", bmv.raw("P"));
        send(direct("H17:54:counter,H18:55:counter"), bmv, "house");
        // Discharging at 28 W: the discharged-energy counter moves, the charged-energy one does not.
        assertEquals("28;24040", domoticz.svalue(54).orElseThrow());
        assertEquals("0;" + wattHours(bmv, "H18"), domoticz.svalue(55).orElseThrow());

        // The same monitor charging at 28 W: the other way round.
        VeDirectRecord charging = new VeDirectRecord(bmv);
        charging.put("P", 28L);
        send(direct("H17:54:counter,H18:55:counter"), charging, "house");
        assertEquals("0;24040", domoticz.svalue(54).orElseThrow());
        assertEquals("28;" + wattHours(bmv, "H18"), domoticz.svalue(55).orElseThrow());
        assertEquals(List.of(), warnings());
    }

    private static String wattHours(VeDirectRecord record, String label) {
        return Long.toString(Long.parseLong(record.raw(label)) * 10);
    }

    @Test
    void aValueThatCannotBeSentIsOneLineNamingLabelAndWhyNotOnePerRecord() throws Exception {
        VeDirectRecord mppt = joined(MPPT);
        DomoticzRequests requests = direct("V:61:number,SER#:62:number,SOC:63:number,V:64:counter");

        for (int i = 0; i < 3; i++) {
            send(requests, mppt, "solar");
        }

        assertEquals(3, domoticz.updates(61).size(), "the other values go on");
        assertEquals(List.of(), domoticz.updates(62));
        List<String> warnings = warnings();
        assertEquals(3, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("SER# of device solar is not sent to idx 62")
                && warnings.get(0).contains("is text ('" + mppt.raw("SER#") + "'): use the type text"), warnings.get(0));
        assertTrue(warnings.get(1).contains("SOC of device solar is not sent to idx 63: the device does not send SOC"),
                warnings.get(1));
        assertTrue(warnings.get(2).contains("V of device solar is not sent to idx 64: the type counter needs an energy counter"),
                warnings.get(2));

        // A --- is another reason for the same label: told once more for each of its two sensors, then quiet again.
        VeDirectRecord unavailable = new VeDirectRecord(mppt);
        unavailable.put("V", "---");
        send(requests, unavailable, "solar");
        send(requests, unavailable, "solar");
        assertEquals(5, warnings().size(), String.join("\n", warnings()));
        assertTrue(warnings().get(3).contains("V of device solar is not sent to idx 61: the device sends ---"), warnings().get(3));
        assertTrue(warnings().get(4).contains("V of device solar is not sent to idx 64: the device sends ---"), warnings().get(4));
    }
}
