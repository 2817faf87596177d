package io.github.vedirect.settings;

import io.github.vedirect.influxdb.InfluxTarget;
import io.github.vedirect.simulator.Simulators;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of the logger, once: its key, its default and what it does. The parsers take keys and defaults
 * from here, the {@code help} command and {@code docs/configuration.md} are rendered from here
 * ({@link SettingsReference}), and an unknown key is one that is not here ({@link UnknownSettings}).
 * A key ending in an upper-case part ({@code vedirect.port.NAME}) is a family of keys, one per name; it has no
 * default. Keys are promises to users: never rename one.
 */
public enum Setting {

    VEDIRECT_PORT(Topic.DEVICES, "vedirect.port", "",
            "The device: a serial port (/dev/ttyUSB0, /dev/serial/by-id/...), tcp:HOST:PORT (ser2net, ESP-Link), "
                    + "replay:FILE (a capture) or a built-in simulated device, " + simulators() + ". Empty: the built-in "
                    + "simulated BMV-702. Options of the vedirect: component may follow the port (?staleTimeout=20000). "
                    + "auto: every Victron VE.Direct USB cable in vedirect.auto-folder, also one plugged in later (found "
                    + "within 10 s), named by the cable's serial number or by vedirect.name.SERIAL; options may follow "
                    + "(auto?staleTimeout=20000). Beside named ports, the plain one is the device called default.",
            "/dev/serial/by-id/usb-VictronEnergy_BV_VE_Direct_cable_VE1SSGQF-if00-port0"),
    VEDIRECT_PORT_NAMED(Topic.DEVICES, "vedirect.port.NAME", null,
            "Several devices: one key per device, NAME made of letters, digits, _ and -. The name is used in file "
                    + "names, the Domoticz record, MQTT topics and /status. Two devices on one port stop the start.",
            "vedirect.port.solar=tcp:ser2net.local:4001"),
    VEDIRECT_AUTO_FOLDER(Topic.DEVICES, "vedirect.auto-folder", "/dev/serial/by-id",
            "Where vedirect.port=auto looks for cables, every 2 s.", null),
    VEDIRECT_NAME(Topic.DEVICES, "vedirect.name.SERIAL", null,
            "The name of the cable SERIAL found by vedirect.port=auto (its serial number as in its by-id name); the "
                    + "name then applies everywhere, csv.columns.NAME and domoticz.devices.NAME included.",
            "vedirect.name.VE1SSGQF=house"),
    VEDIRECT_INTERVAL(Topic.DEVICES, "vedirect.interval", "30",
            "Seconds between uploads and CSV lines; decimals are allowed (0.5), down to 0.001. One record per device "
                    + "per interval goes on; the others are dropped, never queued.", null),

    DOMOTICZ_URL(Topic.DOMOTICZ, "domoticz.url", "",
            "The address of Domoticz, without a query or credentials. Empty: no Domoticz.", "http://rpi3:8080"),
    DOMOTICZ_MODE(Topic.DOMOTICZ, "domoticz.mode", "parser",
            "parser: the whole record to the Lua parser (lua/vedirect.lua), as the original tool did; direct: one "
                    + "udevice call per Domoticz device listed in domoticz.devices, no Lua needed.", null),
    DOMOTICZ_SCRIPT(Topic.DOMOTICZ, "domoticz.script", "vedirect.lua",
            "Parser mode: the file name of the Lua parser in Domoticz's scripts/lua_parsers folder, which Domoticz "
                    + "runs for each record (a plain name ending in .lua: no path).", null),
    DOMOTICZ_USERNAME(Topic.DOMOTICZ, "domoticz.username", "",
            "Basic auth user, only if this machine is not in Domoticz's trusted networks; set with domoticz.password.",
            null),
    DOMOTICZ_PASSWORD(Topic.DOMOTICZ, "domoticz.password", "",
            "Basic auth password (never logged).", null),
    DOMOTICZ_DEVICES(Topic.DOMOTICZ, "domoticz.devices", "",
            "Direct mode: the Domoticz devices to update, LABEL:IDX:TYPE,... with TYPE number (Voltage, Ampere, "
                    + "Percentage, Custom, Usage, Temperature), counter (Electric Instant+Counter from H17/H18/H19/H20, "
                    + "with the power that moves it: see docs/domoticz.md, Direct mode), switch, alert or text; for every "
                    + "device without a list of its own.",
            "V:12:number,SOC:13:number,Alarm:14:alert"),
    DOMOTICZ_DEVICES_NAMED(Topic.DOMOTICZ, "domoticz.devices.NAME", null,
            "Direct mode: the Domoticz devices of the device called NAME, as domoticz.devices.", null),
    DOMOTICZ_TIMEOUT(Topic.DOMOTICZ, "domoticz.timeout", "5",
            "Seconds to wait for Domoticz before giving up on one upload (1 to 120).", null),
    DOMOTICZ_ALARM_IDX(Topic.DOMOTICZ, "domoticz.alarm-idx", "",
            "The idx of an Alert device that shows the alarms (docs/alarms.md), in either mode: updated on each alarm "
                    + "raised or cleared, red (yellow for a device's warning only) with the raised alarms named, green "
                    + "with No alarms. Empty: none.", "42"),
    DOMOTICZ_TRUST(Topic.DOMOTICZ, "domoticz.trust", "",
            "Domoticz over https:// with its own (self-signed) certificate: a PEM file with that certificate or the "
                    + "CA that signed it, trusted for Domoticz only; the host name is still checked. Empty: the JVM's "
                    + "trust store. See docs/domoticz.md, Domoticz over HTTPS.", "/etc/vedirect/domoticz.pem"),

