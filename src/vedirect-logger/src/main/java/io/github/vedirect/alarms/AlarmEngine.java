package io.github.vedirect.alarms;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.FieldValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides when each device's alarms start and end: raised once when one starts (one WARN), cleared once when it ends
 * (one INFO, with how long it lasted), never repeated while it lasts unless {@code alarm.repeat} asks for reminders.
 * Every record is judged, not only those the interval lets through: an alarm is as quick as the device, whatever
 * vedirect.interval says. The raised alarms are kept ({@link AlarmState}), so a restart raises none a second time.
 * Free of Camel: {@link AlarmService} feeds it records and the clock's ticks, and sends what it emits.
 */
public final class AlarmEngine {

    /** The alarm of a device that sent no valid record for {@code alarm.no-data-after}. */
    public static final String NO_DATA = "no-data";

    private static final Logger LOG = LoggerFactory.getLogger(AlarmEngine.class);

    /** One device's one alarm. */
    private static final class Tracked {
        ActiveAlarm active;
        /** When a rule's condition began to hold while it waits out its {@code .for}; null while it does not hold. */
        Instant holdingSince;
        Instant lastSent;
        long sequence;
    }

    private final AlarmSettings settings;
    private final AlarmState state;
    private final Consumer<AlarmEvent> sink;
    private final Clock clock;
    private final Map<String, Tracked> alarms = new HashMap<>();
    private final Map<String, Instant> lastRecord = new HashMap<>();
    private boolean stateFailing;

    public AlarmEngine(AlarmSettings settings, AlarmState state, Consumer<AlarmEvent> sink, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.sink = sink;
        this.clock = clock;
    }

    /** Takes up the alarms raised before a restart: they stay raised, and nothing is sent for them. */
    public synchronized void restore() {
        try {
            for (ActiveAlarm active : state.load()) {
                Tracked tracked = tracked(active.device(), active.alarm());
                tracked.active = active;
                tracked.lastSent = clock.instant();
                LOG.info("Alarm still raised since {}: {}: {} ({})", active.since(), active.device(), active.alarm(), active.value());
            }
        } catch (Exception e) {
            LOG.warn("Alarms: cannot read the alarms raised before the restart from {}: {}", state.where(), e.getMessage());
        }
    }

    /** Judges one valid record of a device. */
    public synchronized void record(String device, VeDirectRecord record) {
        Instant now = now();
        lastRecord.put(device, now);
        update(device, NO_DATA, false, true, Duration.ZERO, "records again", now);
        BuiltInAlarms.judge(record).forEach((alarm, seen) ->
                update(device, alarm, seen.active(), !seen.active(), Duration.ZERO, seen.value(), now));
        for (AlarmRule rule : settings.rules()) {
            Double value = rule.appliesTo(device) ? record.scaled(rule.raise().label()) : null;
            if (value == null) {
                continue;
            }
            boolean raise = rule.raise().holds(value);
            boolean clear;
            if (rule.clear() == null) {
                clear = !raise;
            } else {
                Double clearValue = record.scaled(rule.clear().label());
                clear = clearValue != null && rule.clear().holds(clearValue);
            }
            update(device, rule.name(), raise, clear, rule.holdFor(), said(record, rule.raise().label()), now);
        }
    }

    /**
     * The clock's tick: the no-data alarm of each device silent for {@code alarm.no-data-after} (a device known from
     * the settings that never spoke counts from its first tick), and the reminders.
     */
    public synchronized void tick(Collection<String> devices) {
        Instant now = now();
        for (String device : devices) {
            lastRecord.putIfAbsent(device, now);
        }
        lastRecord.forEach((device, last) -> {
            Duration silent = Duration.between(last, now);
            if (silent.compareTo(settings.noDataAfter()) >= 0) {
                update(device, NO_DATA, true, false, Duration.ZERO, "no valid record for " + Durations.human(silent), now);
            }
        });
        if (settings.repeat() != null) {
            for (Tracked tracked : alarms.values()) {
                if (tracked.active != null && !now.isBefore(tracked.lastSent.plus(settings.repeat()))) {
                    tracked.lastSent = now;
                    ActiveAlarm active = tracked.active;
                    AlarmEvent reminder = new AlarmEvent(active.device(), active.alarm(), AlarmEvent.State.RAISED,
                            active.value(), active.since(), now, true, ++tracked.sequence);
                    LOG.warn("Alarm {}", reminder.text());
                    sink.accept(reminder);
                }
            }
        }
    }

