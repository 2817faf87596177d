package io.github.vedirect.csv;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.hex.HexException;
import io.github.vedirect.identity.DeviceHeaders;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexReply;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code history.file}: when a solar charger's day turns over (its text field {@code HSDS}, the day sequence number,
 * changes), the record of the day that ended (HEX register 0x1051, "yesterday") is read and appended to a CSV file,
 * with the columns of the {@code history} command ({@link HistoryCsv}) after the device's name, serial number and the
 * {@code HSDS} of that day. The heading is written when the file is new or empty.
 *
 * <ul>
 *   <li>Called by each device's route (routes/vedirect.yaml) with every joined record; the HEX read goes through the
 *       device's own connection ({@link Devices#historyDay}, the component's producer), on a thread of this class:
 *       the record's thread is the one that reads the answer.</li>
 *   <li>The first {@code HSDS} after a start is only remembered: whether the day before was already written is not
 *       known, and a line written twice is worse than the {@code history} command run once by hand.</li>
 *   <li>A read that fails is one warning, and is tried again with a later record: after 1 s, then a pause that doubles
 *       up to {@link #MAX_PAUSE_SECONDS}, so a device that stopped answering is not asked with every record. A day
 *       the device refuses (no history, a day it does not hold) is one warning and given up. Days that ended while
 *       one was pending are read in turn, each by its distance from today.</li>
 *   <li>Several devices: one file per device, {@code history.csv} becoming {@code history-NAME.csv}, as
 *       {@code csv.file} does.</li>
 * </ul>
 */
public class DailyHistory extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DailyHistory.class);

    /** The heading of the file: who and which day, then the columns of the history command. */
    public static final String HEADER = "device,serial,hsds," + HistoryCsv.HEADER;
    static final long MAX_PAUSE_SECONDS = 300;
    /** HSDS counts 0 to 364, then starts again. */
    private static final int DAYS_COUNTED = 365;

    private static final class DeviceDays {
        Integer today;
        /** The HSDS of ended days whose record is not written yet, oldest first. */
        final Deque<Integer> ended = new ArrayDeque<>();
        boolean reading;
        int failures;
        long nextTryNanos;
    }

    private final CamelContext context;
    private final Path file;
    private final boolean filePerDevice;
    private final Devices devices;
    private final Map<String, DeviceDays> days = new ConcurrentHashMap<>();
    private ExecutorService executor;

    /**
     * @param file          {@code history.file}, absolute; null when not set (then records are only looked at)
     * @param filePerDevice whether each device has a file of its own, named after it
     */
    public DailyHistory(CamelContext context, Path file, boolean filePerDevice, Devices devices) {
        this.context = context;
        this.file = file;
        this.filePerDevice = filePerDevice;
        this.devices = devices;
    }

    @Override
    protected void doStart() {
        if (file != null) {
            executor = context.getExecutorServiceManager().newSingleThreadExecutor(this, "VeDirect history");
        }
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
        }
    }

    /** The file a device's days go to. */
    Path fileOf(String device) {
        return filePerDevice ? file.resolveSibling(CsvLines.fileNameFor(file.getFileName().toString(), device)) : file;
    }

    /** Called by the route with each joined record of a device. */
    public void seen(Exchange exchange) {
        if (file == null || executor == null) {
            return;
        }
        String name = exchange.getIn().getHeader(DeviceHeaders.NAME, String.class);
        VeDirectRecord record = exchange.getIn().getBody(VeDirectRecord.class);
        String hsds = record == null ? null : record.raw("HSDS");
        if (name == null || hsds == null) {
            return;
        }
        int sequence;
        try {
            sequence = Integer.parseInt(hsds.trim());
        } catch (NumberFormatException e) {
            return;
        }
        String serial = exchange.getIn().getHeader(DeviceHeaders.SERIAL, String.class);
        DeviceDays device = days.computeIfAbsent(name, n -> new DeviceDays());
        synchronized (device) {
            if (device.today == null) {
                device.today = sequence;
                return;
            }
            if (sequence != device.today) {
                device.ended.addLast(device.today);
                device.today = sequence;
            }
            if (device.ended.isEmpty() || device.reading || System.nanoTime() - device.nextTryNanos < 0) {
                return;
            }
            device.reading = true;
        }
        executor.execute(() -> read(name, serial == null ? name : serial, device));
    }

    /** On the history thread: the oldest ended day of the device, read and appended, or one line why not. */
    private void read(String name, String serial, DeviceDays device) {
        int ended;
        int distance;
        synchronized (device) {
            ended = device.ended.peekFirst();
            distance = Math.floorMod(device.today - ended, DAYS_COUNTED);
        }
        Path target = fileOf(name);
        try {
            if (distance < 1 || distance > 30) {
                LOG.warn("History: {} day {} cannot be read any more (the device holds 30 days; today is day {}); not in {}",
                        name, ended, ended + distance, target);
                done(device, true);
                return;
            }
            HexHistory.Day record = devices.historyDay(name, distance);
            append(target, String.join(",", name, serial, Integer.toString(ended), HistoryCsv.row(Integer.toString(distance), record)));
            LOG.info("History: {} day {} appended to {}: {} kWh, {} W{}", name, ended, target, record.yieldKwh(),
                    record.maxPowerWatts(), device.failures > 0 ? " (after " + device.failures + " failed tries)" : "");
            done(device, true);
        } catch (HexException e) {
            if (e.reason() == HexException.Reason.DEVICE_REFUSED && e.kind() != HexReply.Kind.FRAME_ERROR) {
                LOG.warn("History: {} day {} not in {}: the device does not give its record ({})", name, ended, target,
                        e.getMessage());
                done(device, true);
            } else {
                failed(name, ended, device, e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            failed(name, ended, device, e.toString());
        }
    }

    private void failed(String name, int ended, DeviceDays device, String why) {
        long pause;
        synchronized (device) {
            device.failures++;
            pause = Math.min(MAX_PAUSE_SECONDS, 1L << Math.min(20, device.failures - 1));
            device.nextTryNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(pause);
        }
        if (device.failures == 1) {
            LOG.warn("History: {} day {} not read: {}; tried again with a later record (the pause doubles up to {} s)",
                    name, ended, why, MAX_PAUSE_SECONDS);
        } else {
            LOG.debug("History: {} day {} not read (try {}): {}", name, ended, device.failures, why);
        }
        done(device, false);
    }

    private void done(DeviceDays device, boolean dayFinished) {
        synchronized (device) {
            if (dayFinished) {
                device.ended.pollFirst();
                device.failures = 0;
                device.nextTryNanos = System.nanoTime();
            }
            device.reading = false;
        }
    }

    /** The line, after the heading when the file is new or empty, and after a line break when the last line was cut. */
    private static synchronized void append(Path target, String line) throws IOException {
        StringBuilder text = new StringBuilder();
        long size = Files.exists(target) ? Files.size(target) : 0;
        if (size == 0) {
            text.append(HEADER).append('\n');
        } else if (lastByte(target) != '\n') {
            text.append('\n');
        }
        text.append(line).append('\n');
        Files.writeString(target, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int lastByte(Path file) throws IOException {
        try (RandomAccessFile tail = new RandomAccessFile(file.toFile(), "r")) {
            tail.seek(tail.length() - 1);
            return tail.read();
        }
    }
}
