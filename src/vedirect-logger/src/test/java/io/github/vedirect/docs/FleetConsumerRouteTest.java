package io.github.vedirect.docs;

import io.github.vedirect.Await;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.Servers;
import io.github.vedirect.mqtt.MqttDestination;
import io.github.vedirect.mqtt.MqttSettings;
import io.github.vedirect.store.RecordSink;
import io.github.vedirect.store.StoredRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/fleet-consumer.yaml, the central consumer of docs/fleet.md, run as a user runs it (Camel Main loading the file)
 * against the real broker and VictoriaMetrics: records of a real capture, sent by the logger's record sink under a
 * site's prefix hours after their time, land as points with the records' own times, tagged with site and device.
 */
class FleetConsumerRouteTest {

    private final String root = "fleet" + System.nanoTime();
    private Main consumer;
    private CamelContext site;

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) {
            consumer.stop();
        }
        if (site != null) {
            site.stop();
        }
    }

    @Test
    void recordsArriveAsPointsWithTheirOwnTime() throws Exception {
        String broker = Servers.mqtt();
        String influx = Servers.influx();
        consumer = new Main();
        consumer.configure().withRoutesIncludePattern("file:docs/fleet-consumer.yaml");
        consumer.addOverrideProperty("fleet.broker", broker);
        consumer.addOverrideProperty("fleet.topic", root + "/+/+/record");
        consumer.addOverrideProperty("fleet.client-id", root + "-consumer");
        consumer.addOverrideProperty("fleet.influx", influx + "/write?db=fleet&precision=ms");
        consumer.start();

        site = new DefaultCamelContext();
        site.start();
        MqttDestination mqtt = new MqttDestination(new MqttSettings(URI.create(broker), "", "", root + "/boat", "", 1, false, true),
                Duration.ofSeconds(1), name -> null, name -> Duration.ofSeconds(10));
        site.addService(mqtt);
        Await.until("the site connected", Duration.ofSeconds(45), () -> mqtt.problem() == null);

        CaptureDevices.Device device = CaptureDevices.all().stream().filter(d -> d.joined().containsKey("V")).findFirst().orElseThrow();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(3));
        List<StoredRecord> batch = new ArrayList<>();
        for (int i = 0; i < Math.min(10, device.blocks().size()); i++) {
            VeDirectRecord block = device.blocks().get(i);
            if (block.containsKey("V")) {
                batch.add(new StoredRecord(i + 1, "house", device.product(), device.serial(), base.plusMillis(i * 30_001L), block));
            }
        }
        assertTrue(batch.size() >= 3, "records with V in " + device);
        RecordSink sink = mqtt.recordSink();
        sink.send("house", batch);

        String query = influx + "/api/v1/export?match[]=" + URLEncoder.encode("vedirect_fleet_V{site=\"boat\",device=\"house\"}", StandardCharsets.UTF_8)
                + "&start=" + base.minusSeconds(60).getEpochSecond() + "&end=" + base.plusSeconds(3600).getEpochSecond();
        HttpClient http = HttpClient.newHttpClient();
        String[] exported = {""};
        Await.until("the points in VictoriaMetrics", Duration.ofSeconds(60), () -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(influx + "/internal/force_flush")).build(), HttpResponse.BodyHandlers.ofString());
                exported[0] = http.send(HttpRequest.newBuilder(URI.create(query)).build(), HttpResponse.BodyHandlers.ofString()).body();
                return batch.stream().allMatch(r -> exported[0].contains(Long.toString(r.time().toEpochMilli())));
            } catch (Exception e) {
                return false;
            }
        });
        for (StoredRecord record : batch) {
            assertTrue(exported[0].contains(Long.toString(record.time().toEpochMilli())), exported[0]);
        }
        // The value in volts, as the record message has it.
        long volts = Long.parseLong(batch.get(0).fields().get("V").toString());
        assertTrue(exported[0].contains(io.github.vedirect.mqtt.StateJson.number(volts / 1000.0)), exported[0]);
        assertEquals(1, exported[0].lines().count(), "one series: " + exported[0]);
    }
}
