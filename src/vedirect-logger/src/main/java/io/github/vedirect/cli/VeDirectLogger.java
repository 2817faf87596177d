package io.github.vedirect.cli;

import io.github.vedirect.logger.LoggerLauncher;

import java.util.Arrays;

/** Entry point of {@code vedirect-logger.jar}: the logger itself, or one of its tools. */
public final class VeDirectLogger {

    static final String USAGE = String.join("\n",
            "usage: java -jar vedirect-logger.jar             run the logger (settings: application.properties, -Dkey=value)",
            "       java -jar vedirect-logger.jar decode ...  print the blocks of a capture as JSON (decode --help)",
            "       java -jar vedirect-logger.jar get|set|history PORT ...  HEX: read and set registers, daily history (get --help)");

    private VeDirectLogger() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("decode")) {
            System.exit(new DecodeCommand(System.in, System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && HexTool.VERBS.contains(args[0])) {
            // The tool prints everything the user needs itself; log lines would mix into its output (CSV).
            if (System.getProperty("vedirect.log.level") == null) {
                System.setProperty("vedirect.log.level", "OFF");
            }
            System.exit(new HexTool(System.out, System.err).run(args[0], Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(USAGE);
            return;
        }
        System.exit(LoggerLauncher.run(args));
    }
}
