package io.github.vedirect.component;

import io.github.vedirect.hex.HexPort;
import io.github.vedirect.hex.HexSession;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexValue;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends one HEX command per exchange to the device of the endpoint's source and puts the answer in
 * the body.
 *
 * <p>One port, one connection: when a {@code vedirect:} consumer of the same component reads the port,
 * the command goes through that consumer's connection (its {@link HexSession}), so a route can read
 * and command the same device. When none does, the producer opens the port for the exchange and
 * closes it afterwards, rather than keeping it while the endpoint lives: a consumer or a command-line
 * tool started later then finds the port free, and a port that is busy or unplugged is reported on
 * the exchange that needs it. The cost is one block period (about 1 s) per exchange to find the gap
 * between two blocks; a route that commands a device often should also read it.
 */
public class VeDirectProducer extends DefaultProducer {

    private final VeDirectEndpoint endpoint;

    public VeDirectProducer(VeDirectEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String command = in.getHeader(VeDirectConstants.COMMAND, endpoint.getCommand(), String.class);
        String registerName = in.getHeader(VeDirectConstants.REGISTER, endpoint.getRegister(), String.class);
        Command what = Command.of(command);
        HexRegister register = null;
        int rawId = -1;
        if (what == Command.GET || what == Command.SET) {
            if (registerName == null || registerName.isBlank()) {
                throw new IllegalArgumentException("vedirect: " + what.wireName + " needs a register: header "
                        + VeDirectConstants.REGISTER + " or option register, e.g. 0xEDF0 or batteryMaximumCurrent");
            }
            Optional<HexRegister> known = HexRegisters.find(registerName);
            if (known.isPresent()) {
                register = known.get();
            } else if (what == Command.GET && registerName.trim().matches("0[xX][0-9A-Fa-f]{1,4}")) {
                rawId = Integer.parseInt(registerName.trim().substring(2), 16);
            } else {
                throw new IllegalArgumentException("vedirect: unknown register '" + registerName + "' (an id such as 0xEDF0, "
                        + "or a catalogue name such as batteryMaximumCurrent)");
            }
        }
        BigDecimal value = what == Command.SET ? value(register, in) : null;
        if (register != null && what == Command.SET) {
            // Refused before the port is even opened: read-only, out of range, not a whole number of steps.
            HexRegister checked = register;
            checked.checkSettable(value);
            checked.encode(value);
        }
        String key = endpoint.portKey();
        HexSession shared = endpoint.getComponent().session(key);
        if (shared != null) {
            run(shared, what, register, rawId, value, in);
            return;
        }
        try (HexPort port = HexPort.open(endpoint.createSource(), key, frame -> { })) {
            run(port.session(), what, register, rawId, value, in);
        } catch (IOException e) {
            throw new IOException("vedirect: cannot open " + endpoint.getSource() + ": " + e.getMessage(), e);
        }
    }

    private static void run(HexSession session, Command what, HexRegister register, int rawId, BigDecimal value,
                            Message out) {
        switch (what) {
            case PING -> out.setBody(session.ping());
            case APP_VERSION -> out.setBody(session.appVersion());
            case PRODUCT_ID -> out.setBody(session.productId());
            case GET -> {
                if (register == null) {
                    byte[] bytes = session.getRaw(rawId);
                    out.setBody(bytes);
                    out.setHeader(VeDirectConstants.UNIT, "");
                    out.setHeader(VeDirectConstants.RAW_VALUE, HexFormat.of().withUpperCase().formatHex(bytes));
                } else {
                    typed(session.get(register), out);
                }
            }
            case SET -> {
                HexSession.SetResult result = session.set(register, value);
                typed(result.value(), out);
                out.setHeader(VeDirectConstants.WRITTEN, result.written());
            }
            default -> throw new IllegalStateException(what.toString());
        }
    }

    /** The body for a register's value: the history records typed as such, everything else a HexValue. */
    private static void typed(HexValue value, Message out) {
        HexRegister register = value.register();
        int id = register.id();
        if (id == HexRegisters.HISTORY_TOTAL) {
            out.setBody(HexHistory.Total.decode(value.bytes()));
        } else if (id >= HexRegisters.HISTORY_DAY_0 && id <= HexRegisters.HISTORY_DAY_LAST) {
            out.setBody(HexHistory.Day.decode(value.bytes()));
        } else {
            out.setBody(value);
        }
        out.setHeader(VeDirectConstants.UNIT, register.unit().symbol());
        out.setHeader(VeDirectConstants.RAW_VALUE, register.type().numeric()
                ? (Object) value.raw() : HexFormat.of().withUpperCase().formatHex(value.bytes()));
    }

    /** The value to set, from the header or the body: a number, or text with or without the register's unit. */
    static BigDecimal value(HexRegister register, Message in) {
        Object raw = in.getHeader(VeDirectConstants.VALUE);
        if (raw == null) {
            raw = in.getBody();
        }
        if (raw == null) {
            throw new IllegalArgumentException("vedirect: set " + register.label() + " needs a value: header "
                    + VeDirectConstants.VALUE + " or the body");
        }
        return HexSession.parseValue(register, raw);
    }

    /** The commands, by the names the header and the option take. */
    enum Command {
        PING("ping"), APP_VERSION("appVersion"), PRODUCT_ID("productId"), GET("get"), SET("set");

        final String wireName;

        Command(String wireName) {
            this.wireName = wireName;
        }

        static Command of(String name) {
            for (Command command : values()) {
                if (command.wireName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return command;
                }
            }
            throw new IllegalArgumentException("vedirect: unknown command '" + name + "'; known: ping, appVersion, "
                    + "productId, get, set");
        }

        @Override
        public String toString() {
            return wireName.toLowerCase(Locale.ROOT);
        }
    }
}
