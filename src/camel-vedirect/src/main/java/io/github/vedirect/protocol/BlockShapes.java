package io.github.vedirect.protocol;

import java.util.Arrays;

/**
 * The label sequences ("shapes") of the valid blocks a device sends: a BMV has two (main and
 * history), an MPPT one or two. An 8-bit checksum alone lets one damaged block in 256 through;
 * knowing the shapes lets the decoder see where a block really starts after damage, and refuse
 * the tail of a block or a block glued to the head of a cut one. A shape is trusted once it has
 * been seen twice, so a single lucky checksum cannot teach the decoder a wrong shape.
 *
 * <p>Once the device's cycle of shapes has closed (a shape seen twice), a block of a shape the device
 * has not sent is not taken on its checksum alone: it is held back as pending, apart from the learned
 * shapes (so that a one-off never breaks a tie in the decoder's choice of a block's start), and a
 * block of that shape is taken when it comes again ({@link #confirm}).
 *
 * <p>Shapes belong to the device on the line now: the decoder forgets them all when the device
 * changes ({@link #forget}), so that an old device's shapes never refuse a new device's blocks.
 */
final class BlockShapes {

    static final int CAPACITY = 16;
    /** Shapes held back at once: a firmware change brings one or two, damage a few a day at most. */
    static final int PENDING_CAPACITY = 4;
    private static final int TRUSTED_AFTER = 2;
    /** {@link #joinTails()}: the block could be the tail of any block, not only a join's. */
    static final int ANY_TAIL = -1;

    private static final class Shape {
        final String[] labels;
        final LabelTable.Label[] entries;
        int hits;
        long lastUsed;
        /** Bit i: a block of shapes[i] came right after one of this shape. */
        int followedBy;

        Shape(String[] labels, LabelTable.Label[] entries) {
            this.labels = labels;
            this.entries = entries;
        }

        boolean trusted() {
            return hits >= TRUSTED_AFTER;
        }

