package io.github.vedirect;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logger's packages are layers: a package uses only the packages below it, never one above, so that each can be
 * read, tested and replaced from the bottom up. The component's packages (protocol, source, hex, component...) are
 * another module, below all of these.
 */
class PackageLayersTest {

    /**
     * Bottom first. A new package goes where what it uses is below it and what uses it is above it. A package that
     * is gone (merged into another) may stay listed until the next edit of this list.
     */
    static final List<String> LAYERS = List.of(
            "identity",       // the headers that name a device, for every destination
            "influxdb",       // line protocol and the InfluxDB target
            "prometheus",     // the text format of /metrics
            "store",          // the record store (SQLite): every record that passed the interval, and what was delivered
            "destinations",   // what the destinations share (deliveries, device commands) and InfluxDB's bean
            "domoticz",       // Domoticz requests, answers, settings, trust
            "mqtt",           // everything MQTT and Home Assistant: connection, state, discovery, availability, controls
            "logging",        // java.util.logging set-up
            "settings",       // application.properties read and checked
            "routes",         // the route files, each loaded on its own
            "devices",        // a route per device, the interval gate, the per-device queues
            "csv",            // CSV lines and the daily history file
            "alarms",         // alarms judged from every record, kept across restarts, sent to seda:alarms; ntfy's request
            "status",         // the status line, /health, /status, /metrics
            "web",            // the page at / on the status endpoint: live cards, history charts, the logger's state
            "logger",         // the application: beans, launcher, start and stop lines
            "cli");           // the command line: the logger and its tools

    private static final Path SOURCES = Path.of("src/vedirect-logger/src/main/java/io/github/vedirect");
    /** A class of one of the project's packages, by import or by its full name. */
    private static final Pattern USE = Pattern.compile("\\bio\\.github\\.vedirect\\.([a-z]+)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String own = SOURCES.relativize(file).getName(0).toString();
                String code = COMMENTS.matcher(Files.readString(file)).replaceAll(" ");
                Matcher use = USE.matcher(code);
                Set<String> used = new TreeSet<>();
                while (use.find()) {
                    used.add(use.group(1));
                }
                for (String other : used) {
                    if (LAYERS.contains(other) && LAYERS.indexOf(other) > LAYERS.indexOf(own)) {
                        wrong.add(SOURCES.relativize(file) + " (" + own + ") uses " + other + ", which is above it");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "move the class, or the package in LAYERS if the order itself is wrong");
    }

    @Test
    void everyPackageHasItsLayer() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> folders = Files.list(SOURCES)) {
            folders.filter(Files::isDirectory).forEach(folder -> packages.add(folder.getFileName().toString()));
        }
        assertTrue(packages.size() > 5, "sources found in " + SOURCES.toAbsolutePath());
        packages.removeAll(LAYERS);
        assertEquals(Set.of(), packages, "packages missing from LAYERS");
    }
}
