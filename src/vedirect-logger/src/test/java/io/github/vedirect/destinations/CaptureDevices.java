package io.github.vedirect.destinations;

import io.github.vedirect.component.VeDirectRecord;
import io.github.vedirect.protocol.Captures;
import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The real captures as the destinations see devices: each capture is one device, with the logger's three
 * identity values worked out as the logger does (name, product from PID, SER# or else the name), its blocks
 * as records, and the newest value of every label joined into one record, as the logger's joined record has.
 */
public final class CaptureDevices {

    /** One recorded device. */
    public record Device(String capture, String name, String product, String serial, String firmware,
                         List<VeDirectRecord> blocks, VeDirectRecord joined) {
        @Override
        public String toString() {
            return capture;
        }
    }

    private CaptureDevices() {
    }

    public static List<Device> all() {
        List<Device> devices = new ArrayList<>();
        for (Captures.Capture capture : Captures.all()) {
            List<VeDirectRecord> blocks = new ArrayList<>();
            VeDirectDecoder decoder = new VeDirectDecoder(new DecoderListener() {
                @Override
                public void onBlock(VeDirectBlock block) {
                    blocks.add(VeDirectRecord.of(block));
                }
            });
            decoder.feed(capture.bytes());
            if (blocks.isEmpty()) {
                continue;
            }
            VeDirectRecord joined = new VeDirectRecord();
            blocks.forEach(joined::putAll);
            // A name as a user would configure it: short, one topic level.
            String name = capture.file().replaceAll("\\.(bin|txt)$", "").replaceAll("[^A-Za-z0-9_-]", "_")
                    .toLowerCase(Locale.ROOT);
            String product = joined.typed("PID") instanceof FieldValue.Product p ? p.name()
                    : joined.containsKey("BMV") ? "BMV-" + joined.raw("BMV") : "Unknown product";
            String serial = joined.containsKey("SER#") ? joined.raw("SER#") : name;
            String firmware = joined.typed("FWE") instanceof FieldValue.Firmware f ? f.version()
                    : joined.typed("FW") instanceof FieldValue.Firmware f2 ? f2.version() : null;
            devices.add(new Device(capture.file(), name, product, serial, firmware, List.copyOf(blocks), joined));
        }
        return devices;
    }

    /**
     * A record holding every label of the catalogue with a value of its kind, for checks that must cover every
     * entity or metric, not only those the captures happen to send.
     */
    public static VeDirectRecord everyLabel() {
        VeDirectRecord record = new VeDirectRecord();
        for (String label : io.github.vedirect.protocol.FieldCatalogue.labels()) {
            var definition = io.github.vedirect.protocol.FieldCatalogue.definition(label).orElseThrow();
            Object raw = switch (definition.kind()) {
                case NUMBER -> 1234L;
                case ON_OFF -> "ON";
                case ENUM -> 0L;
                case FLAGS -> label.equals("OR") ? "0x00000001" : 5L;
                case PRODUCT -> "0xA053";
                case FIRMWARE -> label.equals("FWE") ? "0316FF" : "156";
                case TEXT -> "HQ1942K7LJ8";
            };
            record.put(label, raw);
        }
        return record;
    }
}
