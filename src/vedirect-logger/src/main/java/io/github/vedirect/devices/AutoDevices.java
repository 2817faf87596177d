package io.github.vedirect.devices;

import io.github.vedirect.settings.LoggerSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code vedirect.port=auto}: looks in {@code vedirect.auto-folder} (/dev/serial/by-id) every
 * {@value #POLL_SECONDS} s and gives each Victron VE.Direct USB cable that appears a device route of its own,
 * named from the serial number in the cable's by-id name, or as {@code vedirect.name.SERIAL} says.
 *
 * <p>A cable that goes away keeps its route: its reader reports the port missing (its health check goes
 * DOWN with the reason, its records stop) and reopens the same by-id link when the cable comes back, as for
 * a configured port. Polling rather than a file watch: udev replaces by-id links in ways inotify reports
 * unevenly, /dev is not always watchable, and a listing of a few entries every 2 s costs nothing.
 */
public final class AutoDevices extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AutoDevices.class);

    /** Found within 10 s of being plugged in, as promised, with room for a slow Pi. */
    static final int POLL_SECONDS = 2;

    private final CamelContext context;
    private final Devices devices;
    private final Path folder;
    private final String options;
    private final Map<String, String> friendlyNames;
    private final Set<String> configuredPorts;
    private ScheduledExecutorService executor;
    private boolean saidNothingFound;

    public AutoDevices(CamelContext context, Devices devices, LoggerSettings settings) {
        this.context = context;
        this.devices = devices;
        this.folder = Path.of(settings.autoFolder());
        this.options = settings.autoOptions();
        this.friendlyNames = settings.friendlyNames();
        // A cable also configured by name (vedirect.port.house=/dev/serial/by-id/...) is that device already.
        this.configuredPorts = settings.devices().stream().map(d -> LoggerSettings.samePortKey(d.source())).collect(Collectors.toSet());
    }

    @Override
    protected void doStart() {
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "VeDirect auto");
        executor.scheduleWithFixedDelay(this::scanSafely, 0, POLL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    private void scanSafely() {
        try {
            if (context.isStarted()) {
                scan();
            }
        } catch (Exception e) {
            // One bad scan must not end the schedule (an exception would): the next one tries again.
            LOG.warn("Looking for VE.Direct cables in {} failed: {}", folder, e.getMessage());
        }
    }

    /** Adds a device for each new cable in the folder; returns how many were added. */
    int scan() throws Exception {
        List<Path> cables;
        try (Stream<Path> listing = Files.list(folder)) {
            cables = listing.filter(p -> Devices.VICTRON_CABLE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            // /dev/serial/by-id exists only while some USB serial device is plugged in.
            cables = List.of();
        }
        if (cables.isEmpty() && devices.all().isEmpty() && !saidNothingFound) {
            saidNothingFound = true;
            LOG.info("No VE.Direct USB cable in {} yet: looking every {} s", folder, POLL_SECONDS);
        }
        int added = 0;
        for (Path cable : cables) {
            Matcher serial = Devices.VICTRON_CABLE.matcher(cable.getFileName().toString());
            if (!serial.matches() || configuredPorts.contains(LoggerSettings.samePortKey(cable.toString()))) {
                continue;
            }
            String name = friendlyNames.getOrDefault(serial.group(1), serial.group(1));
            if (devices.contains(name)) {
                continue;
            }
            String source = cable.toString() + (options.isEmpty() ? "" : "?" + options);
            Devices.logAdded(devices.add(name, source), " (found by auto)");
            added++;
        }
        return added;
    }
}
