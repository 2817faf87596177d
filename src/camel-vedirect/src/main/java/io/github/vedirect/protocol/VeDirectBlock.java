package io.github.vedirect.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One valid VE.Direct text block: its fields in wire order, each value exactly as sent.
 * Immutable and safe to share between threads. Values are kept as the received bytes and turned
 * into strings only when asked, so that decoding a block costs a few small arrays, not a string per field.
 */
public final class VeDirectBlock {

    private final String[] labels;
    private final byte[] valueBytes;
    private final int[] valueEnds;
    private final int checksum;
    // Filled lazily; a race only makes two equal strings, so no locking is needed.
    private String[] values;

    VeDirectBlock(String[] labels, byte[] valueBytes, int[] valueEnds, int checksum) {
        this.labels = labels;
        this.valueBytes = valueBytes;
        this.valueEnds = valueEnds;
        this.checksum = checksum;
    }

    /**
     * Builds a block from labels and raw values, for tests, simulators and replays of stored records.
     * The checksum byte is computed as the device would.
     */
    public static VeDirectBlock of(Map<String, String> fields) {
        String[] labels = fields.keySet().toArray(new String[0]);
        int[] ends = new int[labels.length];
        byte[][] raw = new byte[labels.length][];
        int total = 0;
        int i = 0;
        for (String value : fields.values()) {
            raw[i] = value.getBytes(StandardCharsets.ISO_8859_1);
            total += raw[i].length;
            ends[i++] = total;
        }
        byte[] bytes = new byte[total];
        for (i = 0; i < raw.length; i++) {
            System.arraycopy(raw[i], 0, bytes, i == 0 ? 0 : ends[i - 1], raw[i].length);
        }
        VeDirectBlock unsummed = new VeDirectBlock(labels, bytes, ends, 0);
        int sum = 0;
        for (byte b : unsummed.toBytesWithoutChecksumByte()) {
            sum += b & 0xFF;
        }
        return new VeDirectBlock(labels, bytes, ends, (256 - (sum & 0xFF)) & 0xFF);
    }

    public int size() {
        return labels.length;
    }

    public String label(int index) {
        return labels[index];
    }

    /** The raw value of field {@code index}, exactly as on the wire. */
    public String value(int index) {
        String[] cache = values;
        if (cache == null) {
            cache = new String[labels.length];
            values = cache;
        }
        String value = cache[index];
        if (value == null) {
            int start = index == 0 ? 0 : valueEnds[index - 1];
            value = new String(valueBytes, start, valueEnds[index] - start, StandardCharsets.ISO_8859_1);
            cache[index] = value;
        }
        return value;
    }

    /** Index of {@code label} (case-sensitive, as on the wire), or -1. */
    public int indexOf(String label) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(label)) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(String label) {
        return indexOf(label) >= 0;
    }

    /** The raw value of {@code label}, or null when this block does not carry it. */
    public String get(String label) {
        int index = indexOf(label);
        return index < 0 ? null : value(index);
    }

    /** The value of {@code label} decoded and scaled to SI units by the {@link FieldCatalogue}. */
    public Optional<FieldValue> typed(String label) {
        int index = indexOf(label);
        return index < 0 ? Optional.empty() : Optional.of(FieldCatalogue.interpret(label, value(index)));
    }

    /** The value of {@code label} as a number in its SI unit (V, A, W, Ah, %, kWh, °C, min), if it is one. */
    public OptionalDouble number(String label) {
        return typed(label)
                .filter(FieldValue.Measurement.class::isInstance)
                .map(value -> OptionalDouble.of(((FieldValue.Measurement) value).value()))
                .orElse(OptionalDouble.empty());
    }

    /** The labels in wire order. */
    public List<String> labels() {
        return Collections.unmodifiableList(Arrays.asList(labels));
    }

    /** Labels to raw values, in wire order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>(labels.length * 2);
        for (int i = 0; i < labels.length; i++) {
            map.put(labels[i], value(i));
        }
        return map;
    }

    /** The checksum byte the device sent (0 to 255). */
    public int checksum() {
        return checksum;
    }

    /** The block as a device sends it: CR LF before every field, ending with the checksum byte. */
    public byte[] toBytes() {
        byte[] withoutChecksum = toBytesWithoutChecksumByte();
        byte[] bytes = Arrays.copyOf(withoutChecksum, withoutChecksum.length + 1);
        bytes[withoutChecksum.length] = (byte) checksum;
        return bytes;
    }

    private byte[] toBytesWithoutChecksumByte() {
        StringBuilder text = new StringBuilder(valueBytes.length + 12 * labels.length + 12);
        for (int i = 0; i < labels.length; i++) {
            text.append("\r\n").append(labels[i]).append('\t').append(value(i));
        }
        text.append("\r\nChecksum\t");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Same fields with the same raw values in the same order; the checksum byte follows from them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof VeDirectBlock block && Arrays.equals(block.labels, labels)
                && Arrays.equals(block.valueEnds, valueEnds) && Arrays.equals(block.valueBytes, valueBytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Arrays.hashCode(valueBytes);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
