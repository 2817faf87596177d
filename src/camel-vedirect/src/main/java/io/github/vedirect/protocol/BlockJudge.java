package io.github.vedirect.protocol;

import java.util.Arrays;

/**
 * The judgement of a finished candidate block, apart from the byte-at-a-time state machine of
 * {@link VeDirectDecoder} that builds it: where the block starts, whether its values fit their
 * labels, whether its shape is vouched for (or held back until the next block says), and the
 * device's identity as its blocks give it. Runs once per candidate, never per byte.
 *
 * <p>It reads the candidate through the decoder's own arrays, shared at construction (so nothing is
 * copied per block), and takes the candidate's scalars as parameters. The arrays are only read here,
 * except the labels' device values and the shapes, which this class keeps. Not thread-safe, as the
 * decoder it belongs to.
 */
final class BlockJudge {

    private final BlockShapes shapes;
    private final LabelTable.Label productIdLabel;
    private final String[] names;
    private final LabelTable.Label[] entries;
    private final int[] sumBeforeField;
    private final byte[] valueBytes;
    private final int[] valueEnds;

    /** The last block held back for its shape, until the next block says whether the device sends that shape; or null. */
    private VeDirectBlock heldBlock;
    /** The held block let out by the last {@link #shapeVouchedFor}, not yet taken by the decoder; or null. */
    private VeDirectBlock released;
    /** Blocks given up, the held one included, when it was held: none since, and the next block came right after it. */
    private long givenUpAtHold;
    /** The shapes whose block's tail the held block could be a join with ({@link BlockShapes#joinTails}). */
    private int heldJoinTails;
    /** For the candidate, as announcesAnotherDevice found it: {@link BlockShapes#joinTails}, or any. */
    private int candidateJoinTails;

    BlockJudge(BlockShapes shapes, LabelTable.Label productIdLabel, String[] names, LabelTable.Label[] entries,
            int[] sumBeforeField, byte[] valueBytes, int[] valueEnds) {
        this.shapes = shapes;
        this.productIdLabel = productIdLabel;
        this.names = names;
        this.entries = entries;
        this.sumBeforeField = sumBeforeField;
        this.valueBytes = valueBytes;
        this.valueEnds = valueEnds;
    }

    /**
     * Where the block that ends here starts, or -1 if no start passes. The checksum is the main
     * evidence: a candidate that starts where a block can start and sums right is a block, whatever
     * shape it has, so a new device's blocks are never refused. Learned shapes of the device on the
     * line break ties: they pick a later start whose fields are one of its trusted shapes (the
     * candidate began with the head of a block cut short). Labels that only open blocks (PID, H1,
     * unless the device's shapes have them inside) pick a later start too. A candidate that began
     * after damage is most likely the tail of the damaged block and is taken only if it opens as
     * the protocol or the device's trusted shapes say blocks open.
     */
    int blockStart(int n, int sum, int minStart, int taintedField, boolean cleanStart) {
        boolean whole = minStart == 0 && (sum & 0xFF) == 0 && taintedField < 0;
        if (whole && shapes.isTrusted(names, 0, n)) {
            return 0;
        }
        int firstLater = Math.max(minStart, Math.max(1, taintedField + 1));
        for (int k = firstLater; k < n; k++) {
            if (((sum - sumBeforeField[k]) & 0xFF) == 0 && shapes.isTrusted(names, k, n - k)) {
                return k;
            }
        }
        // A later field from which the sum is right is another start the checksum allows. When
        // something vouches for it (a label that only opens blocks, PID or H1, or a shape this device
        // has sent, if only once), the candidate may well be the head of a block cut short (its
        // checksum field lost) followed by the next block, whatever else sums right. Only PID, which
        // no single damaged byte makes out of another label, is sure enough to start there; any other
        // such start leaves two readings that both sum right, and neither is emitted.
        for (int k = n - 1; k >= firstLater; k--) {
            if (((sum - sumBeforeField[k]) & 0xFF) == 0
                    && (entries[k] != null && entries[k].surelyOpensBlocks() || shapes.isKnown(names, k, n - k))) {
                return entries[k] == productIdLabel ? k : -1;
            }
        }
        // The candidate's own first label came again, and every field from the first occurrence on
        // did too, up to that point: the head of a block cut short, then the next block whole.
        if (minStart > 0 && minStart > taintedField && minStart < n && names[minStart].equals(names[0])
                && ((sum - sumBeforeField[minStart]) & 0xFF) == 0) {
            return minStart;
        }
        if (!whole) {
            return -1;
        }
        if (cleanStart) {
            return 0;
        }
        // The candidate began right after damage, so it is most likely the tail of the damaged block,
        // which sums right once in 256: take it only if it opens as the device's blocks do, as the
        // protocol or the device's own trusted shapes say (a label unknown to both is refused).
        LabelTable.Label first = entries[0];
        return first != null && (first.surelyOpensBlocks() || first.opensBlocks) ? 0 : -1;
    }

    /** Is every value of the candidate in its label's wire form ({@link FieldCatalogue#fitsWireForm})? Unknown labels take any. */
    boolean valuesFitTheirLabels(int fieldCount) {
        int from = 0;
        for (int i = 0; i < fieldCount; i++) {
            FieldDefinition definition = entries[i] != null ? entries[i].definition : FieldCatalogue.definitionOrNull(names[i]);
            if (definition != null && !FieldCatalogue.fitsWireForm(definition, valueBytes, from, valueEnds[i])) {
                return false;
            }
            from = valueEnds[i];
        }
        return true;
    }

