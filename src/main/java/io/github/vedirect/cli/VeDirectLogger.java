package io.github.vedirect.cli;

import java.util.Arrays;

/** Entry point of {@code vedirect-logger.jar}: the logger itself, or one of its tools. */
public final class VeDirectLogger {

    private VeDirectLogger() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("decode")) {
            System.exit(new DecodeCommand(System.in, System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length)));
        }
        System.err.println(DecodeCommand.USAGE);
        System.exit(2);
    }
}
