package io.github.vedirect.logger;

import io.github.vedirect.simulator.Simulators;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each named simulated device gets a seed of its name unless its port pins one; the unnamed one keeps 1. */
class SimulatorSeedTest {

    @Test
    void aNamedSimulatorGetsTheSeedOfItsName() {
        assertEquals("simulator:bmv702?simulatorSeed=" + Simulators.seedOf("house"), Devices.seeded("house", "simulator:bmv702"));
        assertEquals("simulator:mppt?blockInterval=100&simulatorSeed=" + Simulators.seedOf("solar"),
                Devices.seeded("solar", "simulator:mppt?blockInterval=100"));
    }

    @Test
    void aSeedInThePortIsKeptAndTheUnnamedDeviceAndRealPortsAreLeftAlone() {
        for (String pinned : List.of("simulator:bmv702?simulatorSeed=7", "simulator:mppt?blockInterval=100&simulatorSeed=7",
                "simulator:mppt?blockInterval=100&simulatorseed=7")) {
            assertEquals(pinned, Devices.seeded("house", pinned));
        }
        assertEquals("simulator:bmv702", Devices.seeded(LoggerSettings.DEFAULT_NAME, "simulator:bmv702"));
        assertEquals("tcp:ser2net.local:4001", Devices.seeded("house", "tcp:ser2net.local:4001"));
        assertEquals("/dev/ttyUSB0", Devices.seeded("house", "/dev/ttyUSB0"));
    }
}