    private void update(String device, String alarm, boolean raise, boolean clear, Duration holdFor, String value, Instant now) {
        Tracked tracked = alarms.get(device + "/" + alarm);
        if (tracked == null && !raise) {
            return;
        }
        tracked = tracked != null ? tracked : tracked(device, alarm);
        if (tracked.active == null) {
            if (!raise) {
                tracked.holdingSince = null;
                return;
            }
            if (tracked.holdingSince == null) {
                tracked.holdingSince = now;
            }
            if (Duration.between(tracked.holdingSince, now).compareTo(holdFor) >= 0) {
                raise(tracked, new ActiveAlarm(device, alarm, tracked.holdingSince, value), now);
            }
        } else if (clear) {
            clear(tracked, value, now);
        } else if (raise) {
            // The newest value for /status; kept in memory only: the store is written once per episode.
            tracked.active = new ActiveAlarm(device, alarm, tracked.active.since(), value);
        }
    }

    private void raise(Tracked tracked, ActiveAlarm active, Instant now) {
        tracked.active = active;
        tracked.holdingSince = null;
        tracked.lastSent = now;
        keep(() -> state.raised(active));
        AlarmEvent event = new AlarmEvent(active.device(), active.alarm(), AlarmEvent.State.RAISED, active.value(),
                active.since(), now, false, ++tracked.sequence);
        LOG.warn("Alarm {}", event.text());
        sink.accept(event);
    }

    private void clear(Tracked tracked, String value, Instant now) {
        ActiveAlarm active = tracked.active;
        tracked.active = null;
        keep(() -> state.cleared(active.device(), active.alarm()));
        AlarmEvent event = new AlarmEvent(active.device(), active.alarm(), AlarmEvent.State.CLEARED, value,
                active.since(), now, false, ++tracked.sequence);
        LOG.info("Alarm {}", event.text());
        sink.accept(event);
    }

    private interface StateChange {
        void run() throws Exception;
    }

    /** Keeps a change; a state that cannot be written is one warning until it can again, and the alarms go on. */
    private void keep(StateChange change) {
        try {
            change.run();
            if (stateFailing) {
                LOG.info("Alarms: the raised alarms are kept in {} again", state.where());
                stateFailing = false;
            }
        } catch (Exception e) {
            if (!stateFailing) {
                LOG.warn("Alarms: cannot keep the raised alarms in {} ({}): a restart now would raise them again",
                        state.where(), e.getMessage());
                stateFailing = true;
            }
        }
    }

    /** Milliseconds, as the alarms are kept: an alarm read back after a restart has the very time it was raised at. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Tracked tracked(String device, String alarm) {
        return alarms.computeIfAbsent(device + "/" + alarm, key -> new Tracked());
    }

    /** Whether this event is its alarm's newest: a channel that failed retries only that one. */
    public synchronized boolean isNewest(AlarmEvent event) {
        Tracked tracked = alarms.get(event.key());
        return tracked != null && tracked.sequence == event.sequence();
    }

    /** The alarms raised now, by device and alarm. */
    public synchronized List<ActiveAlarm> active() {
        List<ActiveAlarm> active = new ArrayList<>();
        for (Tracked tracked : alarms.values()) {
            if (tracked.active != null) {
                active.add(tracked.active);
            }
        }
        active.sort(Comparator.comparing(ActiveAlarm::device).thenComparing(ActiveAlarm::alarm));
        return active;
    }

    /** Every alarm raised since the start or before it, by {@code device/alarm}: whether it is raised now. */
    public synchronized Map<String, Boolean> states() {
        Map<String, Boolean> states = new java.util.TreeMap<>();
        alarms.forEach((key, tracked) -> {
            if (tracked.active != null || tracked.sequence > 0) {
                states.put(key, tracked.active != null);
            }
        });
        return states;
    }

    /**
     * The alarms of a device that sends this record, for Home Assistant's entities: the built-in ones whose field the
     * record has (a device without {@code ERR} never has an {@code error} alarm), {@value #NO_DATA}, and each rule
     * that applies to the device and whose label the record has.
     */
    public List<String> alarmsOf(String device, VeDirectRecord record) {
        List<String> names = new ArrayList<>(BuiltInAlarms.judge(record).keySet());
        names.add(NO_DATA);
        for (AlarmRule rule : settings.rules()) {
            if (rule.appliesTo(device) && record.scaled(rule.raise().label()) != null) {
                names.add(rule.name());
            }
        }
        return names;
    }

    /** Whether the device's alarm is raised now. */
    public synchronized boolean isRaised(String device, String alarm) {
        Tracked tracked = alarms.get(device + "/" + alarm);
        return tracked != null && tracked.active != null;
    }

    /** {@code SOC 48.5 %}: the label and its value in the catalogue's unit. */
    private static String said(VeDirectRecord record, String label) {
        FieldValue value = record.typed(label);
        return label + " " + value;
    }
}
