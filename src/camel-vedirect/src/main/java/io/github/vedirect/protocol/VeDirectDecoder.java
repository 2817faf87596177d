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
 * instead of at the next field. This class is the state machine; the candidate block's buffers are
 * {@link CandidateBlock}'s, the judgement of a finished candidate is {@link BlockJudge}'s, the HEX frame's digits
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

    // The block being read: its fields, values, label being read and sums.
    private final CandidateBlock candidate = new CandidateBlock();
    /** The text since the last block boundary was given up part-way: the next CR may be inside a block. */
    private boolean afterDrop;
    /** The last block ended with a CR as its checksum byte: an LF right after it opens the next block. */
    private boolean lastChecksumWasCr;
    /**
     * The candidate began at a CR read as a checksum byte that did not sum right: the block's own
     * checksum byte may have been lost, or the block was damaged elsewhere and its checksum byte
     * really is CR. If no LF follows it was the latter, and the block boundary is intact.
     */
    private boolean startedAtChecksumCr;

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
    /** Judges each finished candidate, reading it through the candidate's arrays (once per block, not per byte). */
    private final BlockJudge judge = new BlockJudge(shapes, productIdLabel, candidate.names, candidate.entries,
            candidate.sumBeforeField, candidate.valueBytes, candidate.valueEnds);

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
                i = candidate.valueRun(data, i, end);
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
                i = candidate.labelRun(data, i, end);
                if (i == end) {
                    break;
                }
                if (data[i] != TAB) {
                    step(data[i++] & 0xFF);
                    continue;
                }
                candidate.sum += TAB;
                endLabel();
                i++;
                continue;
            }
            step(data[i++] & 0xFF);
        }
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
        if (state != IDLE && candidate.fieldCount > 0) {
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
                    candidate.sum += b;
                    endLabel();
                } else if (!candidate.labelByte(b)) {
                    dropCandidate();
                    idleByte(b);
                }
            }
            case VALUE -> {
                if (b == CR) {
                    endValue();
                } else if (!candidate.valueByte(b)) {
                    dropCandidate();
                    idleByte(b);
                }
            }
            default -> throw new IllegalStateException("text state " + state);
        }
    }

    /** The LF after the CR that ends a field or opens a block. */
    private void startLabel() {
        candidate.startLabel(LF);
        state = LABEL;
    }

    /** The CR that ends a field's value. */
    private void endValue() {
        candidate.endValue(CR);
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
        candidate.start(CR, !afterDrop);
        afterDrop = false;
        startedAtChecksumCr = false;
        state = LINE_FEED;
    }

    /** Gives up the candidate block: from here on the bytes are noise until the next CR. */
    private void dropCandidate() {
        // A CR checksum byte followed by anything but LF was the damaged block's own checksum byte:
        // the block ended there, and what follows starts where a block can start.
        afterDrop = !(startedAtChecksumCr && candidate.fieldCount == 0);
        if (candidate.fieldCount > 0) {
            malformed++;
        } else {
            skippedBytes++;
        }
        state = IDLE;
    }

    private void endLabel() {
        CandidateBlock c = candidate;
        LabelTable.Label entry = c.labelLength == 0 ? null : labelTable.find(c.labelBytes, c.labelLength, c.labelHash);
        if (entry == checksumLabel) {
            state = CHECKSUM;
            return;
        }
        if (c.labelLength == 0) {
            dropCandidate();
            return;
        }
        if (c.fieldCount == MAX_FIELDS) {
            // No block is that long: it starts one field later at the earliest.
            c.dropHead(Math.max(c.minStart, 1));
        }
        String name = entry != null ? entry.name : new String(c.labelBytes, 0, c.labelLength, StandardCharsets.ISO_8859_1);
        if (c.addField(name, entry)) {
            // No block holds a label twice: the one this field belongs to started after the first.
            malformed++;
        }
        state = VALUE;
    }

    private void endBlock(int checksumByte) {
        CandidateBlock c = candidate;
        c.sum += checksumByte;
        state = IDLE;
        boolean sumIsRight = (c.sum & 0xFF) == 0;
        if (c.fieldCount == 0) {
            skippedBytes++;
        } else {
            int start = judge.blockStart(c.fieldCount, c.sum, c.minStart, c.taintedField, c.cleanStart);
            if (start < 0) {
                if (sumIsRight) {
                    malformed++;
                } else {
                    checksumErrors++;
                }
            } else {
                if (start > 0) {
                    malformed++;
                    c.dropHead(start);
                }
                // Counted as malformed when refused here: a value out of its form, or a shape held back.
                if (judge.valuesFitTheirLabels(c.fieldCount)
                        && judge.shapeVouchedFor(c.fieldCount, c.valueLength, c.cleanStart, checksumByte, malformed + checksumErrors)) {
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
        CandidateBlock c = candidate;
        for (int i = 0; i < c.fieldCount; i++) {
            if (c.entries[i] == null) {
                c.entries[i] = labelTable.add(c.names[i]);
            }
        }
        judge.noteDevice(c.fieldCount);
        long given = malformed + checksumErrors;
        String[] labels = shapes.record(c.names, c.entries, c.fieldCount, given == givenUpAtLastBlock);
        givenUpAtLastBlock = given;
        blocks++;
        listener.onBlock(new VeDirectBlock(labels, Arrays.copyOf(c.valueBytes, c.valueLength),
                Arrays.copyOf(c.valueEnds, c.fieldCount), checksumByte));
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
            candidate.taintedField = candidate.fieldCount - 1;
        } else if (interruptedState != IDLE) {
            // After the CR or within the label of the next field: that field is the one hit.
            candidate.taintedField = candidate.fieldCount;
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