    CSV_FILE(Topic.CSV, "csv.file", "vedirect_data.csv",
            "The CSV file, appended to. Several devices (always with vedirect.port=auto): one file per device, -NAME "
                    + "before the extension (vedirect_data-house.csv). Empty: no CSV.", null),
    CSV_TIME_COLUMN(Topic.CSV, "csv.time-column", "Time",
            "The heading of the first column: local time with seconds.", null),
    CSV_COLUMNS(Topic.CSV, "csv.columns", "",
            "The other columns, HEADING:LABEL:MULTIPLIER,... Empty: each device gets its family's columns: a battery "
                    + "monitor Volts:V:0.001,Amps:I:0.001,AHr:CE:0.001,SOC:SOC:0.1 (as the original tool), a solar "
                    + "charger Volts,Amps,PanelVolts,PanelWatts,State,YieldTodayKWh (V, I, VPV, PPV, CS, H20), an "
                    + "inverter ACVolts,ACAmps,ACVA,State (AC_OUT_V, AC_OUT_I, AC_OUT_S, CS), anything else "
                    + "Volts,Amps,State.", "Volts:V:0.001,SOC:SOC:0.1"),
    CSV_COLUMNS_NAMED(Topic.CSV, "csv.columns.NAME", null,
            "The columns of the device called NAME, as csv.columns.", null),

    HISTORY_FILE(Topic.HISTORY, "history.file", "",
            "A CSV file (appended to) that gets each solar charger's daily history record when its day ends (the "
                    + "text field HSDS changes): the day's yield, maximum power, PV and battery voltages, minutes in "
                    + "bulk/absorption/float, errors, read over HEX through the logger's own connection; the columns "
                    + "of the history command after device,serial,hsds. Several devices: one file per device "
                    + "(history-NAME.csv). Empty: off.", "/var/lib/vedirect-logger/history.csv"),

    STORE_FOLDER(Topic.STORE, "store.folder", "store",
            "The folder of the record store: every record that passes the interval, all its fields, with its time and "
                    + "the device's name, product and serial, in an SQLite file (records.db) that the sqlite3 CLI and DB "
                    + "Browser open; the export command prints it. InfluxDB gets every stored record from it, with its own "
                    + "time, also those of an outage. Relative to the working directory, as csv.file. "
                    + "Empty: no store (InfluxDB then gets each device's newest record only). See docs/store.md.",
            "/var/lib/vedirect-logger/store"),
    STORE_DAYS(Topic.STORE, "store.days", "31",
            "Days the store keeps a record (1 to 3650); older ones are dropped, oldest first, and counted.", null),
    STORE_MAX_MB(Topic.STORE, "store.max-mb", "256",
            "The most the store may hold, in MB of 1,000,000 bytes (1 to 1000000); beyond it the oldest records are "
                    + "dropped and counted.", null),
    STORE_COMMIT_SECONDS(Topic.STORE, "store.commit-seconds", "1",
            "Seconds the store gathers records before it writes them in one commit (1 to 3600): about what a kill -9 "
                    + "or the OOM killer may lose, against what is written to the SD card; at the 30 s interval the store "
                    + "adds about 22 MB a day with 1, about 4 MB with 180. See docs/store.md, Crash safety.", null),

