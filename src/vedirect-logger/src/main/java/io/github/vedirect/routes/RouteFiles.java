package io.github.vedirect.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The YAML route files a user edits (routes/ in the working directory, or the built-in ones in the jar when there is
 * no such folder), each loaded on its own so that a bad edit costs that file and not the logger: the error is one
 * line naming the file, and a file that has a built-in twin (same name, shipped in the jar) falls back to it. A
 * shipped file the folder lacks runs from the jar.
 *
 * <p>vedirect.yaml is loaded before Camel starts ({@link #loadMain}): the devices' routes are made from its template.
 * Every other file (destinations such as mqtt.yaml, influxdb.yaml, a user's own) is loaded once Camel has started
 * ({@link #loadOthers}), so that nothing in one of them can stop the logger: a file that does not parse, names an
 * unknown component, has a bad URI or a missing bean, or whose routes fail to start (a broker that is down, a host
 * that does not resolve) costs that file's routes and nothing else. Camel would otherwise create and start every
 * route in one go at start-up, and one failure there ends the whole process.
 *
 * <p>Each file's state is kept for /health: UP, DOWN with the one-line reason that was logged, or OFF when it loaded
 * and none of its routes is on (their precondition is false: the destination's setting is empty). A file whose
 * routes were created but did not start (an unreachable destination) is tried again every {@link #RETRY} quietly,
 * and logged once more when it runs; a file that cannot be made at all (parse error, unknown component) waits for
 * the user's fix and a restart.
 */
public class RouteFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);

    /** Route files shipped in the jar under routes/. */
    static final List<String> BUILT_IN = List.of("vedirect.yaml", "mqtt.yaml", "influxdb.yaml", "ntfy.yaml", "email.yaml");

    /** The devices' routes: loaded before Camel starts, as the devices are made from its template. */
    static final String MAIN = "vedirect.yaml";

    /** How often a file whose routes failed to start is tried again. */
    static final Duration RETRY = Duration.ofSeconds(15);

    /** The state of a file that loaded and has no route on. */
    static final String OFF = "OFF: no route of it runs (a precondition such as {{influx.enabled}} is false: its destination is not configured)";

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    /** A file to load: its name in messages, and how to get its text again for a retry. */
    record Pending(String name, Supplier<Resource> resource, String fallbackBuiltIn) {
    }

    private final Path folder;
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private ScheduledExecutorService retries;
    private CamelContext retriesContext;

    /** @param folder {@code routes.folder}; when it is not a folder, the built-in routes run */
    public RouteFiles(Path folder) {
        this.folder = folder;
    }

    /**
     * Loads vedirect.yaml now (the devices' template must exist before Camel starts) and hands every other file to
     * {@link #loadOthers}, which loads each on its own once Camel runs.
     */
    public void loadMain(CamelContext context) {
        if (!Files.isDirectory(folder)) {
            LOG.info("No {} folder in {}: running the built-in routes", folder, Path.of("").toAbsolutePath());
            loadBuiltIn(context, MAIN);
            BUILT_IN.stream().filter(name -> !name.equals(MAIN)).forEach(name ->
                    add(new Pending("routes/" + name, () -> builtIn(context, name), null)));
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
        // A shipped file the folder lacks runs from the jar: the installed package's routes.d holds only the user's
        // own files (and any shipped one they copied there to edit), the shipped ones stay the package's.
        List<String> names = found.stream().map(f -> f.getFileName().toString()).toList();
        if (!names.contains(MAIN)) {
            loadBuiltIn(context, MAIN);
        }
        BUILT_IN.stream().filter(name -> !name.equals(MAIN) && !names.contains(name)).forEach(name ->
                add(new Pending("routes/" + name, () -> builtIn(context, name), null)));
        for (Path file : found) {
            String name = file.getFileName().toString();
            String shown = folder.resolve(name).toString();
            if (name.equals(MAIN)) {
                try {
                    loadRoutes(context, ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
                    up(shown);
                } catch (Exception e) {
                    LOG.error("{}: {}; running the built-in {} instead", file, firstLine(e), name);
                    broken(shown, firstLine(e) + "; running the built-in " + name);
                    loadBuiltIn(context, name);
                }
            } else {
                add(new Pending(shown, () -> ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()),
                        BUILT_IN.contains(name) ? name : null));
            }
        }
    }

    private synchronized void add(Pending file) {
        pending.add(file);
        states.put(file.name(), "waiting for Camel to start");
    }

    /** A file that could not even be read or parsed before start-up (vedirect.yaml's own fallback). */
    private synchronized void broken(String name, String reason) {
        states.put(name, "DOWN: " + reason);
        problems.put(name, reason);
    }

    private synchronized void up(String name) {
        states.put(name, "UP");
        problems.remove(name);
    }

    private synchronized void off(String name) {
        states.put(name, OFF);
        problems.remove(name);
    }

    /** Each file with "UP", "DOWN: reason" or "OFF: ...", in the order they were loaded. */
    public synchronized Map<String, String> states() {
        return new LinkedHashMap<>(states);
    }

    /** The files that are down, with their reasons. */
    public synchronized Map<String, String> problems() {
        return new LinkedHashMap<>(problems);
    }

    /** Loads every file but vedirect.yaml, each on its own; called once Camel has started (see LoggerBeans). */
    public void loadOthers(CamelContext context) {
        List<Pending> files;
        synchronized (this) {
            files = new ArrayList<>(pending);
        }
        for (Pending file : files) {
            load(context, file, true);
        }
    }

    private void load(CamelContext context, Pending file, boolean first) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> before = routeIds(model);
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(file.resource().get());
            Set<String> added = routeIds(model);
            added.removeAll(before);
            if (added.isEmpty()) {
                // Camel leaves out a route whose precondition is false ({{influx.enabled}} with no influx.url).
                LOG.debug("Loaded {}: none of its routes is on", file.name());
                off(file.name());
                return;
            }
            if (!first) {
                LOG.info("{}: its routes run now", file.name());
            } else {
                LOG.debug("Loaded routes from {}", file.name());
            }
            up(file.name());
            return;
        } catch (Exception e) {
            Set<String> added = routeIds(model);
            added.removeAll(before);
            remove(context, added);
            String reason = firstLine(e);
            // Routes that were made and only failed to start (a broker or host not answering) may run later.
            boolean retry = !added.isEmpty() && startFailure(e);
            if (file.fallbackBuiltIn() != null && !retry) {
                // The user's copy of a shipped file is broken: the shipped one runs, and the file stays DOWN so
                // that the edit is not silently ignored.
                LOG.error("{}: {}; running the built-in {} instead", file.name(), reason, file.fallbackBuiltIn());
                broken(file.name(), reason + "; running the built-in " + file.fallbackBuiltIn());
                try {
                    PluginHelper.getRoutesLoader(context).loadRoutes(builtIn(context, file.fallbackBuiltIn()));
                } catch (Exception builtIn) {
                    LOG.error("the built-in routes/{}: {}", file.fallbackBuiltIn(), firstLine(builtIn));
                }
                return;
            }
            synchronized (this) {
                boolean wasDown = problems.containsKey(file.name());
                broken(file.name(), reason + (retry ? " (tried again every " + RETRY.toSeconds() + " s)" : ""));
                if (first || !wasDown) {
                    LOG.error("{}: {}; its routes are {}, the others run", file.name(), reason,
                            retry ? "stopped and tried again every " + RETRY.toSeconds() + " s" : "not started");
                } else {
                    LOG.debug("{}: still failing: {}", file.name(), reason);
                }
            }
            if (retry) {
                scheduleRetry(context, file);
            }
        }
    }

    private synchronized void scheduleRetry(CamelContext context, Pending file) {
        if (retries == null) {
            // Camel's thread (named, daemon), shut down with the context should stop() not be reached.
            retries = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "VeDirect route files");
            retriesContext = context;
        }
        retries.schedule(() -> {
            if (context.isStarted()) {
                load(context, file, false);
            }
        }, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        ScheduledExecutorService executor;
        CamelContext owner;
        synchronized (this) {
            executor = retries;
            owner = retriesContext;
            retries = null;
        }
        if (executor != null) {
            owner.getExecutorServiceManager().shutdownNow(executor);
        }
    }

    /**
     * Whether the routes were made and only their start failed (a broker or host not answering): worth another
     * try. A route that cannot be made (unknown component, bad URI, missing bean) fails the same way every time.
     */
    static boolean startFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ResolveEndpointFailedException || t instanceof NoSuchEndpointException
                    || t instanceof FailedToCreateRouteException) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> routeIds(Model model) {
        Set<String> ids = new LinkedHashSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            ids.add(route.getRouteId());
        }
        return ids;
    }

    private static void remove(CamelContext context, Set<String> ids) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : ids) {
            try {
                context.getRouteController().stopRoute(id, 5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Never started: nothing to stop.
            }
            try {
                context.removeRoute(id);
            } catch (Exception ignored) {
                // Not created: only its definition is left.
            }
            RouteDefinition definition = model.getRouteDefinition(id);
            if (definition != null) {
                try {
                    model.removeRouteDefinition(definition);
                } catch (Exception ignored) {
                    // Gone with its route.
                }
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
            loadRoutes(context, builtIn(context, name));
        } catch (Exception e) {
            throw new IllegalStateException("the built-in routes/" + name + " do not load: " + firstLine(e), e);
        }
    }

    private static void loadRoutes(CamelContext context, Resource resource) throws Exception {
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
