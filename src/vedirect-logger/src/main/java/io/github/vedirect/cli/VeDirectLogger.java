package io.github.vedirect.cli;

import io.github.vedirect.logger.LoggerLauncher;
import io.github.vedirect.logging.LogSetup;
import io.github.vedirect.settings.SettingsReference;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of {@code vedirect-logger.jar}: the logger itself, or one of its tools. */
public final class VeDirectLogger {

    /** The commands, with what each does; no command runs the logger. */
    static final Map<String, String> COMMANDS = commands();

    private VeDirectLogger() {
    }

    private static Map<String, String> commands() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("decode", "print the blocks of a capture or a port as JSON (decode --help)");
        commands.put("get", "read registers of a device over HEX: get PORT REGISTER... (get --help)");
        commands.put("set", "set a register, checked and read back: set PORT REGISTER VALUE (set --help)");
        commands.put("history", "the device's 30-day history as CSV: history PORT (history --help)");
        commands.put("export", "a device's stored records as CSV or InfluxDB lines: export --device NAME --from DATE (export --help)");
        commands.put("help", "print this: the commands and the settings with their defaults");
        commands.put("version", "print the logger's version (also --version)");
        return commands;
    }

    public static void main(String[] args) {
        // Before anything logs: the JDK's own LogManager would drop Camel's last lines at shutdown (LogSetup).
        System.setProperty("java.util.logging.manager", LogSetup.KeepUntilClosed.class.getName());
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs one command and gives its exit code: 0 done, 2 a usage or settings mistake. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return LoggerLauncher.run();
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "decode":
                return new DecodeCommand(in, out, err).run(rest);
            case "get":
            case "set":
            case "history":
                // The tool prints everything the user needs itself; log lines would mix into its output (CSV).
                LogSetup.console("OFF");
                return new HexTool(out, err).run(command, rest);
            case "export":
                // Its output is the data (CSV, line protocol): no log line may mix into it.
                LogSetup.console("OFF");
                return new ExportCommand(out, err, java.time.ZoneId.systemDefault()).run(rest);
            case "help":
            case "-h":
            case "--help":
                out.print(help());
                return 0;
            case "version":
            case "--version":
                out.println("vedirect-logger " + version());
                return 0;
            default:
                // A typo in a systemd unit must not look like success: say so, and exit as a configuration error.
                err.println("vedirect-logger: unknown command '" + command + "'; the commands are: "
                        + String.join(", ", COMMANDS.keySet()) + " (none runs the logger; settings go in "
                        + "application.properties or -Dkey=value before -jar)");
                return 2;
        }
    }

    /** The commands, then every setting with its default and what it does, by topic. */
    static String help() {
        StringBuilder text = new StringBuilder("usage: java [-Dkey=value ...] -jar vedirect-logger.jar [COMMAND]\n\n");
        text.append("With no command, runs the logger. Commands:\n");
        COMMANDS.forEach((name, what) -> text.append(String.format("  %-8s %s%n", name, what)));
        text.append("\nSettings (application.properties in the working directory, or -Dkey=value), with their defaults:\n\n");
        return text.append(SettingsReference.help()).toString();
    }

    /**
     * The version the build wrote in the jar's manifest (Implementation-Version), as bug reports need it; run from
     * classes rather than the jar, there is none.
     */
    static String version() {
        String version = VeDirectLogger.class.getPackage().getImplementationVersion();
        return version == null ? "(unknown: not run from its jar)" : version;
    }
}
