package io.github.vedirect.protocol;

import static io.github.vedirect.protocol.VeDirectDecoder.MAX_FIELDS;
import static io.github.vedirect.protocol.VeDirectDecoder.MAX_LABEL_LENGTH;
import static io.github.vedirect.protocol.VeDirectDecoder.MAX_VALUE_LENGTH;

/**
 * The block {@link VeDirectDecoder} is reading, from the CR it may start at to its checksum byte: its running sum,
 * the label being read, the fields' labels and values, the sum before each field, and where the block may start.
 * The decoder's state machine says which byte is what; this keeps them. {@link #valueRun} and {@link #labelRun} take
 * a field's characters in runs, the decoder's fast path; {@link BlockJudge} reads the arrays when the candidate ends.
 * Fields are package-private and read directly: this is the decoder's own storage, split off for size, not an
 * abstraction. Not thread-safe, as the decoder it belongs to.
 */
final class CandidateBlock {

    /** The sum of the candidate's bytes so far, HEX frames left out: 0 mod 256 at the checksum byte of a good block. */
    int sum;

    /** The label being read, and its {@link LabelTable#hashStep} hash. */
    final byte[] labelBytes = new byte[MAX_LABEL_LENGTH];
    int labelLength;
    int labelHash;

    final String[] names = new String[MAX_FIELDS];
    /** The label table's entry of each field's label, or null for a label not remembered yet. */
    final LabelTable.Label[] entries = new LabelTable.Label[MAX_FIELDS];
    /** Sum of the candidate's bytes before the CR that opens field i: what to take off when restarting there. */
    final int[] sumBeforeField = new int[MAX_FIELDS + 1];
    /** The values' characters, one after another; field i's end at {@link #valueEnds}[i]. */
    final byte[] valueBytes = new byte[MAX_FIELDS * MAX_VALUE_LENGTH];
    final int[] valueEnds = new int[MAX_FIELDS];

    int fieldCount;
    int valueLength;
    /** Where the value of the field being read starts in {@link #valueBytes}. */
    int fieldValueStart;
    /**
     * The first field a block may start at: fields before it cannot be in the same block as those
     * after (a label came twice). The block's start is chosen only at its checksum byte, from the
     * sums, so a label that looks like a block's first one never throws away what came before it.
     */
    int minStart;
    /** The candidate began where a block can begin: after a checksum byte, at the stream's start or after a reset. */
    boolean cleanStart;
    /**
     * Index of the field a broken HEX frame interrupted, or -1: the damage that broke the frame may have
     * hit the text too, so a block holding that field must not pass.
     */
    int taintedField = -1;
    /**
     * Stamped on the label table's entries of the candidate's fields, so that finding a label twice in one
     * candidate is one comparison instead of a search; a new serial forgets every stamp at once.
     */
    private long serial;

    /** Starts an empty candidate at the CR that may open a block. */
    void start(int cr, boolean clean) {
        sum = cr;
        serial++;
        fieldCount = 0;
        valueLength = 0;
        minStart = 0;
        cleanStart = clean;
        taintedField = -1;
        sumBeforeField[0] = 0;
    }

    /**
     * Adds a field whose label has just ended; its value follows into {@link #valueBytes}.
     *
     * @return true when the candidate already had that label, from {@link #minStart} on (the block this field belongs
     *     to then starts after the earlier one)
     */
    boolean addField(String name, LabelTable.Label entry) {
        int earlier = indexOfLabel(entry, name);
        if (earlier >= 0) {
            minStart = earlier + 1;
        }
        names[fieldCount] = name;
        entries[fieldCount] = entry;
        if (entry != null) {
            entry.stamp = serial;
            entry.position = fieldCount;
        }
        fieldCount++;
        fieldValueStart = valueLength;
        return earlier >= 0;
    }

    /** The LF after the CR that ends a field or opens the block: a label follows. */
    void startLabel(int lf) {
        sum += lf;
        labelLength = 0;
        labelHash = 0;
    }

