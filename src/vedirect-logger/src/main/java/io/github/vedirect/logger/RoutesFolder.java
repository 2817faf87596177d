package io.github.vedirect.logger;

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
 * in the jar) falls back to it. Without a routes folder the built-in routes run.
 */
final class RoutesFolder {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesFolder.class);

    /** Route files shipped in the jar under routes/. */
    static final List<String> BUILT_IN = List.of("vedirect.yaml");

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private RoutesFolder() {
    }

    static void load(CamelContext context, Path folder) {
        if (!Files.isDirectory(folder)) {
            LOG.info("No {} folder in {}: running the built-in routes", folder, Path.of("").toAbsolutePath());
            BUILT_IN.forEach(name -> loadBuiltIn(context, name));
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            LOG.error("Cannot read {}: {}; running the built-in routes", folder, e.getMessage());
            BUILT_IN.forEach(name -> loadBuiltIn(context, name));
            return;
        }
        for (Path file : files) {
            try {
                load(context, ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
                LOG.debug("Loaded routes from {}", file);
            } catch (Exception e) {
                String name = file.getFileName().toString();
                if (BUILT_IN.contains(name)) {
                    LOG.error("{}: {}; running the built-in {} instead", file, firstLine(e), name);
                    loadBuiltIn(context, name);
                } else {
                    LOG.error("{}: {}; its routes are not started, the others run", file, firstLine(e));
                }
            }
        }
    }

    private static void loadBuiltIn(CamelContext context, String name) {
        try {
            load(context, ResourceHelper.resolveMandatoryResource(context, "classpath:routes/" + name));
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
    static String firstLine(Throwable e) {
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
        String first = message.lines().findFirst().orElse(message).strip();
        return position == null || first.contains(position) ? first : first + " (" + position + ")";
    }
}