        boolean matches(String[] names, int from, int count) {
            if (labels.length != count) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                if (!labels[i].equals(names[from + i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Shape[] shapes = new Shape[CAPACITY];
    private final LabelTable table;
    private int count;
    private int lastMatch;
    /** Index of the shape of the last block recorded, or -1. */
    private int lastRecorded = -1;
    private long clock;
    /** A shape has been seen twice since the device came on the line: its cycle of shapes has closed. */
    private boolean cycleClosed;
    /** Shapes of blocks held back, not yet seen twice; the arrays are reused, so holding allocates nothing. */
    private final String[][] pending = new String[PENDING_CAPACITY][VeDirectDecoder.MAX_FIELDS];
    private final int[] pendingLength = new int[PENDING_CAPACITY];
    private int pendingNext;
    /** What the last {@link #couldBeAJoin} found: see {@link #joinTails()}. */
    private int joinTails;

    BlockShapes(LabelTable table) {
        this.table = table;
    }

    /**
     * Notes a valid block's shape and returns the shape's label array, which blocks of that shape share.
     * {@code adjacent}: nothing was given up since the last block recorded, so this one came right after it.
     */
    String[] record(String[] names, LabelTable.Label[] entries, int fieldCount, boolean adjacent) {
        clock++;
        Shape shape = find(names, 0, fieldCount);
        int index = lastMatch;
        if (shape == null) {
            shape = new Shape(Arrays.copyOf(names, fieldCount), Arrays.copyOf(entries, fieldCount));
            index = add(shape);
        }
        if (adjacent && lastRecorded >= 0) {
            shapes[lastRecorded].followedBy |= 1 << index;
        }
        lastRecorded = index;
        shape.lastUsed = clock;
        if (++shape.hits == TRUSTED_AFTER) {
            cycleClosed = true;
            refreshLabelFlags();
        }
        return shape.labels;
    }

    /** Is {@code names[from .. from + fieldCount)} the shape of blocks seen at least twice from the current device? */
    boolean isTrusted(String[] names, int from, int fieldCount) {
        Shape shape = find(names, from, fieldCount);
        return shape != null && shape.trusted();
    }

    /** Is {@code names[from .. from + fieldCount)} the shape of a block seen from the current device, if only once? */
    boolean isKnown(String[] names, int from, int fieldCount) {
        return find(names, from, fieldCount) != null;
    }

    /** Has a shape been seen twice since the device came on the line (its learning phase is over)? */
    boolean cycleClosed() {
        return cycleClosed;
    }

    /**
     * Could {@code names[0 .. fieldCount)} be the head of a block of one shape the device sent joined
     * to the tail of a block of a shape it sent right after one of that shape (its checksum field and
     * the next block's start lost between)? Then its labels are a prefix of the first shape, at most
     * one label made up at the seam, and a suffix of the second; and a value can differ from the
     * device's own only at the seam ({@code firstOdd .. lastOdd}: the fields whose identity value,
     * PID, SER#, FW or FWE, the device never sent; -1 if none).
     * With {@code orATail}, also the tail of a block the device sent (a suffix of its shape, the first
     * label perhaps made up by damage).
     */
    boolean couldBeAJoin(String[] names, int fieldCount, boolean orATail, int firstOdd, int lastOdd) {
        joinTails = 0;
        for (int x = 0; x < count; x++) {
            if (orATail && firstOdd <= 0 && lastOdd <= 0 && suffix(shapes[x].labels, names, fieldCount, 0) + 1 >= fieldCount) {
                joinTails = ANY_TAIL;
                return true;
            }
            String[] head = shapes[x].labels;
            int prefix = 0;
            while (prefix < fieldCount && prefix < head.length && head[prefix].equals(names[prefix])) {
                prefix++;
            }
            // (prefix 0: only a join cut inside the first label, field 0 made up at the seam.)
            for (int y = 0; y < count; y++) {
                if ((shapes[x].followedBy & 1 << y) == 0) {
                    continue;
                }
                // A join cut at field c: fields 0 .. c-1 are the head's, field c is the seam (the head's
                // label with a value cut short and glued to the tail's, or a label made up of two), and
                // the rest is the tail's. So c <= prefix, c >= fieldCount - 1 - suffix, and a value unlike
                // the device's can only be field c's.
                int lowest = Math.max(0, fieldCount - 1 - suffix(shapes[y].labels, names, fieldCount, 0));
                int cutFrom = firstOdd < 0 ? lowest : Math.max(lowest, lastOdd);
                // (c = fieldCount - 1: the tail is only the end of the next block's last value, and the
                // join reads as a known shape's head alone, as a SmartShunt without MON after one with it.)
                int cutTo = firstOdd < 0 ? prefix : Math.min(prefix, firstOdd);
                if (cutFrom <= cutTo) {
                    joinTails |= 1 << y;
                }
            }
        }
        return joinTails != 0;
    }

    /**
     * After {@link #couldBeAJoin} said yes: the shapes whose block's tail such a join could end with (bit
     * y for shapes[y]), or {@link #ANY_TAIL} when it could also be the tail of a block alone.
     */
    int joinTails() {
        return joinTails;
    }

    /**
     * Does a block of shape {@code names[0 .. fieldCount)}, come right after a held block that could only
     * be a join ending with the tail of a block of one of the shapes {@code tails}, say that the held
     * block was no join? A join takes the start of its tail block with it, so the block after it is one
     * the device sends after that tail block; one it never sends there means that the tail block was
     * never cut, and the held block is one the device sent (a SmartShunt without MON, then its history
     * block: after a join with a history block's tail would come a main block).
     */
    boolean refutesAJoin(int tails, String[] names, int fieldCount) {
        if (tails == 0 || tails == ANY_TAIL || find(names, 0, fieldCount) == null) {
            return false;
        }
        int next = 1 << lastMatch;
        for (int y = 0; y < count; y++) {
            if ((tails & 1 << y) != 0 && (shapes[y].followedBy & next) != 0) {
                return false;
            }
        }
        return true;
    }

    /** How many of the last labels of {@code names[from .. fieldCount)} are the last labels of {@code shape}. */
    private static int suffix(String[] shape, String[] names, int fieldCount, int from) {
        int suffix = 0;
        while (suffix < fieldCount - from && suffix < shape.length
                && shape[shape.length - 1 - suffix].equals(names[fieldCount - 1 - suffix])) {
            suffix++;
        }
        return suffix;
    }

    /**
     * A block of a shape the current device has not sent: true if a block of that shape was held back
     * before (it is confirmed, and no longer pending), else false, and the shape is held as pending,
     * in place of the oldest pending one when there is no room.
     */
    boolean confirm(String[] names, int fieldCount) {
        for (int p = 0; p < PENDING_CAPACITY; p++) {
            if (pendingLength[p] == fieldCount && Arrays.equals(pending[p], 0, fieldCount, names, 0, fieldCount)) {
                pendingLength[p] = 0;
                return true;
            }
        }
        System.arraycopy(names, 0, pending[pendingNext], 0, fieldCount);
        pendingLength[pendingNext] = fieldCount;
        pendingNext = (pendingNext + 1) % PENDING_CAPACITY;
        return false;
    }

    /**
     * Forgets every shape: the device on the line changed (another product id, or a valid block that
     * opens with a label its shapes had only inside blocks), and what its predecessor sent says
     * nothing about where this one's blocks start.
     */
    void forget() {
        cycleClosed = false;
        Arrays.fill(pendingLength, 0);
        if (count > 0) {
            Arrays.fill(shapes, 0, count, null);
            count = 0;
            lastMatch = 0;
            lastRecorded = -1;
            table.clearShapeFlags();
        }
    }

    private Shape find(String[] names, int from, int fieldCount) {
        // A device repeats its shapes in turn, so the last match or its neighbour nearly always hits first.
        for (int n = 0; n < count; n++) {
            int i = (lastMatch + n) % count;
            if (shapes[i].matches(names, from, fieldCount)) {
                lastMatch = i;
                return shapes[i];
            }
        }
        return null;
    }

    /** Adds a shape and returns its index. */
    private int add(Shape shape) {
        if (count < CAPACITY) {
            shapes[count++] = shape;
            return count - 1;
        }
        // Evict the shape unused longest, preferring untrusted ones: those are mostly one-off noise.
        int victim = -1;
        for (int i = 0; i < count; i++) {
            if (victim < 0 || rank(shapes[i]) < rank(shapes[victim])) {
                victim = i;
            }
        }
        boolean wasTrusted = shapes[victim].trusted();
        shapes[victim] = shape;
        for (int i = 0; i < count; i++) {
            shapes[i].followedBy &= ~(1 << victim);
        }
        if (lastRecorded == victim) {
            lastRecorded = -1;
        }
        if (wasTrusted) {
            refreshLabelFlags();
        }
        return victim;
    }

    private static long rank(Shape shape) {
        return shape.trusted() ? shape.lastUsed + Long.MAX_VALUE / 2 : shape.lastUsed;
    }

    private void refreshLabelFlags() {
        table.clearShapeFlags();
        for (int s = 0; s < count; s++) {
            Shape shape = shapes[s];
            if (!shape.trusted()) {
                continue;
            }
            for (int i = 0; i < shape.entries.length; i++) {
                LabelTable.Label entry = shape.entries[i];
                if (entry != null) {
                    if (i == 0) {
                        entry.opensBlocks = true;
                    } else {
                        entry.insideBlocks = true;
                    }
                }
            }
        }
    }
}