    /** A byte of the label; false, and nothing kept, when it cannot be in one (not printable, or past the limit). */
    boolean labelByte(int b) {
        if (b <= ' ' || b >= 0x7F || labelLength == MAX_LABEL_LENGTH) {
            return false;
        }
        sum += b;
        labelBytes[labelLength++] = (byte) b;
        labelHash = LabelTable.hashStep(labelHash, b);
        return true;
    }

    /** A byte of the last field's value; false, and nothing kept, when it cannot be in one. */
    boolean valueByte(int b) {
        if (b < ' ' || b >= 0x7F || valueLength - fieldValueStart == MAX_VALUE_LENGTH) {
            return false;
        }
        sum += b;
        valueBytes[valueLength++] = (byte) b;
        return true;
    }

    /** The CR that ends the last field's value. */
    void endValue(int cr) {
        valueEnds[fieldCount - 1] = valueLength;
        sumBeforeField[fieldCount] = sum;
        sum += cr;
    }

    /**
     * Does for the value characters from {@code i} on what {@link #valueByte} does for each, and returns the index
     * of the first byte it leaves to the decoder's state machine: one that is not printable ASCII, a ':' (a HEX
     * frame), or one past the value's length limit.
     */
    int valueRun(byte[] data, int i, int end) {
        int room = MAX_VALUE_LENGTH - (valueLength - fieldValueStart);
        int limit = end - i > room ? i + room : end;
        int s = sum;
        int n = valueLength;
        int j = i;
        while (j < limit) {
            int b = data[j]; // signed: bytes 0x80-0xFF are negative, so fail b >= ' '
            if (b < ' ' || b == 0x7F || b == ':') {
                break;
            }
            s += b;
            valueBytes[n++] = (byte) b;
            j++;
        }
        valueLength = n;
        sum = s;
        return j;
    }

    /** As {@link #valueRun}, for the label's characters ({@link #labelByte}). */
    int labelRun(byte[] data, int i, int end) {
        int room = MAX_LABEL_LENGTH - labelLength;
        int limit = end - i > room ? i + room : end;
        int s = sum;
        int h = labelHash;
        int n = labelLength;
        int j = i;
        while (j < limit) {
            int b = data[j];
            if (b <= ' ' || b == 0x7F || b == ':') {
                break;
            }
            s += b;
            h = LabelTable.hashStep(h, b);
            labelBytes[n++] = (byte) b;
            j++;
        }
        labelLength = n;
        labelHash = h;
        sum = s;
        return j;
    }

    /** Index of the field from {@link #minStart} on with this label, or -1. */
    private int indexOfLabel(LabelTable.Label entry, String name) {
        if (entry != null) {
            return entry.stamp == serial && entry.position >= minStart ? entry.position : -1;
        }
        for (int i = minStart; i < fieldCount; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Forgets the candidate's first {@code count} fields, and their bytes' sum: the block cannot start before the next one. */
    void dropHead(int count) {
        int valueStart = valueEnds[count - 1];
        int kept = fieldCount - count;
        System.arraycopy(names, count, names, 0, kept);
        System.arraycopy(entries, count, entries, 0, kept);
        int dropped = sumBeforeField[count];
        for (int i = 0; i <= kept; i++) {
            sumBeforeField[i] = sumBeforeField[i + count] - dropped;
        }
        sum -= dropped;
        for (int i = 0; i < kept; i++) {
            valueEnds[i] = valueEnds[i + count] - valueStart;
        }
        System.arraycopy(valueBytes, valueStart, valueBytes, 0, valueLength - valueStart);
        valueLength -= valueStart;
        fieldValueStart = Math.max(0, fieldValueStart - valueStart);
        fieldCount = kept;
        minStart = Math.max(0, minStart - count);
        taintedField = taintedField < count ? -1 : taintedField - count;
        // Whatever the candidate's own start was worth, its first field is now another one.
        cleanStart = false;
        serial++;
        for (int i = 0; i < kept; i++) {
            if (entries[i] != null) {
                entries[i].stamp = serial;
                entries[i].position = i;
            }
        }
    }
}