    MQTT_BROKER(Topic.MQTT, "mqtt.broker", "",
            "The MQTT broker (routes/mqtt.yaml): tcp://, ssl://, ws:// or wss:// (mqtt:// is tcp://), no user in it. "
                    + "Each device's record as JSON on TOPIC/NAME/state, TOPIC/NAME/availability online/offline, the "
                    + "logger's own TOPIC/availability (its last will says offline), and Home Assistant discovery. "
                    + "Empty: no MQTT.", "tcp://broker.local:1883"),
    MQTT_USERNAME(Topic.MQTT, "mqtt.username", "",
            "Only if the broker wants a login.", null),
    MQTT_PASSWORD(Topic.MQTT, "mqtt.password", "",
            "The broker's password (never logged); needs mqtt.username.", null),
    MQTT_TOPIC(Topic.MQTT, "mqtt.topic", "vedirect",
            "The topic prefix; one of its own per logger when several share a broker.", "vedirect/boat"),
    MQTT_DISCOVERY(Topic.MQTT, "mqtt.discovery", "homeassistant",
            "Home Assistant's discovery prefix. Empty: no discovery messages.", null),
    MQTT_QOS(Topic.MQTT, "mqtt.qos", "1",
            "0, 1 or 2, for every message.", null),
    MQTT_RECORDS(Topic.MQTT, "mqtt.records", "false",
            "true: also every stored record as JSON on TOPIC/NAME/record, the state's fields plus \"time\" (the "
                    + "record's own, ISO 8601 UTC with milliseconds: 2026-12-06T04:31:12.345Z), QoS 1 (or mqtt.qos if "
                    + "higher), not retained, a backlog included after an outage or a restart: the data path of a fleet "
                    + "of sites at one broker (docs/fleet.md). Needs the store (store.folder).", null),

    MQTT_CONTROL(Topic.CONTROLS, "mqtt.control", "false",
            "true: Home Assistant may set each solar charger's charge current limit (HEX register 0x2015, volatile, "
                    + "lost when the charger restarts) as a number entity, and its load output mode (0xEDAB: off, on, "
                    + "automatic...; kept in flash, so at most one change an hour) as a select where the charger has a "
                    + "load output; commands on TOPIC/NAME/set/CONTROL, the value the device confirmed on "
                    + "TOPIC/NAME/control/CONTROL. Off by default: anyone who may publish to the broker could then "
                    + "change them.", null),

    INFLUX_URL(Topic.INFLUX, InfluxTarget.URL_KEY, "",
            "InfluxDB line protocol (routes/influxdb.yaml): http://host:8086 (InfluxDB) or http://host:8428 "
                    + "(VictoriaMetrics), no user or query in it. Empty: no InfluxDB.", "http://influx.local:8086"),
    INFLUX_DATABASE(Topic.INFLUX, InfluxTarget.DATABASE_KEY, "",
            "InfluxDB 1.x (and VictoriaMetrics): the database, required for 1.x.", "vedirect"),
    INFLUX_RETENTION_POLICY(Topic.INFLUX, "influx.retention-policy", "",
            "InfluxDB 1.x: the retention policy. Empty: the database's default.", null),
    INFLUX_USERNAME(Topic.INFLUX, "influx.username", "",
            "InfluxDB 1.x: the Basic auth user, if the server wants one.", null),
    INFLUX_PASSWORD(Topic.INFLUX, "influx.password", "",
            "InfluxDB 1.x: the Basic auth password (never logged).", null),
    INFLUX_ORG(Topic.INFLUX, InfluxTarget.ORG_KEY, "",
            "InfluxDB 2.x: the organisation of influx.bucket (VictoriaMetrics takes any name).", null),
    INFLUX_BUCKET(Topic.INFLUX, InfluxTarget.BUCKET_KEY, "",
            "InfluxDB 2.x: the bucket, instead of influx.database.", null),
    INFLUX_TOKEN(Topic.INFLUX, "influx.token", "",
            "InfluxDB 2.x: the API token (never logged).", null),

