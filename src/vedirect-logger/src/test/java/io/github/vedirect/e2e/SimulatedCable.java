package io.github.vedirect.e2e;

import io.github.vedirect.component.PseudoTerminal;
import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import io.github.vedirect.simulator.SimulatedDevice;
import io.github.vedirect.simulator.Simulators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A simulated Victron device (the simulator's real bytes: a BMV-702's main and history blocks in turn, a
 * split SmartSolar record, a SmartShunt) on a pseudo-terminal behind a by-id style link, one tick a second at
 * the link's rate. It decodes what it sends, so a test can tell which record an upload carries and when that
 * record's last byte left the device: each record is remembered with the instant its last block ended.
 */
final class SimulatedCable implements AutoCloseable {

    /** One record as the device sent it: its fields, and when its last block so far was written. */
    static final class SentRecord {
        final Map<String, String> fields = new LinkedHashMap<>();
        volatile Instant lastByte;
    }

    private final Path link;
    private final SimulatedDevice device;
    private final Thread sender;
    private final List<SentRecord> records = new ArrayList<>();
    private volatile PseudoTerminal pty;
    private volatile boolean running = true;

    SimulatedCable(String model, long seed, Path link, long offsetMillis) throws IOException {
        this.link = link;
        this.device = Simulators.create(model, seed);
        this.pty = PseudoTerminal.open();
        pty.linkAs(link);
        this.sender = new Thread(() -> sendForever(offsetMillis), "simulated-" + model);
        sender.setDaemon(true);
        sender.start();
    }

    Path link() {
        return link;
    }

    private void sendForever(long offsetMillis) {
        // Ticks start at a fixed offset after whole seconds: three devices never all write at once.
        long now = System.currentTimeMillis();
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((now / 1000 + 1) * 1000 + offsetMillis - now);
        List<VeDirectBlock> blocks = new ArrayList<>();
        VeDirectDecoder decoder = new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                blocks.add(block);
            }
        });
        while (running) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            due += TimeUnit.SECONDS.toNanos(1);
            byte[] bytes = device.nextTick(Instant.now());
            PseudoTerminal terminal = pty;
            if (terminal == null) {
                continue;
            }
            try {
                SequencedDevice.writeAtLinkRate(terminal, bytes);
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                return;
            }
            Instant written = Instant.now();
            blocks.clear();
            decoder.feed(bytes);
            synchronized (records) {
                for (VeDirectBlock block : blocks) {
                    // A block with PID starts a record; the blocks after it (history, second half) belong to it.
                    if (block.has("PID") || records.isEmpty()) {
                        records.add(new SentRecord());
                    }
                    SentRecord record = records.get(records.size() - 1);
                    record.fields.putAll(block.asMap());
                    record.lastByte = written;
                }
            }
        }
    }

    /** How many records were begun so far. */
    int recordCount() {
        synchronized (records) {
            return records.size();
        }
    }

    /** What a check of one upload found: the record's position, or -1 when the device never sent it whole. */
    record Match(int index, Instant lastByte, int newerWholeRecords) {
    }

    /**
     * Finds the record an upload carries (every field as sent, nothing more, nothing less; "device" aside) and
     * counts the newer records that were whole, and had been for {@code grace}, when the upload arrived.
     */
    Match match(com.fasterxml.jackson.databind.JsonNode upload, Instant at, java.time.Duration grace) {
        synchronized (records) {
            for (int i = records.size() - 1; i >= 0; i--) {
                Map<String, String> fields = records.get(i).fields;
                if (sameFields(fields, upload)) {
                    int newer = 0;
                    for (int j = i + 1; j < records.size(); j++) {
                        SentRecord later = records.get(j);
                        if (later.fields.keySet().containsAll(fields.keySet()) && !later.lastByte.isAfter(at.minus(grace))) {
                            newer++;
                        }
                    }
                    return new Match(i, records.get(i).lastByte, newer);
                }
            }
            return new Match(-1, null, 0);
        }
    }

    private static boolean sameFields(Map<String, String> fields, com.fasterxml.jackson.databind.JsonNode upload) {
        int size = upload.has("device") ? upload.size() - 1 : upload.size();
        if (size != fields.size()) {
            return false;
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            com.fasterxml.jackson.databind.JsonNode value = upload.get(field.getKey());
            if (value == null || !value.asText().equals(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Pulls the cable: the terminal closes and the by-id link goes away, as udev removes it. */
    void unplug() throws IOException {
        PseudoTerminal terminal = pty;
        pty = null;
        if (terminal != null) {
            terminal.close();
        }
        Files.deleteIfExists(link);
    }

    /** Plugs it in again: a new terminal behind the same link. */
    void replug() throws IOException {
        PseudoTerminal terminal = PseudoTerminal.open();
        terminal.linkAs(link);
        pty = terminal;
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PseudoTerminal terminal = pty;
        pty = null;
        if (terminal != null) {
            terminal.close();
        }
    }
}
