package io.github.vedirect.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.destinations.CaptureDevices;
import io.github.vedirect.destinations.CaptureDevices.Device;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.Unit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class PrometheusTextTest {

    /**
     * Prometheus's naming conventions per catalogue unit: the suffix a metric must end in (before {@code _total})
     * and the factor from the catalogue's unit to it. The spec table of this test: base units (volts, amperes,
     * watts, celsius, seconds, joules, ratio), plus the two documented exceptions (ampere-hours, raw codes).
     */
    private record Convention(String suffix, BigDecimal factor) {
    }

    private static final Map<Unit, Convention> CONVENTIONS = Map.ofEntries(
            Map.entry(Unit.VOLT, new Convention("_volts", BigDecimal.ONE)),
            Map.entry(Unit.AMPERE, new Convention("_amperes", BigDecimal.ONE)),
            Map.entry(Unit.WATT, new Convention("_watts", BigDecimal.ONE)),
            Map.entry(Unit.VOLT_AMPERE, new Convention("_voltamperes", BigDecimal.ONE)),
            Map.entry(Unit.CELSIUS, new Convention("_celsius", BigDecimal.ONE)),
            Map.entry(Unit.PERCENT, new Convention("_ratio", new BigDecimal("0.01"))),
            Map.entry(Unit.MINUTE, new Convention("_seconds", new BigDecimal("60"))),
            Map.entry(Unit.SECOND, new Convention("_seconds", BigDecimal.ONE)),
            Map.entry(Unit.KILOWATT_HOUR, new Convention("_joules", new BigDecimal("3600000"))),
            Map.entry(Unit.AMPERE_HOUR, new Convention("_ampere_hours", BigDecimal.ONE)),
            Map.entry(Unit.COUNT, new Convention("", BigDecimal.ONE)),
            Map.entry(Unit.NONE, new Convention("", BigDecimal.ONE)));

    @Test
    void everyReadingOfEveryCaptureIsNamedByConventionAndScaledToItsUnit() {
        List<Device> devices = new ArrayList<>(CaptureDevices.all());
        devices.add(new Device("synthetic", "all", "SmartSolar MPPT 75/15", "HQ1", "1.56", List.of(),
                CaptureDevices.everyLabel()));
        PrometheusText text = new PrometheusText();
        for (Device device : devices) {
            text.device(device.name(), device.product(), device.serial(), device.firmware(), device.joined(), null);
        }
        Exposition exposition = Exposition.parse(text.render());
        int checked = 0;
        for (Device device : devices) {
            for (String label : device.joined().keySet()) {
                Metric metric = DeviceMetrics.forLabel(label).orElse(null);
                FieldValue value = device.joined().typed(label);
                String where = device + " " + label;
                if (metric == null) {
                    assertTrue(DeviceMetrics.INFO_LABELS.contains(label), "no metric for " + where);
                    continue;
                }
                Unit unit = FieldCatalogue.definition(label).orElseThrow().unit();
                Convention convention = CONVENTIONS.get(unit);
                String base = metric.name().replaceAll("_total$", "");
                assertTrue(metric.name().startsWith("vedirect_"), metric.name());
                assertTrue(base.endsWith(convention.suffix()), metric.name() + " for a value in " + unit);
                assertEquals(0, convention.factor().compareTo(metric.factor()), metric.name());
                assertEquals(metric.type(), exposition.types.get(metric.name()), metric.name());
                List<Exposition.Sample> samples = exposition.samples.stream()
                        .filter(s -> s.name().equals(metric.name()) && s.labels().equals(Map.of("device", device.name())))
                        .toList();
                if (value instanceof FieldValue.NotAvailable) {
                    assertTrue(samples.isEmpty(), "--- has no sample: " + where);
                    continue;
                }
                assertEquals(1, samples.size(), where);
                double expected = value instanceof FieldValue.Measurement m
                        ? BigDecimal.valueOf(m.value()).multiply(convention.factor()).doubleValue()
                        : value instanceof FieldValue.Infinite ? Double.POSITIVE_INFINITY
                        : value instanceof FieldValue.OnOff o ? (o.on() ? 1 : 0)
                        : value instanceof FieldValue.Enumerated e ? e.code()
                        : ((FieldValue.Flags) value).mask();
                assertEquals(expected, samples.get(0).number(), where);
                checked++;
            }
        }
        // Every metric at least once, through the synthetic record.
        assertTrue(checked > DeviceMetrics.all().size(), "checked " + checked);
        for (String label : FieldCatalogue.labels()) {
            assertTrue(DeviceMetrics.forLabel(label).isPresent() ^ DeviceMetrics.INFO_LABELS.contains(label), label);
        }
    }

    @Test
    void countersInfoAndLabelValuesWithEveryEscapedCharacter() {
        String awkward = "cabin \"left\"\\aft\nline";
        VeDirectRecord record = new VeDirectRecord(Map.of("V", 12815L, "TTG", -1L, "CE", "---"));
        String rendered = new PrometheusText()
                .device(awkward, "BMV-712 Smart", "HQ1", null, record, Instant.ofEpochMilli(1_780_308_000_250L))
                .blocks(awkward, 906, 3)
                .uploads("influxdb", 10, 2)
                .uploads("mqtt", 7, 0)
                .render();
        Exposition e = Exposition.parse(rendered);
        assertFalse(rendered.contains("vedirect_consumed_ampere_hours"), "--- has no sample and no family");
        assertEquals("counter", e.types.get("vedirect_blocks_total"));
        assertEquals("counter", e.types.get("vedirect_uploads_total"));
        assertEquals("gauge", e.types.get("vedirect_device_info"));
        assertEquals(sample(e, "vedirect_blocks_total", Map.of("device", awkward, "result", "valid")), "906");
        assertEquals(sample(e, "vedirect_blocks_total", Map.of("device", awkward, "result", "invalid")), "3");
        assertEquals(sample(e, "vedirect_uploads_total", Map.of("destination", "influxdb", "result", "failed")), "2");
        assertEquals(sample(e, "vedirect_uploads_total", Map.of("destination", "mqtt", "result", "ok")), "7");
        assertEquals(sample(e, "vedirect_device_info",
                Map.of("device", awkward, "product", "BMV-712 Smart", "serial", "HQ1", "firmware", "")), "1");
        assertEquals(sample(e, "vedirect_time_to_go_seconds", Map.of("device", awkward)), "+Inf");
        assertEquals(sample(e, "vedirect_last_record_timestamp_seconds", Map.of("device", awkward)), "1780308000.25");
    }

    private static String sample(Exposition e, String name, Map<String, String> labels) {
        Exposition.Sample sample = e.samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .findFirst().orElse(null);
        assertNotNull(sample, name + labels);
        return sample.value();
    }
}
