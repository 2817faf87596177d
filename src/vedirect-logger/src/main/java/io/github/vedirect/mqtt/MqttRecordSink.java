package io.github.vedirect.mqtt;

import io.github.vedirect.store.RecordSink;
import io.github.vedirect.store.StoredRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;

/**
 * {@code mqtt.records}: every stored record on {@code PREFIX/NAME/record}, for fleets whose central consumer writes to a
 * time-series database. The payload is the state message's JSON ({@link StateJson}) with {@code "time"} the record's own
 * time, ISO 8601 in UTC with milliseconds ({@value #TIME_PATTERN}: {@code 2026-12-06T04:31:12.345Z}), so that a
 * backlog sent hours later still lands where it belongs. QoS 1 (or {@code mqtt.qos} when 2), never retained: a retained
 * record would be replayed to every new subscriber as if it were new.
 *
 * <p>It publishes on the destination's own connection ({@link MqttConnection}: one client per logger, as a second
 * client with the same id would throw the first off the broker) and returns only when the broker has acknowledged
 * every message of the batch. Records are at least once: a batch cut short by a lost connection is sent again whole,
 * so a consumer may see a record twice (the same time and fields: InfluxDB keeps one point).
 */
public final class MqttRecordSink implements RecordSink {

    /** The sink's name, the key of its delivery positions in the store. */
    public static final String NAME = "mqtt-records";

    static final String TIME_PATTERN = "uuuu-MM-dd'T'HH:mm:ss.SSSXXX";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(TIME_PATTERN).withZone(ZoneOffset.UTC);

    /**
     * Messages of a batch in flight at once: a backlog is not one round trip per record (seconds a day's worth on a
     * 4G link, not minutes), and half of Mosquitto's receive maximum (20) leaves room for the state topic.
     */
    static final int WINDOW = 10;

    /** How long one message may wait for its ack: a healthy broker answers in milliseconds, a 4G link in a second. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    /** MQTT 5 reason codes from this one up are failures (a PUBACK "not authorized" is 0x87). */
    private static final int FIRST_FAILURE_CODE = 0x80;

    private final MqttConnection connection;
    private final String prefix;
    private final int qos;

    MqttRecordSink(MqttSettings settings, MqttConnection connection) {
        this.connection = connection;
        this.prefix = settings.topic();
        this.qos = Math.max(1, settings.qos());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The record's time as the {@code "time"} of its message. */
    public static String time(Instant time) {
        return TIME.format(time);
    }

    /** The message of one record: the state JSON of its fields with its own time. */
    static String json(StoredRecord record) {
        return StateJson.withTime(record.fields(), time(record.time()));
    }

    @Override
    public void send(String device, List<StoredRecord> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        if (!connection.isConnected()) {
            throw new IOException("MQTT broker " + connection.broker() + " not connected");
        }
        String topic = DeviceTopics.record(prefix, device);
        ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>(WINDOW);
        int acknowledged = 0;
        try {
            for (StoredRecord record : batch) {
                if (inFlight.size() >= WINDOW) {
                    acknowledged(inFlight.removeFirst());
                    acknowledged++;
                }
                inFlight.addLast(connection.publishNoWait(topic, json(record), qos, false));
            }
            while (!inFlight.isEmpty()) {
                acknowledged(inFlight.removeFirst());
                acknowledged++;
            }
        } catch (MqttException e) {
            throw new IOException("MQTT broker " + connection.broker() + ": " + (batch.size() - acknowledged) + " of "
                    + batch.size() + " records of " + device + " not acknowledged: " + reason(e));
        }
    }

    private static void acknowledged(IMqttToken token) throws MqttException {
        token.waitForCompletion(ACK_TIMEOUT.toMillis());
        if (!token.isComplete()) {
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        }
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= FIRST_FAILURE_CODE) {
            throw new MqttException(codes[0]);
        }
    }

    private static String reason(MqttException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ").trim();
        return message + " (" + e.getReasonCode() + ")";
    }
}
