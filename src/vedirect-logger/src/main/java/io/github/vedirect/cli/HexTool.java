package io.github.vedirect.cli;

import io.github.vedirect.csv.HistoryCsv;
import io.github.vedirect.hex.HexException;
import io.github.vedirect.hex.HexPort;
import io.github.vedirect.hex.HexSession;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexReply;
import io.github.vedirect.protocol.HexValue;
import io.github.vedirect.protocol.HexValueException;
import io.github.vedirect.source.Sources;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code get PORT REGISTER...}, {@code set PORT REGISTER VALUE}, {@code history PORT}: HEX commands
 * for a port no running logger holds, through the same {@link HexSession} as the component's producer
 * (same pacing, retries and safety rules). PORT is a serial port, {@code tcp:HOST:PORT} or
 * {@code simulator:mppt} / {@code simulator:bmv712}. Results on standard output; each failure is one
 * line on standard error.
 *
 * <p>Exit codes: 0 done; 1 the device did not answer, refused, or the value read back differs (for a
 * set, the line says whether the device may hold the new value); 2 bad input (unknown register,
 * a value that is not a number, a read-only register, a value out of range), nothing sent; 3 the
 * port cannot be opened (busy, missing, no permission).
 */
final class HexTool {

    static final int OK = 0;
    static final int DEVICE = 1;
    static final int USAGE = 2;
    static final int PORT = 3;

    static final String HELP = String.join("\n",
            "usage: java -jar vedirect-logger.jar get PORT REGISTER...   read registers (id 0xEDF0 or name batteryMaximumCurrent)",
            "       java -jar vedirect-logger.jar set PORT REGISTER VALUE write one register, then read it back",
            "       java -jar vedirect-logger.jar history PORT            a solar charger's 31 daily records and totals as CSV",
            "  PORT: /dev/ttyUSB0, /dev/serial/by-id/..., tcp:HOST:PORT, simulator:mppt or simulator:bmv712.",
            "  The port must be free: stop a logger that reads it, or use the logger's own HEX producer.",
            "  Exit: 0 done, 1 device did not answer/refused, 2 bad input (nothing sent), 3 port cannot be opened.");

    private final PrintStream out;
    private final PrintStream err;

    HexTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String verb, String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(HELP);
            return OK;
        }
        return switch (verb) {
            case "get" -> get(args);
            case "set" -> set(args);
            case "history" -> history(args);
            default -> usage("unknown command " + verb);
        };
    }

    private int usage(String problem) {
        err.println(problem);
        err.println(HELP);
        return USAGE;
    }

    /** A catalogue register, or for a get an id the catalogue does not have (then read raw). */
    private record Target(String asked, HexRegister register, int rawId) {
        String label() {
            return register != null ? register.label() : String.format(Locale.ROOT, "0x%04X", rawId);
        }
    }

    private Optional<Target> target(String asked, boolean rawAllowed) {
        Optional<HexRegister> known = HexRegisters.find(asked);
        if (known.isPresent()) {
            return Optional.of(new Target(asked, known.get(), -1));
        }
        if (rawAllowed && asked.trim().matches("0[xX][0-9A-Fa-f]{1,4}")) {
            return Optional.of(new Target(asked, null, Integer.parseInt(asked.trim().substring(2), 16)));
        }
        err.println("unknown register '" + asked + "': give an id such as 0xEDF0 or a name such as batteryMaximumCurrent "
                + "(docs/hex.md, \"Registers\", lists them)");
        return Optional.empty();
    }

    private int get(String[] args) {
        if (args.length < 2) {
            return usage("get needs a port and at least one register");
        }
        List<Target> targets = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Optional<Target> target = target(args[i], true);
            if (target.isEmpty()) {
                return USAGE;
            }
            targets.add(target.get());
        }
        String port = args[0];
        return withPort(port, hexPort -> {
            int exit = OK;
            for (Target target : targets) {
                try {
                    if (target.register() == null) {
                        byte[] bytes = hexPort.session().getRaw(target.rawId());
                        out.println(target.label() + " = " + HexFormat.of().withUpperCase().formatHex(bytes)
                                + " (not in the catalogue: raw bytes, little-endian)");
                    } else {
                        out.println(target.label() + " = " + show(hexPort.session().get(target.register())));
                    }
                } catch (HexException e) {
                    err.println(explain(e, hexPort, port));
                    exit = DEVICE;
                }
            }
            return exit;
        });
    }

    private static String show(HexValue value) {
        int id = value.register().id();
        if (id == HexRegisters.HISTORY_TOTAL) {
            return HexHistory.Total.decode(value.bytes()).toString();
        }
        if (id >= HexRegisters.HISTORY_DAY_0 && id <= HexRegisters.HISTORY_DAY_LAST) {
            return HexHistory.Day.decode(value.bytes()).toString();
        }
        return value.toString();
    }

    private int set(String[] args) {
        if (args.length != 3) {
            return usage("set needs a port, one register and one value");
        }
        Optional<Target> target = target(args[1], false);
        if (target.isEmpty()) {
            return USAGE;
        }
        HexRegister register = target.get().register();
        BigDecimal value;
        try {
            value = HexSession.parseValue(register, args[2]);
            register.checkSettable(value);
            register.encode(value);
        } catch (HexValueException e) {
            err.println(e.getMessage() + "; nothing sent");
            return USAGE;
        }
        String port = args[0];
        return withPort(port, hexPort -> {
            try {
                HexSession.SetResult result = hexPort.session().set(register, value);
                out.println(register.label() + " = " + result.value()
                        + (result.written() ? " (written, read back)" : " (already held: not written)"));
                return OK;
            } catch (HexException e) {
                err.println(explain(e, hexPort, port));
                return DEVICE;
            }
        });
    }

    private int history(String[] args) {
        if (args.length != 1) {
            return usage("history needs a port");
        }
        String port = args[0];
        return withPort(port, hexPort -> {
            HexSession session = hexPort.session();
            List<String> rows = new ArrayList<>();
            try {
                for (int day = 0; day <= HexRegisters.HISTORY_DAY_LAST - HexRegisters.HISTORY_DAY_0; day++) {
                    try {
                        rows.add(HistoryCsv.row(Integer.toString(day), session.historyDay(day)));
                    } catch (HexException e) {
                        if (e.kind() != HexReply.Kind.PARAMETER_ERROR) {
                            throw e;
                        }
                        // A day the device does not hold (fewer than 31 days since its history was cleared).
                    }
                }
                HexHistory.Total total = session.historyTotal();
                out.println(HistoryCsv.HEADER);
                rows.forEach(out::println);
                out.println(HistoryCsv.totalRow(total));
                return OK;
            } catch (HexException e) {
                err.println(explain(e, hexPort, port));
                return DEVICE;
            }
        });
    }

    /** The one line for a failed command, saying for "no answer" whether the port carried text at all. */
    private static String explain(HexException e, HexPort hexPort, String port) {
        if (e.reason() == HexException.Reason.NO_ANSWER) {
            return e.getMessage().replaceFirst(" \\(does the device.*\\)$", "") + (hexPort.blocks() > 0
                    ? ": the device sends text but does not answer HEX"
                    : ": nothing at all came from " + port + " (wrong port, cable, or device off?)");
        }
        return e.getMessage();
    }

    @FunctionalInterface
    private interface PortWork {
        int run(HexPort port);
    }

    private int withPort(String port, PortWork work) {
        HexPort hexPort;
        try {
            hexPort = HexPort.open(Sources.create(port), Sources.key(port), frame -> { });
        } catch (IOException | IllegalArgumentException e) {
            String message = e.getMessage();
            if (message != null && message.contains("in use")) {
                err.println(port + " is busy: in use by another program (a running vedirect-logger?); stop it, "
                        + "or send the command through the logger's HEX producer");
            } else {
                err.println("cannot open " + port + ": " + message);
            }
            return PORT;
        }
        try (hexPort) {
            return work.run(hexPort);
        }
    }
}