    ALARM_NO_DATA_AFTER(Topic.ALARMS, "alarm.no-data-after", "5m",
            "The no-data alarm: raised for a device that has sent no valid record for this long (10s, 5m, 1h), cleared "
                    + "by its next record. Each device also has its own alarm (Alarm ON or AR, the reasons named) and, "
                    + "for a charger or inverter, error, warning and off-reason alarms (ERR, WARN, OR): see docs/alarms.md.",
            null),
    ALARM_REPEAT(Topic.ALARMS, "alarm.repeat", "",
            "A reminder: an alarm still raised after this long (10m, 1h) is sent again, as raised, and again after as "
                    + "long. Empty: an alarm is sent once when raised and once when cleared.", "1h"),
    ALARM_RULE(Topic.ALARMS, "alarm.rule.NAME", null,
            "A threshold alarm called NAME (letters, digits, _ and -): LABEL < NUMBER or LABEL > NUMBER, in the "
                    + "catalogue's units (V in volts, I in amperes, SOC in %, T in °C; docs/alarms.md lists them), for "
                    + "every device that sends LABEL. With it: alarm.rule.NAME.clear=LABEL > NUMBER, when it clears "
                    + "(a gap against flapping; none: as soon as the rule no longer holds); alarm.rule.NAME.for=DURATION, "
                    + "how long it must hold before it is raised (none: at once); alarm.rule.NAME.device=DEVICE, the "
                    + "only device it applies to. A rule that cannot work stops the start naming its key.",
            "alarm.rule.low-soc=SOC < 50"),
    NOTIFY_URL(Topic.ALARMS, "notify.url", "",
            "ntfy (routes/ntfy.yaml): the topic's address, https://ntfy.sh/TOPIC or a server of your own; one POST per "
                    + "alarm raised or cleared. Empty: no ntfy.", "https://ntfy.sh/my-boat-alarms"),
    NOTIFY_TOKEN(Topic.ALARMS, "notify.token", "",
            "ntfy: an access token, sent as Authorization: Bearer (never logged).", null),
    NOTIFY_SMTP_HOST(Topic.ALARMS, "notify.smtp.host", "",
            "E-mail (routes/email.yaml): the SMTP server; one mail per alarm raised or cleared. Empty: no e-mail.",
            "smtp.example.org"),
    NOTIFY_SMTP_PORT(Topic.ALARMS, "notify.smtp.port", "587",
            "The SMTP server's port (submission with STARTTLS: 587).", null),
    NOTIFY_SMTP_USERNAME(Topic.ALARMS, "notify.smtp.username", "",
            "The SMTP login, if the server wants one.", null),
    NOTIFY_SMTP_PASSWORD(Topic.ALARMS, "notify.smtp.password", "",
            "The SMTP password (never logged).", null),
    NOTIFY_SMTP_FROM(Topic.ALARMS, "notify.smtp.from", "",
            "The sender's address; required with notify.smtp.host.", "vedirect@example.org"),
    NOTIFY_SMTP_TO(Topic.ALARMS, "notify.smtp.to", "",
            "Where the mails go, one address or several separated by commas; required with notify.smtp.host.",
            "me@example.org"),
    NOTIFY_SMTP_STARTTLS(Topic.ALARMS, "notify.smtp.starttls", "true",
            "true: the mail is only sent over STARTTLS (encrypted, the server's certificate checked); false: also in "
                    + "plain text when the server offers no STARTTLS (a server on this machine or the local network).", null),
    NOTIFY_RETRY(Topic.ALARMS, "notify.retry", "30s",
            "How long a channel (ntfy, e-mail) that failed waits before it tries again, with the newest state of each "
                    + "alarm.", null),

    STATUS_INTERVAL(Topic.STATUS, "status.interval", "5",
            "Minutes between status lines in the log (1 to 1440); also how often a lasting outage is recalled.", null),
    STATUS_PORT(Topic.STATUS, "status.port", "",
            "A read-only HTTP endpoint for monitoring on this port: /health (200 when every check is UP, 503 with "
                    + "the reasons: devices, route files, destinations), /status (counters, in-flight exchanges, heap, "
                    + "threads, open files as JSON) and /metrics "
                    + "(Prometheus). 0 picks a free port. Empty: off.", "8081"),
    STATUS_HOST(Topic.STATUS, "status.host", "127.0.0.1",
            "The address the status endpoint listens on; 0.0.0.0 makes it reachable from other machines.", null),

