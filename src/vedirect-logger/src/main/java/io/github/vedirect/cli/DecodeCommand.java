package io.github.vedirect.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.DecoderStats;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Locale;

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
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            VeDirectDecoder decoder = new VeDirectDecoder(new JsonLines(json, typed, hex));
            try (InputStream in = source.equals("-") ? stdin : Files.newInputStream(Path.of(source))) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    decoder.feed(buffer, 0, n);
                }
            } catch (NoSuchFileException e) {
                stderr.println("decode: cannot read " + source + ": no such file");
                return 2;
            } catch (AccessDeniedException e) {
                stderr.println("decode: cannot read " + source + ": permission denied");
                return 2;
            } catch (IOException e) {
                stderr.println("decode: cannot read " + source + ": " + e.getMessage());
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

    static String summary(String source, DecoderStats stats) {
        return String.format(Locale.ROOT,
                "%s: %d blocks from %d bytes; %d checksum errors, %d malformed blocks, %d HEX frames (%d bad), %d bytes skipped",
                source.equals("-") ? "stdin" : source, stats.blocks(), stats.bytes(), stats.checksumErrors(),
                stats.malformed(), stats.hexFrames(), stats.hexErrors(), stats.skippedBytes());
    }

    /** Writes each block, and each HEX frame when asked, as one line of JSON. */
    private static final class JsonLines implements DecoderListener {
        private final JsonGenerator json;
        private final boolean typed;
        private final boolean hex;

        JsonLines(JsonGenerator json, boolean typed, boolean hex) {
            this.json = json;
            this.typed = typed;
            this.hex = hex;
        }

        @Override
        public void onBlock(VeDirectBlock block) {
            try {
                json.writeStartObject();
                for (int i = 0; i < block.size(); i++) {
                    json.writeFieldName(block.label(i));
                    if (typed) {
                        writeTyped(FieldCatalogue.interpret(block.label(i), block.value(i)));
                    } else {
                        json.writeString(block.value(i));
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
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
                json.writeStartObject();
                json.writeStringField("hex", frame.text());
                json.writeNumberField("command", frame.command());
                if (frame.isRegisterFrame()) {
                    json.writeStringField("register", String.format(Locale.ROOT, "0x%04X", frame.registerId()));
                    json.writeNumberField("flags", frame.flags());
                    json.writeNumberField("value", frame.unsignedValue());
                }
                json.writeEndObject();
                json.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void writeTyped(FieldValue value) throws IOException {
            TypedJson.write(json, value);
        }
    }
}
