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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code /events}: the devices' cards as Server-Sent Events, each device's card sent again within
 * {@link #LOOK_EVERY_MS} of a new record, and every card every {@link #ALL_EVERY_MS} (its age, UP or DOWN, and a
 * write that finds a page gone). At most {@link #MAX_STREAMS} pages at once: one more is a 503 and one log line, so a
 * browser left open for days, or many, cannot grow the logger's memory; a stream whose page went is closed at the
 * next write that fails.
 */
final class LiveEvents implements HttpHandler {

    static final int MAX_STREAMS = 16;
    static final long LOOK_EVERY_MS = 200;
    static final long ALL_EVERY_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Devices devices;
    private final List<HttpExchange> streams = new CopyOnWriteArrayList<>();
    /** Each device's last record time as last sent, by name: what tells a new record. */
    private final Map<String, Instant> sent = new HashMap<>();
    private ScheduledExecutorService timer;
    private long lastAll;

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
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        streams.forEach(HttpExchange::close);
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
        synchronized (streams) {
            if (streams.size() >= MAX_STREAMS) {
                LOG.warn("Page stream from {} refused: {} pages are open already, the most the logger serves",
                        exchange.getRemoteAddress().getAddress().getHostAddress(), MAX_STREAMS);
                Replies.line(exchange, 503, "too many pages open (" + MAX_STREAMS + "): close one");
                return;
            }
            streams.add(exchange);
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
        write(exchange, all.toString());
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
                for (HttpExchange stream : streams) {
                    write(stream, events.toString());
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
    private void write(HttpExchange stream, String text) {
        try {
            OutputStream out = stream.getResponseBody();
            // The first cards (the handler's thread) and the timer's may meet on one stream: one write at a time.
            synchronized (stream) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            streams.remove(stream);
            stream.close();
        }
    }
}
