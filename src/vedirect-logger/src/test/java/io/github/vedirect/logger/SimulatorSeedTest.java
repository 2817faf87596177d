package io.github.vedirect.logger;

import io.github.vedirect.Await;
import io.github.vedirect.settings.DeviceSettings;
import io.github.vedirect.settings.LoggerSettings;
import io.github.vedirect.simulator.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each named simulated device gets a seed of its name unless its port pins one; the unnamed one keeps 1. */
class SimulatorSeedTest {

    @Test
    void aNamedSimulatorGetsTheSeedOfItsName() {
        assertEquals("simulator:bmv702?simulatorSeed=" + Simulators.seedOf("house"), DeviceSettings.seeded("house", "simulator:bmv702"));
        assertEquals("simulator:mppt?blockInterval=100&simulatorSeed=" + Simulators.seedOf("solar"),
                DeviceSettings.seeded("solar", "simulator:mppt?blockInterval=100"));
    }

    @Test
    void aSeedInThePortIsKeptAndTheUnnamedDeviceAndRealPortsAreLeftAlone() {
        for (String pinned : List.of("simulator:bmv702?simulatorSeed=7", "simulator:mppt?blockInterval=100&simulatorSeed=7",
                "simulator:mppt?blockInterval=100&simulatorseed=7")) {
            assertEquals(pinned, DeviceSettings.seeded("house", pinned));
        }
        assertEquals("simulator:bmv702", DeviceSettings.seeded(LoggerSettings.DEFAULT_NAME, "simulator:bmv702"));
        assertEquals("tcp:ser2net.local:4001", DeviceSettings.seeded("house", "tcp:ser2net.local:4001"));
        assertEquals("/dev/ttyUSB0", DeviceSettings.seeded("house", "/dev/ttyUSB0"));
    }

    @Test
    void twoSimulatedBmvsOfOneModelSendDifferentValues(@TempDir Path dir) throws Exception {
        // The mix-up of issue 19 hides when two simulated devices send the same values: through the real
        // routes, the two CSV files must share no line of values.
        Map<String, String> settings = Map.of("vedirect.port.house", "simulator:bmv702?blockInterval=100",
                "vedirect.port.boat", "simulator:bmv702?blockInterval=100", "vedirect.interval", "0.5");
        try (RunningLogger logger = new RunningLogger(dir.resolve("d.csv"), settings)) {
            Path house = dir.resolve("d-house.csv");
            Path boat = dir.resolve("d-boat.csv");
            Await.until("five lines from each device", Duration.ofSeconds(30),
                    () -> values(house).size() >= 5 && values(boat).size() >= 5);
            Set<String> common = new HashSet<>(values(house));
            common.retainAll(values(boat));
            assertEquals(Set.of(), common, "house " + values(house) + ", boat " + values(boat));
        }
    }

    /** The CSV's rows without heading and time: Volts,Amps,AHr,SOC. */
    private static List<String> values(Path csv) {
        try {
            List<String> lines = Files.exists(csv) ? Files.readAllLines(csv) : List.of();
            return lines.stream().skip(1).map(line -> line.substring(line.indexOf(',') + 1)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
