package io.github.vedirect.component;

import io.github.vedirect.simulator.Simulators;
import io.github.vedirect.source.ByteSource;
import io.github.vedirect.source.ReplaySource;
import io.github.vedirect.source.SerialPortSource;
import io.github.vedirect.source.SimulatorSource;
import io.github.vedirect.source.TcpSource;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a Victron device that speaks VE.Direct (BMV, SmartShunt, MPPT solar chargers, Phoenix inverters,
 * chargers, Orion XS) and emits one exchange per valid text block; as a producer, sends it HEX commands
 * (ping, app version, product id, get and set a register) and returns the typed answer.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "vedirect", title = "VE.Direct", syntax = "vedirect:source",
        category = {Category.IOT}, headersClass = VeDirectConstants.class)
public class VeDirectEndpoint extends DefaultEndpoint {

    /** How long one read waits for bytes: bounds how late a gap, a stale device or a stop is noticed. */
    static final int READ_TIMEOUT_MILLIS = 100;

    static final String TCP = "tcp:";
    static final String REPLAY = "replay:";
    static final String SIMULATOR = "simulator:";

    @UriPath(description = "Where the device is: a serial port (`/dev/ttyUSB0`, `/dev/serial/by-id/...`, `COM5`), "
            + "a TCP serial bridge (`tcp:host:port`, e.g. ser2net or ESP-Link), a recorded capture (`replay:file`) "
            + "or a built-in simulated device (`simulator:bmv702`, `simulator:smartshunt`, `simulator:mppt`, "
            + "`simulator:mppt-split`, `simulator:bmv712`).")
    @Metadata(required = true)
    private String source;

    /** The options shared with the component: a copy of its configuration, changed by this URI's options. */
    @UriParam
    private final VeDirectConfiguration configuration;

    @UriParam(label = "replay", defaultValue = "1920",
            description = "Bytes per second at which a `replay:` source plays its capture: 1920 is the link's own rate "
                    + "(19200 baud); 0 plays it as fast as it can be read.")
    private int replayRate = ReplaySource.LINK_BYTES_PER_SECOND;

    @UriParam(label = "replay", defaultValue = "false",
            description = "Whether a `replay:` source starts again from the beginning when it reaches the end of its capture.")
    private boolean replayLoop;

    @UriParam(label = "simulator", defaultValue = "1000", javaType = "java.time.Duration",
            description = "Time between two blocks of a `simulator:` source; 0 sends them as fast as they are read. "
                    + "The simulated device's clock advances one second a block whatever this is.")
    private long blockInterval = 1000;

    @UriParam(label = "simulator", defaultValue = "0", javaType = "java.time.Duration",
            description = "Length of a `simulator:` solar charger's day (its day counter `HSDS`, `H20`..`H23` and history "
                    + "records) in device time, e.g. `30s` to see days turn over in a test; 0 keeps to local calendar days.")
    private long simulatorDayLength;

    @UriParam(label = "simulator", defaultValue = "1",
            description = "Seed of a `simulator:` source's random variations: the same seed gives the same values.")
    private long simulatorSeed = Simulators.DEFAULT_SEED;

    @UriParam(label = "consumer", defaultValue = "false",
            description = "Whether the HEX frames the device sends on its own (async frames: charger voltage and current, "
                    + "panel power, device state, history records) are emitted as exchanges too, with the typed value "
                    + "(`HexValue`) in the body and the register id in the `CamelVeDirectRegister` header. They are "
                    + "never sent to the route otherwise.")
    private boolean asyncHex;

    @UriParam(label = "producer", defaultValue = "get", enums = "ping,appVersion,productId,get,set",
            description = "The HEX command a producer sends when the exchange has no `CamelVeDirectCommand` header.")
    private String command = "get";

    @UriParam(label = "producer",
            description = "The register a producer's `get` or `set` is about when the exchange has no "
                    + "`CamelVeDirectRegister` header: an id (`0xEDF0`) or a catalogue name (`batteryMaximumCurrent`).")
    private String register;

