package io.github.vedirect.cli;

import io.github.vedirect.logger.LoggerLauncher;

import java.util.Arrays;

/** Entry point of {@code vedirect-logger.jar}: the logger itself, or one of its tools. */
public final class VeDirectLogger {

    static final String USAGE = String.join("\n",
            "usage: java -jar vedirect-logger.jar             run the logger (settings: application.properties, -Dkey=value)",
            "       java -jar vedirect-logger.jar decode ...  print the blocks of a capture as JSON (decode --help)");

    private VeDirectLogger() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("decode")) {
            System.exit(new DecodeCommand(System.in, System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(USAGE);
            return;
        }
        System.exit(LoggerLauncher.run(args));
    }
}
