package io.github.vedirect.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link in the user-facing Markdown (README.md, docs/*.md, lua/README.md, bench/README.md) leads to a
 * file that exists, and a link with {@code #anchor} to a heading of that file, with GitHub's anchor names: a page
 * moved or a heading reworded breaks the build, not a reader's click. Links inside code are not links.
 */
class DocsLinksTest {

    /** Surefire runs this module's tests in the project's root folder. */
    private static final Path ROOT = Path.of("");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("lua/README.md"),
                ROOT.resolve("bench/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() > 10, "docs/ has its pages: " + pages);
        List<String> broken = new Links().check(pages);
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void aMissingFileAndAMissingHeadingAreReported(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("README.md"), String.join("\n",
                "# Title",
                "[ok](docs/page.md) [ok too](docs/page.md#a-heading-with-code-and-punctuation) [here](#title)",
                "[gone](docs/missing.md) [no such heading](docs/page.md#nowhere) [not here](#nowhere-either)",
                "`[in code](docs/missing-in-code.md)` [web](https://example.org/x.md)",
                "```",
                "[in a block](docs/missing-in-block.md)",
                "```",
                ""));
        Files.writeString(dir.resolve("docs/page.md"), String.join("\n",
                "# Page", "## A heading, with `code` and punctuation!", "[back](../README.md#title)", ""));
        List<String> broken = new Links().check(List.of(dir.resolve("README.md"), dir.resolve("docs/page.md")));
        assertEquals(3, broken.size(), "broken: " + broken);
        assertTrue(broken.get(0).contains("docs/missing.md") && broken.get(0).contains("no such file"), broken.get(0));
        assertTrue(broken.get(1).contains("docs/page.md#nowhere") && broken.get(1).contains("no heading"), broken.get(1));
        assertTrue(broken.get(2).contains("#nowhere-either"), broken.get(2));
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("hex-read-and-set-a-devices-registers", Links.slug("HEX: read and set a device's registers"));
        assertEquals("decode-look-inside-a-capture-or-a-live-port", Links.slug("`decode`: look inside a capture or a live port"));
        assertEquals("controls-mqttcontroltrue-off-by-default", Links.slug("Controls (`mqtt.control=true`, off by default)"));
        assertEquals("mqtt-and-home-assistant-walkthrough", Links.slug("MQTT and Home Assistant (walkthrough)"));
        assertEquals("the-load-output-0xedab", Links.slug("The load output (0xEDAB)"));
    }

    /** Finds the links of Markdown pages and checks them against the files and their headings. */
    static final class Links {

        /** {@code [text](target)} or {@code ![alt](target "title")}; the text may hold code but no brackets. */
        private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
        /** {@code [label]: target} on a line of its own. */
        private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
        private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
        private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");

        private final Map<Path, Set<String>> anchors = new HashMap<>();

        /** One line per broken link: {@code PAGE:LINE: TARGET: why}; empty when every link resolves. */
        List<String> check(List<Path> pages) {
            List<String> broken = new ArrayList<>();
            for (Path page : pages) {
                List<String> lines = read(page);
                boolean inFence = false;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                        inFence = !inFence;
                        continue;
                    }
                    if (inFence) {
                        continue;
                    }
                    String text = CODE_SPAN.matcher(line).replaceAll("");
                    List<String> targets = new ArrayList<>();
                    Matcher inline = INLINE.matcher(text);
                    while (inline.find()) {
                        targets.add(inline.group(1));
                    }
                    Matcher reference = REFERENCE.matcher(text);
                    if (reference.matches()) {
                        targets.add(reference.group(1));
                    }
                    for (String target : targets) {
                        String why = why(page, target);
                        if (why != null) {
                            broken.add(page + ":" + (i + 1) + ": " + target + ": " + why);
                        }
                    }
                }
            }
            return broken;
        }

        /** Why the link does not resolve, or null when it does (or is not relative). */
        private String why(Path page, String target) {
            if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("//")) {
                return null;
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
            if (!Files.exists(resolved)) {
                return "no such file (" + resolved + ")";
            }
            if (anchor == null) {
                return null;
            }
            if (!resolved.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown cannot be checked";
            }
            return anchorsOf(resolved).contains(anchor) ? null : "no heading with the anchor #" + anchor + " in " + resolved;
        }

        private Set<String> anchorsOf(Path page) {
            return anchors.computeIfAbsent(page.toAbsolutePath().normalize(), p -> {
                Set<String> found = new HashSet<>();
                Map<String, Integer> seen = new HashMap<>();
                boolean inFence = false;
                for (String line : read(p)) {
                    if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                        inFence = !inFence;
                        continue;
                    }
                    Matcher heading = HEADING.matcher(line);
                    if (!inFence && heading.matches()) {
                        String slug = slug(heading.group(2));
                        int times = seen.merge(slug, 1, Integer::sum);
                        found.add(times == 1 ? slug : slug + "-" + (times - 1));
                    }
                }
                return found;
            });
        }

        /**
         * GitHub's anchor for a heading: Markdown link syntax and emphasis dropped, lower case, every character
         * that is not a letter, a digit, a space, a hyphen or an underscore removed, each space a hyphen.
         */
        static String slug(String heading) {
            String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replaceAll("[*`]", "");
            StringBuilder slug = new StringBuilder();
            text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                    slug.appendCodePoint(c);
                } else if (c == ' ') {
                    slug.append('-');
                }
            });
            return slug.toString();
        }

        private static List<String> read(Path page) {
            try {
                return Files.readAllLines(page, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
