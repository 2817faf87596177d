package io.github.vedirect.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.vedirect.devices.Devices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /events}: the devices' cards as Server-Sent Events, each device's card sent again within
 * {@link #LOOK_EVERY_MS} of a new record, and every card every {@link #ALL_EVERY_MS} (its age, UP or DOWN, and a
 * write that finds a page gone). At most {@link #MAX_STREAMS} pages at once: one more is a 503 and one log line, so a
 * browser left open for days, or many, cannot grow the logger's memory; a stream whose page went is closed at the
 * next write that fails. Writes go through a small pool, one at a time per stream, so that a page that stopped reading
 * (a phone asleep on Wi-Fi: the socket fills, the write blocks) holds up no other page; its stream is closed once a
 * write has waited {@link #STALLED_MS}.
 */
final class LiveEvents implements HttpHandler {

    static final int MAX_STREAMS = 16;
    static final long LOOK_EVERY_MS = 200;
    static final long ALL_EVERY_MS = 5_000;
    static final long STALLED_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Devices devices;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    /** Each device's last record time as last sent, by name: what tells a new record. */
    private final Map<String, Instant> sent = new HashMap<>();
    private ScheduledExecutorService timer;
    private ExecutorService writers;
    private long lastAll;

    /** A page's open stream; {@code writingSince}: when its write in progress began, 0 when none is. */
    private record Stream(HttpExchange exchange, AtomicLong writingSince) {
    }

    LiveEvents(Devices devices) {
        this.devices = devices;
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(run -> {
            Thread thread = new Thread(run, "VeDirect page events");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::look, LOOK_EVERY_MS, LOOK_EVERY_MS, TimeUnit.MILLISECONDS);
        // At most one write per stream at a time, so never more threads than streams; none while no page is open.
        writers = new ThreadPoolExecutor(0, MAX_STREAMS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), run -> {
            Thread thread = new Thread(run, "VeDirect page stream");
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
            writers.shutdownNow();
        }
        streams.forEach(stream -> stream.exchange().close());
        streams.clear();
    }

    /** How many pages have a stream open now. */
    int open() {
        return streams.size();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            Replies.send(exchange, 200, "text/event-stream", new byte[0], false);
            return;
        }
        // Counted and added at once, so never more than MAX_STREAMS (nor writer threads); busy while its first cards
        // are written here, so that the timer leaves it alone until then.
        Stream stream = new Stream(exchange, new AtomicLong(System.currentTimeMillis()));
        synchronized (streams) {
            if (streams.size() >= MAX_STREAMS) {
                LOG.warn("Page stream from {} refused: {} pages are open already, the most the logger serves",
                        exchange.getRemoteAddress().getAddress().getHostAddress(), MAX_STREAMS);
                Replies.line(exchange, 503, "too many pages open (" + MAX_STREAMS + "): close one");
                return;
            }
            streams.add(stream);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        // Every card at once, so a page that (re)connects is complete without waiting for records.
        Instant now = Instant.now();
        StringBuilder all = new StringBuilder();
        for (Devices.Device device : devices.all()) {
            all.append(event(device, now));
        }
        write(stream, all.toString());
        stream.writingSince().set(0);
        // The handler returns; the stream stays open, written by the timer, until its page goes.
    }

    private synchronized void look() {
        try {
            Instant now = Instant.now();
            boolean everyCard = now.toEpochMilli() - lastAll >= ALL_EVERY_MS;
            StringBuilder events = new StringBuilder();
            for (Devices.Device device : devices.all()) {
                Instant at = device.lastRecordAt();
                if (everyCard || (at != null && !at.equals(sent.get(device.name())))) {
                    if (at != null) {
                        sent.put(device.name(), at);
                    }
                    events.append(event(device, now));
                }
            }
            if (everyCard) {
                lastAll = now.toEpochMilli();
            }
            if (!events.isEmpty()) {
                String text = events.toString();
                for (Stream stream : streams) {
                    long since = stream.writingSince().get();
                    if (since == 0) {
                        stream.writingSince().set(now.toEpochMilli());
                        writers.execute(() -> {
                            write(stream, text);
                            stream.writingSince().set(0);
                        });
                    } else if (now.toEpochMilli() - since > STALLED_MS) {
                        // Closing the socket ends the blocked write, with an exception that forgets the stream.
                        streams.remove(stream);
                        stream.exchange().close();
                    }
                    // Else its page is behind: it misses these cards; the every-5-s ones bring it up to date.
                }
            }
        } catch (RuntimeException e) {
            // The timer must go on: one line, the next look tries again.
            LOG.warn("Page events: {}", e.toString());
        }
    }

    private String event(Devices.Device device, Instant now) {
        try {
            return "event: card\ndata: " + JSON.writeValueAsString(LiveValues.card(devices, device, now)) + "\n\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes to one page's stream; a page that went (the write fails) has its stream closed and forgotten. */
    private void write(Stream stream, String text) {
        try {
            OutputStream out = stream.exchange().getResponseBody();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            streams.remove(stream);
            stream.exchange().close();
        }
    }
}