    /**
     * May a block of the candidate's shape be emitted? The checksum lets one join in 256 of a block's
     * head and the next block's tail through, and such a join mostly has a shape the device never sent
     * (a label missing, or two blocks' labels run together). So, per device:
     * <ul>
     *   <li>Learning: until the device's cycle of shapes has closed (a shape seen twice since it came on
     *       the line), the checksum decides as it always did. A BMV's main and history blocks, a split
     *       MPPT's two blocks, all come once before the first comes again, so none of a device's own
     *       shapes is held back at the start of a stream or after a change of device.</li>
     *   <li>Then a shape the device has sent, if only once, is taken; any other is held back (not
     *       emitted, counted as malformed) and remembered as pending, and a block of that shape is
     *       taken when it comes again. A device whose firmware changes its blocks loses one block per
     *       new shape; a join is lost for good, as the same join summing right twice is one in 65536.</li>
     *   <li>Except when the block says the device changed, which no join of one device's blocks says:
     *       it carries a product id other than the device's (or one where the device sent none), or it
     *       starts where a block can start with a label that opens none of the device's shapes (a new
     *       device that opens its record with a PID-less block, a BMV history after an MPPT).</li>
     * </ul>
     * What remains: a join cut at the same place in both blocks has the device's own shape, and one in
     * 256 of those whose values fit sum right; no decoder can tell it from a block the device sent.
     */
    boolean shapeVouchedFor(int fieldCount, int valueLength, boolean cleanStart, int checksumByte, long givenUp) {
        if (!shapes.cycleClosed() || shapes.isKnown(names, 0, fieldCount) || announcesAnotherDevice(fieldCount, cleanStart)) {
            // Right after the held block comes one the device never sends after the block a join would
            // have cut: that block was never cut, and the held one was sent as it is. It comes out now.
            if (heldBlock != null && givenUp == givenUpAtHold
                    && shapes.refutesAJoin(heldJoinTails, names, fieldCount)) {
                released = heldBlock;
            }
            heldBlock = null;
            return true;
        }
        if (shapes.confirm(names, fieldCount)) {
            // The block held back (no block came out since) had the same shape: the device really sends
            // it (a new device, new firmware). It comes out now, late, and was no loss.
            if (heldBlock != null && hasTheCandidatesShape(heldBlock, fieldCount)) {
                released = heldBlock;
            }
            heldBlock = null;
            return true;
        }
        // Kept whole (this allocates, as emitting does; held blocks are rare) in case the next block confirms it.
        heldBlock = new VeDirectBlock(Arrays.copyOf(names, fieldCount), Arrays.copyOf(valueBytes, valueLength),
                Arrays.copyOf(valueEnds, fieldCount), checksumByte);
        givenUpAtHold = givenUp + 1;
        heldJoinTails = candidateJoinTails;
        return false;
    }

    /**
     * The held block that the last {@link #shapeVouchedFor} call let out, once: the decoder emits it
     * before the block that vouched for it, and counts it as emitted instead of malformed. Or null.
     */
    VeDirectBlock takeReleased() {
        VeDirectBlock block = released;
        released = null;
        return block;
    }

    /** Has the held block the candidate's labels, in the same order? */
    private boolean hasTheCandidatesShape(VeDirectBlock block, int fieldCount) {
        if (block.size() != fieldCount) {
            return false;
        }
        for (int i = 0; i < fieldCount; i++) {
            if (!block.label(i).equals(names[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Does the block say that another device is on the line (or the same one with other firmware)? It
     * does when no join of two blocks the device sent one after the other (nor, after damage, the tail
     * of one) has its labels and identity ({@link BlockShapes#couldBeAJoin}): a product id, serial
     * number or firmware version other than the device's away from where a join's seam can be, or
     * labels no such join has, the first a label of the catalogue (a BMV history block after another
     * BMV's, a split MPPT's second block after a single-block MPPT, an MPPT with other firmware).
     */
    private boolean announcesAnotherDevice(int fieldCount, boolean cleanStart) {
        int firstOdd = -1;
        int lastOdd = -1;
        int from = 0;
        for (int i = 0; i < fieldCount; i++) {
            LabelTable.Label entry = entries[i];
            if (entry != null && entry.identifiesDevice && entry.deviceValue != null
                    && !Arrays.equals(entry.deviceValue, 0, entry.deviceValue.length, valueBytes, from, valueEnds[i])) {
                firstOdd = firstOdd < 0 ? i : firstOdd;
                lastOdd = i;
            }
            from = valueEnds[i];
        }
        boolean firstInCatalogue = (entries[0] != null ? entries[0].definition : FieldCatalogue.definitionOrNull(names[0])) != null;
        candidateJoinTails = BlockShapes.ANY_TAIL;
        if (firstOdd < 0 && !firstInCatalogue) {
            return false;
        }
        if (shapes.couldBeAJoin(names, fieldCount, !cleanStart, firstOdd, lastOdd)) {
            candidateJoinTails = shapes.joinTails();
            return false;
        }
        return true;
    }

    /**
     * Forgets the learned shapes when the block about to be emitted shows that the device changed, and
     * remembers the device's identity as the block gives it (copied only when it changes).
     */
    void noteDevice(int fieldCount) {
        if (entries[0] != null && entries[0].onlyInsideBlocks()) {
            shapes.forget();
        }
        int from = 0;
        for (int i = 0; i < fieldCount; i++) {
            LabelTable.Label entry = entries[i];
            int to = valueEnds[i];
            if (entry != null && entry.identifiesDevice && (entry.deviceValue == null
                    || !Arrays.equals(entry.deviceValue, 0, entry.deviceValue.length, valueBytes, from, to))) {
                if (entry == productIdLabel && entry.deviceValue != null) {
                    shapes.forget();
                }
                entry.deviceValue = Arrays.copyOfRange(valueBytes, from, to);
            }
            from = to;
        }
    }
}
