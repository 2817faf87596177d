package io.github.vedirect.alarms;

import io.github.vedirect.devices.Devices;
import io.github.vedirect.logger.RunningLogger;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real logger with its shipped routes, reading {@link TcpDevice}s, and a route of the test's own on seda:alarms
 * (as a user would add one) that keeps every alarm message: {@code "house low-soc raised"} and its headers.
 */
final class AlarmRun implements AutoCloseable {

    /** One message of seda:alarms. */
    record Message(String device, String alarm, String state, String value, String since, String text) {
        String brief() {
            return device + " " + alarm + " " + state;
        }
    }

    final RunningLogger logger;
    final List<Message> messages = new CopyOnWriteArrayList<>();

    AlarmRun(Path csv, Map<String, String> settings) throws Exception {
        logger = new RunningLogger(csv, settings);
        logger.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:alarms?multipleConsumers=true").routeId("test-alarms").process(exchange -> messages.add(new Message(
                        exchange.getIn().getHeader("VeDirectDeviceName", String.class),
                        exchange.getIn().getHeader("VeDirectAlarm", String.class),
                        exchange.getIn().getHeader("VeDirectAlarmState", String.class),
                        exchange.getIn().getHeader("VeDirectAlarmValue", String.class),
                        exchange.getIn().getHeader("VeDirectAlarmSince", String.class),
                        exchange.getIn().getBody(String.class))));
            }
        });
    }

    List<String> briefs() {
        return messages.stream().map(Message::brief).toList();
    }

    /** The device's record the logger has last judged, once it has judged this many more after it. */
    Devices.Device device(String name) {
        return logger.bean("devices", Devices.class).all().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Waits until the logger has seen the device send {@code label=value}, and then two records more: every step of
     * the device's route (the alarms' among them) has judged the value.
     */
    void judged(String device, String label, String value) {
        await("the logger to see " + device + " " + label + "=" + value, Duration.ofSeconds(15), () -> {
            var record = device(device).lastRecord();
            return record != null && value.equals(record.raw(label));
        });
        Instant seen = device(device).lastRecordAt();
        await("two more records of " + device, Duration.ofSeconds(15), () -> {
            Instant last = device(device).lastRecordAt();
            return last != null && Duration.between(seen, last).toMillis() >= 150;
        });
    }

    void awaitMessage(String brief, Duration limit) {
        awaitMessage(brief, 1, limit);
    }

    /** Waits until {@code brief} has come {@code times} times (the messages reach the test on a thread of their own). */
    void awaitMessage(String brief, int times, Duration limit) {
        await(times + " x alarm message \"" + brief + "\" (so far " + briefs() + ")", limit,
                () -> briefs().stream().filter(brief::equals).count() >= times);
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + limit.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        assertTrue(condition.getAsBoolean());
    }

    @Override
    public void close() {
        logger.close();
    }

    /**
     * The settings the channel tests share: one device, {@code house}, on {@code device}, no store, and the rule
     * low-soc (SOC below 50 %, cleared above 55 %). A map the test adds its channel's settings to.
     */
    static Map<String, String> lowSocSettings(TcpDevice device) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("vedirect.port.house", device.source());
        settings.put("store.folder", "");
        settings.put("alarm.rule.low-soc", "SOC < 50");
        settings.put("alarm.rule.low-soc.clear", "SOC > 55");
        return settings;
    }
}
