package io.github.vedirect.cli;

import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.DecoderStats;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * {@code decode [--typed] [--hex] FILE|-}: one JSON object per valid block on standard output, in
 * stream order, the counts on standard error. Exit 0 when the input was read, 2 when it could not be.
 */
final class DecodeCommand {

    static final String USAGE = String.join("\n",
            "usage: java -jar vedirect-logger.jar decode [--typed] [--hex] FILE|-",
            "  Prints one JSON object per valid VE.Direct block of FILE (- for standard input):",
            "  labels in wire order, values exactly as sent. A summary of the counts goes to standard error.",
            "  --typed  values decoded and scaled to SI units (V, A, W, Ah, %, kWh, °C, min) and named",
            "  --hex    also print each valid HEX frame as {\"hex\":\":A0102000543\",\"command\":10,...}");

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    DecodeCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int run(String[] args) {
        boolean typed = false;
        boolean hex = false;
        String source = null;
        for (String arg : args) {
            switch (arg) {
                case "--typed" -> typed = true;
                case "--hex" -> hex = true;
                case "-h", "--help" -> {
                    stdout.println(USAGE);
                    return 0;
                }
                default -> {
                    if (source != null || (arg.startsWith("--") && !arg.equals("-"))) {
                        stderr.println("decode: unexpected argument '" + arg + "'\n" + USAGE);
                        return 2;
                    }
                    source = arg;
                }
            }
        }
        if (source == null) {
            stderr.println("decode: no input named (a capture file, or - for standard input)\n" + USAGE);
            return 2;
        }
        // Written straight to the stream underneath in 64 KB slices; stdout's own buffer only adds a copy.
        JsonOut json = new JsonOut(stdout, 1 << 16);
        VeDirectDecoder decoder = new VeDirectDecoder(new JsonLines(json, typed, hex));
        try {
            try (InputStream in = source.equals("-") ? stdin : Files.newInputStream(Path.of(source))) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    decoder.feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // The blocks read before the failure are printed, as they always were.
                json.flush();
                stderr.println("decode: cannot read " + source + ": " + reason(e));
                return 2;
            }
            json.flush();
            stderr.println(summary(source, decoder.stats()));
            return 0;
        } catch (IOException | UncheckedIOException e) {
            stderr.println("decode: cannot write the output: " + e.getMessage());
            return 2;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
    }

    static String summary(String source, DecoderStats stats) {
        // Not String.format: its first call loads the Formatter and the locale data, about 25 ms of a run
        // that should take a few hundred. Plain decimal digits, as %d with Locale.ROOT gave.
        return new StringBuilder(160).append(source.equals("-") ? "stdin" : source)
                .append(": ").append(stats.blocks()).append(" blocks from ").append(stats.bytes())
                .append(" bytes; ").append(stats.checksumErrors()).append(" checksum errors, ")
                .append(stats.malformed()).append(" malformed blocks, ").append(stats.hexFrames())
                .append(" HEX frames (").append(stats.hexErrors()).append(" bad), ")
                .append(stats.skippedBytes()).append(" bytes skipped").toString();
    }

    /** Writes each block, and each HEX frame when asked, as one line of JSON. */
    private static final class JsonLines implements DecoderListener {
        private final JsonOut json;
        private final boolean typed;
        private final boolean hex;

        JsonLines(JsonOut json, boolean typed, boolean hex) {
            this.json = json;
            this.typed = typed;
            this.hex = hex;
        }

        @Override
        public void onBlock(VeDirectBlock block) {
            try {
                json.write('{');
                for (int i = 0; i < block.size(); i++) {
                    if (i > 0) {
                        json.write(',');
                    }
                    json.writeString(block.label(i));
                    json.write(':');
                    if (typed) {
                        TypedJson.write(json, FieldCatalogue.interpret(block.label(i), block.value(i)));
                    } else {
                        json.writeString(block.value(i));
                    }
                }
                json.writeAscii("}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onHexFrame(HexFrame frame) {
            if (!hex) {
                return;
            }
            try {
                json.writeAscii("{\"hex\":");
                json.writeString(frame.text());
                json.writeAscii(",\"command\":");
                json.writeLong(frame.command());
                if (frame.isRegisterFrame()) {
                    json.writeAscii(",\"register\":\"");
                    json.writeHex4(frame.registerId());
                    json.writeAscii("\",\"flags\":");
                    json.writeLong(frame.flags());
                    json.writeAscii(",\"value\":");
                    json.writeLong(frame.unsignedValue());
                }
                json.writeAscii("}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
