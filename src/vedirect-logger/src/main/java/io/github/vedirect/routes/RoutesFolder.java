package io.github.vedirect.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the YAML routes a user edits, one file at a time, so that a bad edit costs that file and not the
 * logger: the error is one line naming the file, and a file that has a built-in twin (same name, shipped
 * in the jar) falls back to it. Without a routes folder the built-in routes run. vedirect.yaml is loaded
 * before Camel starts; every other file by {@link RouteFiles} once Camel runs, each on its own.
 */
public final class RoutesFolder {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesFolder.class);

    /** Route files shipped in the jar under routes/. */
    static final List<String> BUILT_IN = List.of("vedirect.yaml", "mqtt.yaml", "influxdb.yaml");

    /** The devices' routes: loaded before Camel starts, as the devices are made from its template. */
    static final String MAIN = "vedirect.yaml";

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private RoutesFolder() {
    }

    /**
     * Loads vedirect.yaml now (the devices' template must exist before Camel starts) and hands every other file to
     * {@code files}, which loads each on its own once Camel runs.
     */
    public static void load(CamelContext context, Path folder, RouteFiles files) {
        if (!Files.isDirectory(folder)) {
            LOG.info("No {} folder in {}: running the built-in routes", folder, Path.of("").toAbsolutePath());
            loadBuiltIn(context, MAIN);
            BUILT_IN.stream().filter(name -> !name.equals(MAIN)).forEach(name ->
                    files.add(new RouteFiles.Pending("routes/" + name, () -> builtIn(context, name), null)));
            return;
        }
        List<Path> found;
        try (Stream<Path> listing = Files.list(folder)) {
            found = listing.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            LOG.error("Cannot read {}: {}; running the built-in routes", folder, e.getMessage());
            loadBuiltIn(context, MAIN);
            return;
        }
        for (Path file : found) {
            String name = file.getFileName().toString();
            String shown = folder.resolve(name).toString();
            if (name.equals(MAIN)) {
                try {
                    load(context, ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
                    files.up(shown);
                } catch (Exception e) {
                    LOG.error("{}: {}; running the built-in {} instead", file, firstLine(e), name);
                    files.broken(shown, firstLine(e) + "; running the built-in " + name);
                    loadBuiltIn(context, name);
                }
            } else {
                files.add(new RouteFiles.Pending(shown, () -> ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()),
                        BUILT_IN.contains(name) ? name : null));
            }
        }
    }

    static Resource builtIn(CamelContext context, String name) {
        try {
            return ResourceHelper.resolveMandatoryResource(context, "classpath:routes/" + name);
        } catch (Exception e) {
            throw new IllegalStateException("the built-in routes/" + name + " are missing from the jar", e);
        }
    }

    private static void loadBuiltIn(CamelContext context, String name) {
        try {
            load(context, builtIn(context, name));
        } catch (Exception e) {
            throw new IllegalStateException("the built-in routes/" + name + " do not load: " + firstLine(e), e);
        }
    }

    private static void load(CamelContext context, Resource resource) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(resource);
    }

    /**
     * The innermost cause's first line, with the line and column of a YAML error when one is given:
     * YAML errors come with a page of context that hides the point.
     */
    public static String firstLine(Throwable e) {
        Throwable cause = e;
        String position = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            cause = t;
            Matcher at = POSITION.matcher(String.valueOf(t.getMessage()));
            if (at.find()) {
                position = "line " + at.group(1) + ", column " + at.group(2);
            }
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String first = message.lines().findFirst().orElse(message).strip().replaceAll("\\.$", "");
        return position == null || first.contains(position) ? first : first + " (" + position + ")";
    }
}
