package io.github.vedirect.logger;

import io.github.vedirect.alarms.AlarmService;
import io.github.vedirect.alarms.AlarmSettings;
import io.github.vedirect.alarms.AlarmState;
import io.github.vedirect.alarms.DomoticzAlarm;
import io.github.vedirect.alarms.Durations;
import io.github.vedirect.alarms.FileAlarmState;
import io.github.vedirect.alarms.NotifySettings;
import io.github.vedirect.alarms.NtfyRequest;
import io.github.vedirect.alarms.Outbox;
import io.github.vedirect.alarms.SqliteAlarmState;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.domoticz.DomoticzRequests;
import io.github.vedirect.domoticz.DomoticzSettings;
import io.github.vedirect.mqtt.AlarmStates;
import io.github.vedirect.mqtt.MqttDestination;
import io.github.vedirect.store.StoreStep;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The alarms' beans: {@code alarms} (routes/vedirect.yaml hands it every record), and for each shipped channel
 * that is on, its beans (routes/ntfy.yaml: {@code ntfy}, {@code ntfyOutbox}; routes/email.yaml: {@code emailOutbox},
 * {@code smtpProperties}; routes/vedirect.yaml: {@code domoticzAlarm}, {@code domoticzAlarmQueue}) and the properties
 * its file reads; the alarms handed to MQTT (routes/mqtt.yaml).
 */
final class AlarmSetup {

    /** Where the raised alarms are kept without a record store: beside the CSV file. */
    static final String STATE_FILE = "vedirect-alarms.properties";

    private AlarmSetup() {
    }

    /**
     * @param mqtt     the MQTT destination, or null while MQTT is off
     * @param domoticz the Domoticz settings, for {@code domoticz.alarm-idx}
     */
    static AlarmService bind(CamelContext context, Collection<String> keys, StoreStep store, Path csvFile, Devices devices,
                             MqttDestination mqtt, DomoticzSettings domoticz) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        AlarmSettings settings = AlarmSettings.read(key -> properties.resolveProperty(key).orElse(null), keys);
        NotifySettings notify = NotifySettings.read(key -> properties.resolveProperty(key).orElse(null));
        notify.routeProperties().forEach(properties::addInitialProperty);
        AlarmState state = alarmState(store, csvFile.resolveSibling(STATE_FILE));
        AlarmService alarms = new AlarmService(context, settings, state,
                () -> devices.all().stream().map(Devices.Device::name).toList());
        context.getRegistry().bind("alarms", alarms);
        context.addService(alarms);
        if (notify.ntfy()) {
            context.getRegistry().bind("ntfy", new NtfyRequest(notify.url(), notify.token()));
            bindOutbox(context, "ntfy", alarms, settings, notify.url());
        }
        if (notify.email()) {
            context.getRegistry().bind("smtpProperties", notify.smtpProperties());
            bindOutbox(context, "email", alarms, settings, null);
        }
        if (mqtt != null) {
            mqtt.alarms(new AlarmStates() {
                @Override
                public List<String> alarmsOf(String device, VeDirectRecord record) {
                    return alarms.engine().alarmsOf(device, record);
                }

                @Override
                public boolean raised(String device, String alarm) {
                    return alarms.engine().isRaised(device, alarm);
                }
            });
        }
        properties.addInitialProperty("domoticz.alarm.enabled", Boolean.toString(domoticz.alarmAlert()));
        if (domoticz.alarmAlert()) {
            DomoticzAlarm alert = new DomoticzAlarm(context, alarms.engine(), new DomoticzRequests(domoticz), settings.retry());
            context.getRegistry().bind("domoticzAlarm", alert);
            context.getRegistry().bind("domoticzAlarmQueue", alert.queue());
        }
        String alsoTo = (mqtt != null ? "MQTT, " : "") + (domoticz.alarmAlert() ? "Domoticz idx " + domoticz.alarmIdx() + ", " : "");
        LoggerFactory.getLogger(AlarmSetup.class).info(startLine(settings, notify, alsoTo));
        return alarms;
    }

    /**
     * What is watched and where it goes; ntfy by its server only (on ntfy.sh the topic is all that guards it).
     *
     * @param alsoTo the other channels on, each followed by ", " ({@code MQTT, }), or empty
     */
    static String startLine(AlarmSettings settings, NotifySettings notify, String alsoTo) {
        StringBuilder line = new StringBuilder("Alarms: each device's own, its errors, no data after ")
                .append(Durations.human(settings.noDataAfter()));
        settings.rules().forEach(rule -> line.append(", ").append(rule.name()).append(" (").append(rule.raise())
                .append(rule.holdFor().isZero() ? "" : " for " + Durations.human(rule.holdFor()))
                .append(rule.device() == null ? "" : ", " + rule.device()).append(')'));
        line.append("; reminders ").append(settings.repeat() == null ? "off" : "every " + Durations.human(settings.repeat()));
        line.append("; sent to ").append(notify.ntfy() ? "ntfy on " + java.net.URI.create(notify.url()).getHost() + ", " : "")
                .append(notify.email() ? "e-mail to " + notify.smtpTo() + ", " : "").append(alsoTo).append("seda:alarms");
        return line.toString();
    }

    private static void bindOutbox(CamelContext context, String name, AlarmService alarms, AlarmSettings settings,
                                   String unsaid) throws Exception {
        Outbox outbox = new Outbox(name, context, alarms.engine(), settings.retry(), unsaid);
        context.getRegistry().bind(name + "Outbox", outbox);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                outbox.stop();
            }
        });
    }

    /**
     * Where the raised alarms are kept: in the record store's file, or beside the CSV without a store or when the
     * store's file cannot be opened (then with one warning: the alarms work on).
     */
    private static AlarmState alarmState(StoreStep store, Path besideCsv) {
        if (store.store() == null) {
            return new FileAlarmState(besideCsv);
        }
        try {
            return new SqliteAlarmState(store.store().file());
        } catch (SQLException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            LoggerFactory.getLogger(AlarmSetup.class).warn("Raised alarms cannot be kept in the record store ({}); they are "
                    + "kept in {} instead", why, besideCsv);
            return new FileAlarmState(besideCsv);
        }
    }
}