    public VeDirectEndpoint(String uri, VeDirectComponent component, VeDirectConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public VeDirectComponent getComponent() {
        return (VeDirectComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (source.startsWith(REPLAY)) {
            throw new IllegalArgumentException("vedirect: " + source + " is a recording: it cannot be sent commands");
        }
        return new VeDirectProducer(this);
    }

    /** The port as the component's registry of open ports knows it (see {@link io.github.vedirect.source.Sources#key}). */
    String portKey() {
        return io.github.vedirect.source.Sources.key(source);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        VeDirectConsumer consumer = new VeDirectConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Refuses at start-up what can never work, rather than retrying it forever. */
    void checkSource() {
        if (source.startsWith(SIMULATOR)) {
            String model = source.substring(SIMULATOR.length()).toLowerCase(Locale.ROOT);
            if (!Simulators.models().contains(model)) {
                throw new IllegalArgumentException("vedirect: unknown simulator '" + model + "'; known models: "
                        + String.join(", ", Simulators.models()));
            }
        } else if (source.startsWith(REPLAY) && source.length() == REPLAY.length()) {
            throw new IllegalArgumentException("vedirect: replay: needs a capture file, e.g. replay:bmv702.bin");
        }
        configuration.check();
        if (replayRate < 0) {
            throw new IllegalArgumentException("vedirect: replayRate must be 0 (as fast as possible) or more, not " + replayRate);
        }
        if (simulatorDayLength < 0) {
            throw new IllegalArgumentException("vedirect: simulatorDayLength must be 0 (local days) or a time above 0, like 30s");
        }
        if (blockInterval < 0) {
            throw new IllegalArgumentException("vedirect: blockInterval must be 0 (as fast as possible) or more, not " + blockInterval);
        }
        createSource();
    }

    /** A new, unopened source for this endpoint: one per connection attempt. */
    ByteSource createSource() {
        if (source.startsWith(TCP)) {
            return TcpSource.parse(source.substring(TCP.length()), (int) configuration.getConnectTimeout(), READ_TIMEOUT_MILLIS);
        }
        if (source.startsWith(REPLAY)) {
            return new ReplaySource(Path.of(source.substring(REPLAY.length())), replayRate, replayLoop, READ_TIMEOUT_MILLIS);
        }
        if (source.startsWith(SIMULATOR)) {
            return new SimulatorSource(source.substring(SIMULATOR.length()).toLowerCase(Locale.ROOT), simulatorSeed,
                    blockInterval, READ_TIMEOUT_MILLIS, simulatorDayLength > 0 ? Duration.ofMillis(simulatorDayLength) : null);
        }
        return new SerialPortSource(source, configuration.getBaudRate(), READ_TIMEOUT_MILLIS);
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public VeDirectConfiguration getConfiguration() {
        return configuration;
    }

    public int getReplayRate() {
        return replayRate;
    }

    public void setReplayRate(int replayRate) {
        this.replayRate = replayRate;
    }

    public boolean isReplayLoop() {
        return replayLoop;
    }

    public void setReplayLoop(boolean replayLoop) {
        this.replayLoop = replayLoop;
    }

    public long getBlockInterval() {
        return blockInterval;
    }

    public void setBlockInterval(long blockInterval) {
        this.blockInterval = blockInterval;
    }

    public boolean isAsyncHex() {
        return asyncHex;
    }

    public void setAsyncHex(boolean asyncHex) {
        this.asyncHex = asyncHex;
    }

    public String getCommand() {
        return command;
    }

    public void setCommand(String command) {
        this.command = command;
    }

    public String getRegister() {
        return register;
    }

    public void setRegister(String register) {
        this.register = register;
    }

    public long getSimulatorDayLength() {
        return simulatorDayLength;
    }

    public void setSimulatorDayLength(long simulatorDayLength) {
        this.simulatorDayLength = simulatorDayLength;
    }

    public long getSimulatorSeed() {
        return simulatorSeed;
    }

    public void setSimulatorSeed(long simulatorSeed) {
        this.simulatorSeed = simulatorSeed;
    }
}
