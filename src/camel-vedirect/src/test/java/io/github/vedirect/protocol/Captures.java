package io.github.vedirect.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real device recordings in src/test/resources/captures, with the counts SOURCES.md gives for each. */
public final class Captures {

    /** One row of SOURCES.md. */
    public record Capture(String file, String device, int valid, int fragments, int hex) {
        public byte[] bytes() {
            return read(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private Captures() {
    }

    public static byte[] read(String file) {
        try (InputStream in = Captures.class.getResourceAsStream("/captures/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every capture SOURCES.md lists, parsed from its table so the test follows the file, not a copy of it. */
    public static List<Capture> all() {
        String sources = new String(read("SOURCES.md"), StandardCharsets.UTF_8);
        List<Capture> captures = new ArrayList<>();
        for (String line : sources.split("\n")) {
            String[] cells = line.split("\\|");
            // | file | device | origin | licence | kind | valid | fragment | hex |
            if (cells.length < 9 || !cells[1].trim().matches("[\\w.-]+\\.(bin|txt)")) {
                continue;
            }
            captures.add(new Capture(cells[1].trim(), cells[2].trim(), Integer.parseInt(cells[6].trim()),
                    Integer.parseInt(cells[7].trim()), Integer.parseInt(cells[8].trim())));
        }
        return captures;
    }
}
