package io.github.vedirect.cli;

import io.github.vedirect.component.PseudoTerminal;
import io.github.vedirect.component.PtyDevice;
import io.github.vedirect.csv.HistoryCsv;
import io.github.vedirect.hex.FlashWriteGuard;
import io.github.vedirect.source.SerialPortSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The get, set and history verbs, run as the jar's main runs them, against simulators and a device on a pseudo-terminal. */
class HexToolTest {

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String verb, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new HexTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(verb, args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void oneLine(Run run, int exit, String start) {
        assertEquals(exit, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith(start), run.err());
    }

    @BeforeEach
    void forgetFlashWrites() {
        FlashWriteGuard.reset(null);
    }

    @Test
    void getPrintsValuesWithUnitsFromTheSimulator() {
        Run run = run("get", "simulator:mppt", "0xEDF0", "chargeCurrentLimit", "modelName", "absorptionVoltage");
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("0xEDF0 batteryMaximumCurrent = 20.0 A", "0x2015 chargeCurrentLimit = 20.0 A",
                "0x010B modelName = SmartSolar Charger MPPT 100/20", "0xEDF7 absorptionVoltage = 14.40 V"), run.lines());
    }

    @Test
    void setWritesAndReadsBack() {
        Run run = run("set", "simulator:mppt", "batteryMaximumCurrent", "15.5");
        assertEquals(0, run.exit(), run.err());
        assertEquals("0xEDF0 batteryMaximumCurrent = 15.5 A (written, read back)\n", run.out());
    }

    @Test
    void historyIsCsvWithThirtyOneDaysAndTheTotal() {
        Run run = run("history", "simulator:mppt");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.lines();
        assertEquals(HistoryCsv.HEADER, lines.get(0));
        assertEquals(1 + 31 + 1, lines.size());
        for (int day = 0; day <= 30; day++) {
            String[] cells = lines.get(1 + day).split(",", -1);
            assertEquals(10, cells.length, lines.get(1 + day));
            assertEquals(Integer.toString(day), cells[0]);
            double yield = Double.parseDouble(cells[1]);
            assertTrue(yield >= 0 && yield < 5, "a 260 Wp array yields a few kWh a day at most: " + lines.get(1 + day));
            assertTrue(Double.parseDouble(cells[5]) >= Double.parseDouble(cells[4]), "max battery voltage >= min");
        }
        assertTrue(lines.get(32).startsWith("total,"), lines.get(32));
    }

    @Test
    void badInputIsOneLineAndNothingIsSent() {
        oneLine(run("get", "simulator:mppt", "chargeCurrentLimit", "noSuchRegister"), 2, "unknown register 'noSuchRegister'");
        oneLine(run("set", "simulator:mppt", "0x2015", "twelve"), 2, "0x2015 chargeCurrentLimit: 'twelve' is not a number (in A)");
        oneLine(run("set", "simulator:mppt", "0x2015", "250"), 2, "0x2015 chargeCurrentLimit: 250.0 A is above the maximum 100.0 A");
        oneLine(run("set", "simulator:bmv712", "stateOfCharge", "50"), 2, "0x0FFF stateOfCharge: read-only, cannot be set");
        oneLine(run("get", "simulator:bmv712", "0xEDF0"), 1,
                "0xEDF0 batteryMaximumCurrent: the device does not have this register (unknown id)");
    }

    @Test
    void aTextOnlyDeviceIsSaidToBeOne() {
        oneLine(run("get", "simulator:bmv702", "stateOfCharge"), 1, "0x0FFF stateOfCharge: no answer from simulator:bmv702 "
                + "after 3 tries of 500 ms: the device sends text but does not answer HEX");
    }

    @Test
    void aDeviceOnASerialPort() throws Exception {
        try (PtyDevice device = new PtyDevice("bmv712", 500)) {
            String port = device.port().toString();
            Run soc = run("get", port, "stateOfCharge", "0xED8D");
            assertEquals(0, soc.exit(), soc.err());
            assertTrue(soc.lines().get(0).matches("0x0FFF stateOfCharge = \\d+\\.\\d\\d %"), soc.out());
            assertTrue(soc.lines().get(1).matches("0xED8D batteryVoltage = 1\\d\\.\\d\\d V"), soc.out());
        }
        try (PtyDevice device = new PtyDevice("mppt", 500)) {
            String port = device.port().toString();
            Run set = run("set", port, "0x2015", "7.5 A");
            assertEquals(0, set.exit(), set.err());
            assertEquals(75, device.hex().setting(0x2015).orElseThrow()[0] & 0xFF);
            Run history = run("history", port);
            assertEquals(33, history.lines().size(), history.err());
        }
    }

    /** Another process that opens a port with the logger's serial code and keeps it until killed. */
    public static final class PortHolder {
        public static void main(String[] args) throws Exception {
            SerialPortSource port = new SerialPortSource(args[0], 19200, 100);
            port.open();
            System.out.println("holding " + args[0]);
            Thread.sleep(60_000);
        }
    }

    @Test
    void aSilentPortAndABusyPort() throws Exception {
        try (PseudoTerminal silent = PseudoTerminal.open()) {
            String port = silent.slave().toString();
            oneLine(run("get", port, "0xEDF0"), 1, "0xEDF0 batteryMaximumCurrent: no answer from " + port
                    + " after 3 tries of 500 ms: nothing at all came from " + port);
            // Held by another process through jSerialComm, as a running logger holds its port.
            Process logger = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PortHolder.class.getName(), port)
                    .redirectErrorStream(true).start();
            try {
                BufferedReader said = new BufferedReader(new InputStreamReader(logger.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("holding " + port, said.readLine());
                oneLine(run("get", port, "0xEDF0"), 3, port + " is busy: in use by another program");
            } finally {
                logger.destroy();
                logger.waitFor();
            }
        }
    }
}
