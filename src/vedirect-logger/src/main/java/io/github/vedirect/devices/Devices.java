package io.github.vedirect.devices;

import io.github.vedirect.component.VeDirectConstants;
import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.component.VeDirectRecordAggregationStrategy;
import io.github.vedirect.destinations.DeviceCommands;
import io.github.vedirect.hex.HexException;
import io.github.vedirect.identity.DeviceHeaders;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexValue;
import io.github.vedirect.settings.DeviceSettings;
import io.github.vedirect.settings.LoggerSettings;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The devices the logger reads, each through its own route made from the {@value #TEMPLATE} route template
 * of routes/vedirect.yaml: its own reader, its own record joining (an aggregation strategy of its own, bound
 * as {@code vedirectRecords-NAME}), its own interval-gate slots and its own place in the Domoticz queue.
 * The template keeps what a device's records go through in the YAML a user edits; this class only says
 * which devices there are, from the settings or, with {@code auto}, from the cables found.
 *
 * <p>Also the {@code devices} bean the template calls on each joined record ({@link #mark}), which gives
 * it the device's identity headers and keeps what /status shows of the device.
 */
public class Devices implements DeviceCommands {

    /** A source's own {@code simulatorSeed} option (Camel takes option names in any case). */
    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    /** The id of the route template in routes/vedirect.yaml that each device's route is made from. */
    public static final String TEMPLATE = "vedirect-device";

    /** A Victron VE.Direct USB cable as udev names it in /dev/serial/by-id; the group is its serial number. */
    static final Pattern VICTRON_CABLE = Pattern.compile("usb-VictronEnergy_BV_VE_Direct_cable_([A-Za-z0-9]+)-if\\d+-port\\d+");

    /** What is known of one device, for /status and the status line. */
    public static final class Device {
        private final String name;
        private final String source;
        private final String routeId;
        private final String cableSerial;
        private volatile String product;
        private volatile String serial;
        private volatile Instant lastRecordAt;
        private volatile VeDirectRecord lastRecord;

        Device(String name, String source, String routeId) {
            this.name = name;
            this.source = source;
            this.routeId = routeId;
            Matcher cable = VICTRON_CABLE.matcher(source);
            this.cableSerial = cable.find() ? cable.group(1) : null;
            this.serial = cableSerial != null ? cableSerial : name;
        }

        public String name() {
            return name;
        }

        /** The port as configured (options included). */
        public String source() {
            return source;
        }

        public String routeId() {
            return routeId;
        }

        /** The product's name (or PID), null until the first record. */
        public String product() {
            return product;
        }

        public String serial() {
            return serial;
        }

        /** The newest joined record, for /metrics; null before the first. */
        public VeDirectRecord lastRecord() {
            return lastRecord;
        }

        /** When the last joined record's last block arrived; null before the first. */
        public Instant lastRecordAt() {
            return lastRecordAt;
        }
    }

    private final CamelContext context;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();

    public Devices(CamelContext context) {
        this.context = context;
    }

    /**
     * The route id of a device: {@code device} for the device of the plain {@code vedirect.port}, as the one
     * route was called before there were several (its health check, vedirect-consumer-device, keeps its
     * name), {@code device-NAME} for the others.
     */
    static String routeIdOf(String name) {
        return name.equals(LoggerSettings.DEFAULT_NAME) ? "device" : "device-" + name;
    }

    /** Whether the routes loaded have the per-device template. */
    public boolean templateLoaded() {
        return context.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinition(TEMPLATE) != null;
    }

    public boolean contains(String name) {
        return devices.containsKey(name);
    }

    /** Makes the device's route from the template; started at once when Camel runs, else with the others. */
    public synchronized Device add(String name, String source) throws Exception {
        if (devices.containsKey(name)) {
            throw new IllegalStateException("a device called " + name + " exists");
        }
        String routeId = routeIdOf(name);
        Device device = new Device(name, source, routeId);
        // Each device learns its own cycle: the strategy keys what it learns by the component's source, which
        // two simulators of one model share.
        context.getRegistry().bind("vedirectRecords-" + name, new VeDirectRecordAggregationStrategy());
        devices.put(name, device);
        order.add(name);
        TemplatedRouteBuilder.builder(context, TEMPLATE)
                .routeId(routeId)
                .parameter("name", name)
                .parameter("source", DeviceSettings.seeded(name, source))
                .add();
        return device;
    }

    /** The devices in the order they were added. */
    public synchronized List<Device> all() {
        List<Device> all = new ArrayList<>(order.size());
        order.forEach(name -> all.add(devices.get(name)));
        return all;
    }

    /** The reader of a device, or null while its route is not running. */
    public VeDirectConsumer consumerOf(Device device) {
        Route route = context.getRoute(device.routeId());
        return route != null && route.getConsumer() instanceof VeDirectConsumer consumer ? consumer : null;
    }

    /**
     * Called on each joined record of a device: the product from its PID, the serial number from its
     * {@code SER#}, else its cable's, else its name, as the {@link DeviceHeaders} headers.
     */
    public void mark(Exchange exchange) {
        Message message = exchange.getIn();
        String name = message.getHeader(DeviceHeaders.NAME, String.class);
        Device device = name == null ? null : devices.get(name);
        String productName = message.getHeader(VeDirectConstants.PRODUCT_NAME, String.class);
        String product = productName != null ? productName : message.getHeader(VeDirectConstants.PRODUCT_ID, String.class);
        String serial = message.getHeader(VeDirectConstants.SERIAL_NUMBER, String.class);
        if (device != null) {
            if (serial == null) {
                serial = device.cableSerial != null ? device.cableSerial : device.name;
            }
            device.product = product;
            device.serial = serial;
            Instant at = message.getHeader(VeDirectConstants.RECEIVED_AT, Instant.class);
            device.lastRecordAt = at == null ? Instant.now() : at;
            device.lastRecord = message.getBody(VeDirectRecord.class);
        } else if (serial == null) {
            serial = name;
        }
        message.setHeader(DeviceHeaders.PRODUCT, product);
        message.setHeader(DeviceHeaders.SERIAL, serial);
    }

    /** What is wrong with the device called {@code name} now (its reader's problem), or null while it delivers. */
    public String problemOf(String name) {
        Device device = devices.get(name);
        if (device == null) {
            return "unknown device";
        }
        VeDirectConsumer consumer = consumerOf(device);
        return consumer == null ? "its route is not running" : consumer.getProblem();
    }

    /** The stale timeout of the device called {@code name}, or null while its reader is not running. */
    public java.time.Duration staleTimeoutOf(String name) {
        Device device = devices.get(name);
        VeDirectConsumer consumer = device == null ? null : consumerOf(device);
        return consumer == null ? null : java.time.Duration.ofMillis(consumer.getEndpoint().getConfiguration().getStaleTimeout());
    }

    @Override
    public HexValue get(String name, HexRegister register) {
        return command(name, "get", register, null, HexValue.class);
    }

    @Override
    public HexValue set(String name, HexRegister register, BigDecimal value) {
        return command(name, "set", register, value, HexValue.class);
    }

    /**
     * A solar charger's history record of {@code day} (0 today, 1 yesterday ... 30), through the device's own
     * connection like {@link #get}.
     *
     * @throws HexException when the device refuses (no history, a day it does not hold), does not answer, or is not
     *                      being read
     */
    public HexHistory.Day historyDay(String name, int day) {
        HexRegister register = HexRegisters.byId(HexHistory.dayRegister(day)).orElseThrow();
        return command(name, "get", register, null, HexHistory.Day.class);
    }

    /**
     * Through the component's producer on the device's own endpoint: while the device's reader runs, the producer
     * uses the HEX session that reader registered, so the command shares its connection (one port, one
     * connection) and the text stream goes on. Refused while the reader does not run: the producer would then
     * open the port itself, which is the reader's to hold (and, for a simulator, would be another device).
     */
    private <T> T command(String name, String command, HexRegister register, BigDecimal value, Class<T> type) {
        Device device = devices.get(name);
        VeDirectConsumer consumer = device == null ? null : consumerOf(device);
        if (consumer == null || !consumer.isConnected()) {
            throw new HexException(HexException.Reason.PORT_LOST, register.label() + ": device " + name
                    + " is not connected now");
        }
        ProducerTemplate template = producer();
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(VeDirectConstants.COMMAND, command);
        headers.put(VeDirectConstants.REGISTER, register.name());
        if (value != null) {
            headers.put(VeDirectConstants.VALUE, value);
        }
        try {
            return template.requestBodyAndHeaders(consumer.getEndpoint(), null, headers, type);
        } catch (CamelExecutionException e) {
            // The producer's own exceptions (HexException, HexValueException) carry the one line to log.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private volatile ProducerTemplate producer;

    private ProducerTemplate producer() {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = context.createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }

    /** Logged when a device is added, so that the log says which name is which port. */
    public static void logAdded(Device device, String how) {
        LOG.info("Device {} on {}{}", device.name(), device.source(), how);
    }
}
