package io.github.vedirect.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the text exposition format 0.0.4 as Prometheus documents it: HELP and TYPE once per family
 * and before its samples, a family's samples together, metric and label names from their character sets, label
 * values with {@code \\ \" \n} escapes, values as Go floats (+Inf, -Inf, NaN), every line ended by a newline.
 */
final class Exposition {

    record Sample(String name, Map<String, String> labels, String value) {
        double number() {
            return switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(Inf|NaN|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?)");

    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static Exposition parse(String text) {
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the last line needs its newline");
        Exposition e = new Exposition();
        Set<String> help = new HashSet<>();
        Set<String> closed = new HashSet<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                String name = parts[2];
                assertTrue(NAME.matcher(name).matches(), line);
                if (!name.equals(current)) {
                    if (current != null) {
                        closed.add(current);
                    }
                    assertFalse(closed.contains(name), "family split up: " + line);
                    current = name;
                }
                if (line.startsWith("# HELP ")) {
                    assertTrue(help.add(name), "second HELP: " + line);
                    assertFalse(e.types.containsKey(name), "HELP after TYPE is allowed but not ours: " + line);
                } else {
                    assertFalse(e.types.containsKey(name), "second TYPE: " + line);
                    assertTrue(Set.of("gauge", "counter").contains(parts[3]), line);
                    e.types.put(name, parts[3]);
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                fail("not a sample line: " + line);
            }
            String name = m.group(1);
            assertEquals(current, name, "sample outside its family: " + line);
            assertTrue(e.types.containsKey(name), "sample before TYPE: " + line);
            assertTrue(FLOAT.matcher(m.group(4)).matches(), line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                int at = 0;
                while (at < m.group(3).length()) {
                    assertTrue(l.find(at) && l.start() == at, "bad labels: " + line);
                    labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                    at = l.end();
                }
            }
            e.samples.add(new Sample(name, labels, m.group(4)));
        }
        return e;
    }
}
