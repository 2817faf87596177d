package io.github.vedirect.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming decoder of the VE.Direct text protocol with HEX frames mixed in, fed bytes in chunks of
 * any size. A byte-at-a-time state machine in the manner of Victron's reference frame handler:
 *
 * <pre>
 *   IDLE --CR--> LINE_FEED --LF--> LABEL --TAB--> VALUE --CR--> LINE_FEED ...
 *                                  LABEL "Checksum" --TAB--> CHECKSUM --any byte--> IDLE
 *   any state but CHECKSUM --':'--> HEX --LF--> (back where it was)
 * </pre>
 *
 * A block runs from the CR that opens its first field to its checksum byte and is emitted only when
 * the sum of those bytes, HEX frames left out, is 0 mod 256. On top of the checksum it refuses what
 * a real device never sends: a byte that is not printable ASCII, a label or value far past the
 * protocol's limits, too many fields, a label twice in one block. It also learns the shapes of the
 * device's blocks ({@link BlockShapes}) so that after damage it restarts at the next real block
 * instead of at the next field. This class is the state machine and the candidate block's buffers;
 * the judgement of a finished candidate is {@link BlockJudge}'s, the HEX frame's digits
 * {@link HexFrameReader}'s. Not thread-safe: one decoder per byte stream, fed from one thread.
 * Never throws on any input, and allocates only for what it emits.
 *
 * <p>{@link #feed(byte[], int, int)} runs the same machine faster: it takes the label and value
 * characters of a field in runs, and the CR LF and TAB between them, without going through the
 * per-byte dispatch, which then sees only the other bytes (checksum, HEX frames, a block's opening
 * CR LF, anything refused). It emits exactly what feeding the bytes one by one would.
 */
public final class VeDirectDecoder {

    /** Twice the protocol's label buffer (8 characters): longer is noise, not a label. */
    public static final int MAX_LABEL_LENGTH = 16;
    /** Twice the protocol's value buffer (32 characters). */
    public static final int MAX_VALUE_LENGTH = 64;
    /** The protocol allows 22 fields a block; some firmware sends a few more. */
    public static final int MAX_FIELDS = 40;
    /** The longest real HEX frames (history records) have 78 digits. */
    public static final int MAX_HEX_DIGITS = 100;

    private static final int CR = '\r';
    private static final int LF = '\n';
    private static final int TAB = '\t';
    private static final int COLON = ':';

    private static final int IDLE = 0;
    private static final int LINE_FEED = 1;
    private static final int LABEL = 2;
    private static final int VALUE = 3;
    private static final int CHECKSUM = 4;
    private static final int HEX = 5;
    private static final int HEX_OVERLONG = 6;

    private final DecoderListener listener;
    private final LabelTable labelTable = new LabelTable();
    private final BlockShapes shapes = new BlockShapes(labelTable);
    private final LabelTable.Label checksumLabel = labelTable.add("Checksum");
    private final LabelTable.Label productIdLabel = labelTable.add("PID");

    private int state = IDLE;
    /** The text state a HEX frame interrupted, resumed when the frame ends. */
    private int interruptedState;

    // The candidate block.
    private int sum;
    private int fieldCount;
    /**
     * The first field a block may start at: fields before it cannot be in the same block as those
     * after (a label came twice). The block's start is chosen only at its checksum byte, from the
     * sums, so a label that looks like a block's first one never throws away what came before it.
     */
    private int minStart;
    /** The candidate began where a block can begin: after a checksum byte, at the stream's start or after a reset. */
    private boolean cleanStart;
    /** The text since the last block boundary was given up part-way: the next CR may be inside a block. */
    private boolean afterDrop;
    /**
     * Index of the field a broken HEX frame interrupted, or -1: the damage that broke the frame may have
     * hit the text too, so a block holding that field must not pass.
     */
    private int taintedField = -1;
    /** The last block ended with a CR as its checksum byte: an LF right after it opens the next block. */
    private boolean lastChecksumWasCr;
    /**
     * The candidate began at a CR read as a checksum byte that did not sum right: the block's own
     * checksum byte may have been lost, or the block was damaged elsewhere and its checksum byte
     * really is CR. If no LF follows it was the latter, and the block boundary is intact.
     */
    private boolean startedAtChecksumCr;
    private long candidateSerial;
    private final String[] names = new String[MAX_FIELDS];
    private final LabelTable.Label[] entries = new LabelTable.Label[MAX_FIELDS];
    /** Sum of the candidate's bytes before the CR that opens field i: what to take off when restarting there. */
    private final int[] sumBeforeField = new int[MAX_FIELDS + 1];
    private final byte[] labelBytes = new byte[MAX_LABEL_LENGTH];
    private int labelLength;
    private int labelHash;
    private final byte[] valueBytes = new byte[MAX_FIELDS * MAX_VALUE_LENGTH];
    private final int[] valueEnds = new int[MAX_FIELDS];
    private int valueLength;
    private int fieldValueStart;

    private final HexFrameReader hexFrame = new HexFrameReader();

    private long bytes;
    private long blocks;
    private long checksumErrors;
    private long malformed;
    private long hexFrames;
    private long hexErrors;
    private long skippedBytes;
    /** Blocks given up (malformed, checksum errors) when the last block was emitted: none since, and the next came right after it. */
    private long givenUpAtLastBlock;
    /** Judges each finished candidate, reading it through the arrays above (once per block, not per byte). */
    private final BlockJudge judge = new BlockJudge(shapes, productIdLabel, names, entries, sumBeforeField, valueBytes, valueEnds);

    public VeDirectDecoder(DecoderListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        // What the protocol says before any block is seen (docs/vedirect-protocol.md 3.5): a device's
        // record opens with PID, which is nowhere else, and a BMV's history block opens with H1.
        productIdLabel.opensBlocksByProtocol = true;
        labelTable.add("H1").opensBlocksByProtocol = true;
        // What names the device: a block that carries other values than the device's came from another.
        productIdLabel.identifiesDevice = true;
        for (String identity : new String[] {"SER#", "FW", "FWE"}) {
            labelTable.add(identity).identifiesDevice = true;
        }
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    public void feed(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        bytes += length;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            // Label and value characters are most of the stream, and a field is always VALUE CR LF
            // LABEL TAB: take a whole field at a time here, and hand step() only the other bytes
            // (those of the HEX frames, the checksum, the CR LF opening a block, anything refused).
            int current = state;
            if (current == VALUE) {
                i = valueRun(data, i, end);
                if (i == end) {
                    break;
                }
                if (data[i] != CR) {
                    step(data[i++] & 0xFF);
                    continue;
                }
                endValue();
                if (++i == end) {
                    break;
                }
                if (data[i] != LF) {
                    continue;
                }
                startLabel();
                i++;
                current = LABEL;
            }
            if (current == LABEL) {
                i = labelRun(data, i, end);
                if (i == end) {
                    break;
                }
                if (data[i] != TAB) {
                    step(data[i++] & 0xFF);
                    continue;
                }
                sum += TAB;
                endLabel();
                i++;
                continue;
            }
            step(data[i++] & 0xFF);
        }
    }

    /**
     * Does for the value characters from {@code i} on what {@link #textByte} does for each in state
     * VALUE, and returns the index of the first byte it leaves to {@link #step}: one that is not
     * printable ASCII, a ':' (a HEX frame), or one past the value's length limit.
     */
    private int valueRun(byte[] data, int i, int end) {
        int room = MAX_VALUE_LENGTH - (valueLength - fieldValueStart);
        int limit = end - i > room ? i + room : end;
        int s = sum;
        int n = valueLength;
        int j = i;
        while (j < limit) {
            int b = data[j]; // signed: bytes 0x80-0xFF are negative, so fail b >= ' '
            if (b < ' ' || b == 0x7F || b == COLON) {
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

    /** As {@link #valueRun}, for the label characters of state LABEL. */
    private int labelRun(byte[] data, int i, int end) {
        int room = MAX_LABEL_LENGTH - labelLength;
        int limit = end - i > room ? i + room : end;
        int s = sum;
        int h = labelHash;
        int n = labelLength;
        int j = i;
        while (j < limit) {
            int b = data[j];
            if (b <= ' ' || b == 0x7F || b == COLON) {
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

    public void feed(ByteBuffer data) {
        bytes += data.remaining();
        while (data.hasRemaining()) {
            step(data.get() & 0xFF);
        }
    }

    /**
     * Forgets a block or HEX frame in progress. Call it when the line has been silent mid-block for
     * longer than a device ever pauses inside one (about half a second), or after reopening the port:
     * what follows cannot be the rest of it.
     */
    public void reset() {
        lastChecksumWasCr = false;
        afterDrop = false;
        if (state == HEX || state == HEX_OVERLONG) {
            hexErrors++;
            state = interruptedState;
        }
        if (state != IDLE && fieldCount > 0) {
            malformed++;
        }
        state = IDLE;
    }

    /** True while a block or HEX frame has begun and not ended. */
    public boolean isMidBlock() {
        return state != IDLE;
    }

    public DecoderStats stats() {
        return new DecoderStats(bytes, blocks, checksumErrors, malformed, hexFrames, hexErrors, skippedBytes);
    }

    /** Labels remembered so far; bounded by {@link LabelTable#MAX_LABELS}, for the fuzz tests. */
    int rememberedLabels() {
        return labelTable.size();
    }

    private void step(int b) {
        switch (state) {
            case CHECKSUM -> endBlock(b);
            case HEX -> hexByte(b);
            case HEX_OVERLONG -> overlongHexByte(b);
            default -> {
                if (b == COLON) {
                    interruptedState = state;
                    hexFrame.start();
                    state = HEX;
                } else {
                    textByte(b);
                }
            }
        }
    }

    private void textByte(int b) {
        switch (state) {
            case IDLE -> idleByte(b);
            case LINE_FEED -> {
                if (b == LF) {
                    startLabel();
                } else {
                    dropCandidate();
                    idleByte(b);
                }
            }
            case LABEL -> {
                if (b == TAB) {
                    sum += b;
                    endLabel();
                } else if (b > ' ' && b < 0x7F && labelLength < MAX_LABEL_LENGTH) {
                    sum += b;
                    labelBytes[labelLength++] = (byte) b;
                    labelHash = LabelTable.hashStep(labelHash, b);
                } else {
                    dropCandidate();
                    idleByte(b);
                }
            }
            case VALUE -> {
                if (b == CR) {
                    endValue();
                } else if (b >= ' ' && b < 0x7F && valueLength - fieldValueStart < MAX_VALUE_LENGTH) {
                    sum += b;
                    valueBytes[valueLength++] = (byte) b;
                } else {
                    dropCandidate();
                    idleByte(b);
                }
            }
            default -> throw new IllegalStateException("text state " + state);
        }
    }

    /** The LF after the CR that ends a field or opens a block. */
    private void startLabel() {
        sum += LF;
        labelLength = 0;
        labelHash = 0;
        state = LABEL;
    }

    /** The CR that ends a field's value. */
    private void endValue() {
        valueEnds[fieldCount - 1] = valueLength;
        sumBeforeField[fieldCount] = sum;
        sum += CR;
        state = LINE_FEED;
    }

    private void idleByte(int b) {
        boolean afterCrChecksum = lastChecksumWasCr;
        lastChecksumWasCr = false;
        if (b == CR) {
            startCandidate();
        } else if (b == LF && afterCrChecksum) {
            // The block's own checksum byte was lost and the CR opening this block stood in for it.
            startCandidate();
            textByte(b);
        } else {
            skippedBytes++;
        }
    }

    private void startCandidate() {
        candidateSerial++;
        sum = CR;
        fieldCount = 0;
        valueLength = 0;
        minStart = 0;
        cleanStart = !afterDrop;
        afterDrop = false;
        startedAtChecksumCr = false;
        taintedField = -1;
        sumBeforeField[0] = 0;
        state = LINE_FEED;
    }

    /** Gives up the candidate block: from here on the bytes are noise until the next CR. */
    private void dropCandidate() {
        // A CR checksum byte followed by anything but LF was the damaged block's own checksum byte:
        // the block ended there, and what follows starts where a block can start.
        afterDrop = !(startedAtChecksumCr && fieldCount == 0);
        if (fieldCount > 0) {
            malformed++;
        } else {
            skippedBytes++;
        }
        state = IDLE;
    }

    private void endLabel() {
        LabelTable.Label entry = labelLength == 0 ? null : labelTable.find(labelBytes, labelLength, labelHash);
        if (entry == checksumLabel) {
            state = CHECKSUM;
            return;
        }
        if (labelLength == 0) {
            dropCandidate();
            return;
        }
        if (fieldCount == MAX_FIELDS) {
            // No block is that long: it starts one field later at the earliest.
            dropHead(Math.max(minStart, 1));
        }
        String name = entry != null ? entry.name : new String(labelBytes, 0, labelLength, StandardCharsets.ISO_8859_1);
        int earlier = indexOfLabel(entry, name);
        if (earlier >= 0) {
            // No block holds a label twice: the one this field belongs to started after the first.
            minStart = earlier + 1;
            malformed++;
        }
        names[fieldCount] = name;
        entries[fieldCount] = entry;
        if (entry != null) {
            entry.stamp = candidateSerial;
            entry.position = fieldCount;
        }
        fieldCount++;
        fieldValueStart = valueLength;
        state = VALUE;
    }

    /** Index of the field from {@link #minStart} on with this label, or -1. */
    private int indexOfLabel(LabelTable.Label entry, String name) {
        if (entry != null) {
            return entry.stamp == candidateSerial && entry.position >= minStart ? entry.position : -1;
        }
        for (int i = minStart; i < fieldCount; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Forgets the candidate's first {@code count} fields: the block cannot start before the next one. */
    private void dropHead(int count) {
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
            if (entries[i] != null) {
                entries[i].position = i;
            }
        }
        System.arraycopy(valueBytes, valueStart, valueBytes, 0, valueLength - valueStart);
        valueLength -= valueStart;
        fieldValueStart = Math.max(0, fieldValueStart - valueStart);
        fieldCount = kept;
        minStart = Math.max(0, minStart - count);
        taintedField = taintedField < count ? -1 : taintedField - count;
        // Whatever the candidate's own start was worth, its first field is now another one.
        cleanStart = false;
        candidateSerial++;
        for (int i = 0; i < kept; i++) {
            if (entries[i] != null) {
                entries[i].stamp = candidateSerial;
            }
        }
    }

    private void endBlock(int checksumByte) {
        sum += checksumByte;
        state = IDLE;
        boolean sumIsRight = (sum & 0xFF) == 0;
        if (fieldCount == 0) {
            skippedBytes++;
        } else {
            int start = judge.blockStart(fieldCount, sum, minStart, taintedField, cleanStart);
            if (start < 0) {
                if (sumIsRight) {
                    malformed++;
                } else {
                    checksumErrors++;
                }
            } else {
                if (start > 0) {
                    malformed++;
                    dropHead(start);
                }
                // Counted as malformed when refused here: a value out of its form, or a shape held back.
                if (judge.valuesFitTheirLabels(fieldCount)
                        && judge.shapeVouchedFor(fieldCount, valueLength, cleanStart, checksumByte, malformed + checksumErrors)) {
                    VeDirectBlock heldThenConfirmed = judge.takeReleased();
                    if (heldThenConfirmed != null) {
                        // Counted as malformed when it was held back; it comes out late, before this block.
                        malformed--;
                        blocks++;
                        listener.onBlock(heldThenConfirmed);
                    }
                    emitBlock(checksumByte);
                } else {
                    malformed++;
                }
            }
        }
        if (checksumByte == CR) {
            if (sumIsRight) {
                lastChecksumWasCr = true;
            } else {
                // Perhaps the real checksum byte was lost and this CR opens the next block.
                startCandidate();
                startedAtChecksumCr = true;
            }
        }
    }

    private void emitBlock(int checksumByte) {
        for (int i = 0; i < fieldCount; i++) {
            if (entries[i] == null) {
                entries[i] = labelTable.add(names[i]);
            }
        }
        judge.noteDevice(fieldCount);
        long given = malformed + checksumErrors;
        String[] labels = shapes.record(names, entries, fieldCount, given == givenUpAtLastBlock);
        givenUpAtLastBlock = given;
        blocks++;
        listener.onBlock(new VeDirectBlock(labels, Arrays.copyOf(valueBytes, valueLength),
                Arrays.copyOf(valueEnds, fieldCount), checksumByte));
    }

    private void hexByte(int b) {
        if (b == LF) {
            state = interruptedState;
            endHexFrame();
        } else if (HexFrame.hexValue(b) >= 0) {
            if (!hexFrame.add(HexFrame.hexValue(b))) {
                hexFailed();
                state = HEX_OVERLONG;
            }
        } else {
            // Cannot be inside a HEX frame: give the frame up and let the text state have the byte,
            // which may well be the CR that opens the next field or block.
            hexFailed();
            state = interruptedState;
            step(b);
        }
    }

    private void hexFailed() {
        hexErrors++;
        if (interruptedState == VALUE) {
            taintedField = fieldCount - 1;
        } else if (interruptedState != IDLE) {
            // After the CR or within the label of the next field: that field is the one hit.
            taintedField = fieldCount;
        }
    }

    private void overlongHexByte(int b) {
        if (HexFrame.hexValue(b) >= 0) {
            skippedBytes++;
        } else {
            state = interruptedState;
            if (b == LF) {
                skippedBytes++;
            } else {
                step(b);
            }
        }
    }

    private void endHexFrame() {
        HexFrame frame = hexFrame.frame();
        if (frame == null) {
            hexFailed();
            return;
        }
        hexFrames++;
        listener.onHexFrame(frame);
    }
}
