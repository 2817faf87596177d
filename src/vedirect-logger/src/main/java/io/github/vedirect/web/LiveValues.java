package io.github.vedirect.web;

import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.devices.Devices;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldDefinition;
import io.github.vedirect.protocol.FieldValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device's card as the page draws it: who and where it is, UP or DOWN, the age of its last record, and its family's
 * values, each as its text in the catalogue's unit ({@code 12.8} for {@code V 12800}, the unit apart) so that the page
 * needs no table of its own.
 */
final class LiveValues {

    private LiveValues() {
    }

    static Map<String, Object> card(Devices devices, Devices.Device device, Instant now) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("name", device.name());
        card.put("product", device.product());
        card.put("serial", device.serial());
        card.put("port", device.source().split("\\?", 2)[0]);
        VeDirectConsumer consumer = devices.consumerOf(device);
        String problem = consumer == null ? "its route is not running" : consumer.getProblem();
        card.put("up", problem == null);
        card.put("problem", problem);
        Instant last = device.lastRecordAt();
        card.put("lastRecord", last == null ? null : last.toEpochMilli());
        card.put("ageMillis", last == null ? null : Duration.between(last, now).toMillis());
        VeDirectRecord record = device.lastRecord();
        List<Map<String, String>> values = new ArrayList<>();
        if (record != null) {
            Family family = Family.of(record);
            card.put("family", family.name());
            for (String label : family.liveLabels(record)) {
                values.add(value(label, record.typed(label)));
            }
        }
        card.put("values", values);
        return card;
    }

    /** One value: its label, its text in the catalogue's unit, the unit's symbol, and what it is. */
    static Map<String, String> value(String label, FieldValue typed) {
        Map<String, String> value = new LinkedHashMap<>();
        value.put("label", label);
        String unit = "";
        String text;
        if (typed instanceof FieldValue.Measurement m && Double.isFinite(m.value())) {
            text = BigDecimal.valueOf(m.value()).stripTrailingZeros().toPlainString();
            unit = m.unit().symbol();
        } else if (typed instanceof FieldValue.Enumerated e) {
            text = e.name();
        } else {
            text = String.valueOf(typed);
        }
        value.put("text", text);
        value.put("unit", unit);
        value.put("name", FieldCatalogue.definition(label).map(FieldDefinition::description).orElse(label));
        return value;
    }
}