    LOG_LEVEL(Topic.LOGGING, "log.level", "INFO",
            "ERROR, WARN, INFO, DEBUG or TRACE (the original tool's debug_level). Passwords and tokens are never "
                    + "logged, at any level. One logger finer than the rest: a file of NAME.level=LEVEL lines "
                    + "(java.util.logging's levels: FINE is DEBUG, FINEST TRACE) given as "
                    + "-Djava.util.logging.config.file=FILE. Whatever either says, the loggers that would print a "
                    + "secret (Camel's properties component, the HTTP client's header and wire logs) stay at INFO.", null),
    LOG_FILE(Topic.LOGGING, "log.file", "vedirect.log",
            "The log file, rolled at 5 MB into vedirect.log.1 (the newest) to .5. Empty: console only.", null),

    ROUTES_FOLDER(Topic.ROUTES, "routes.folder", "routes",
            "Where the YAML routes are, relative to the working directory; a route file missing there is taken "
                    + "from the jar.", null);

    /** The groups of the reference, in the order a user meets them. */
    public enum Topic {
        DEVICES("Devices"),
        DOMOTICZ("Domoticz"),
        CSV("CSV"),
        HISTORY("Daily history"),
        STORE("Record store"),
        MQTT("MQTT and Home Assistant"),
        CONTROLS("HEX controls from Home Assistant"),
        INFLUX("InfluxDB"),
        ALARMS("Alarms and notifications"),
        STATUS("Status, health and Prometheus"),
        LOGGING("Logging"),
        ROUTES("Routes");

        private final String title;

        Topic(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Topic topic;
    private final String key;
    private final String defaultValue;
    private final String description;
    private final String example;

    Setting(Topic topic, String key, String defaultValue, String description, String example) {
        this.topic = topic;
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.example = example;
    }

    /** The built-in simulators, named as {@code vedirect.port} takes them: the component's own list. */
    private static String simulators() {
        return Simulators.models().stream().map(model -> "simulator:" + model).collect(Collectors.joining(", "));
    }

    public Topic topic() {
        return topic;
    }

    /** The key, as users write it; for a family of keys with its upper-case placeholder: {@code csv.columns.NAME}. */
    public String key() {
        return key;
    }

    /** The built-in default; null for a family of keys, which has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** A value (or for a family, a whole line) to show; null when the description says enough. */
    public String example() {
        return example;
    }

    /** Whether this is a family of keys, one per device or cable ({@code vedirect.port.NAME}). */
    public boolean named() {
        return defaultValue == null;
    }

    /** A family's common start, {@code vedirect.port.}; for a plain key, the key itself. */
    public String prefix() {
        return named() ? key.substring(0, key.lastIndexOf('.') + 1) : key;
    }

    /** The value given (trimmed), or the default when the key is not given at all. */
    public String in(Function<String, String> properties) {
        String value = properties.apply(key);
        return value == null ? defaultValue : value.trim();
    }

    /** As {@link #in}, and the default also for a value given empty. */
    public String orDefaultIn(Function<String, String> properties) {
        String value = in(properties);
        return value.isEmpty() ? defaultValue : value;
    }

    /** The plain keys with their defaults: what the logger uses for a key nobody sets. */
    public static Properties defaults() {
        Properties defaults = new Properties();
        for (Setting setting : values()) {
            if (!setting.named()) {
                defaults.setProperty(setting.key, setting.defaultValue);
            }
        }
        return defaults;
    }

    /** The plain keys: those a user may set as they are. */
    public static List<String> plainKeys() {
        return Arrays.stream(values()).filter(s -> !s.named()).map(Setting::key).toList();
    }

    /** The families' prefixes: {@code vedirect.port.}, {@code csv.columns.}... */
    public static List<String> namedPrefixes() {
        return Arrays.stream(values()).filter(Setting::named).map(Setting::prefix).toList();
    }
}
