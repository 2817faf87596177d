package io.github.vedirect.protocol;

import java.util.Arrays;

/**
 * The label sequences ("shapes") of the valid blocks a device sends: a BMV has two (main and
 * history), an MPPT one or two. An 8-bit checksum alone lets one damaged block in 256 through;
 * knowing the shapes lets the decoder see where a block really starts after damage, and refuse
 * the tail of a block or a block glued to the head of a cut one. A shape is trusted once it has
 * been seen twice, so a single lucky checksum cannot teach the decoder a wrong shape.
 *
 * <p>Shapes belong to the device on the line now: the decoder forgets them all when the device
 * changes ({@link #forget}), so that an old device's shapes never refuse a new device's blocks.
 */
final class BlockShapes {

    static final int CAPACITY = 16;
    private static final int TRUSTED_AFTER = 2;

    private static final class Shape {
        final String[] labels;
        final LabelTable.Label[] entries;
        int hits;
        long lastUsed;

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
    private long clock;

    BlockShapes(LabelTable table) {
        this.table = table;
    }

    /** Notes a valid block's shape and returns the shape's label array, which blocks of that shape share. */
    String[] record(String[] names, LabelTable.Label[] entries, int fieldCount) {
        clock++;
        Shape shape = find(names, 0, fieldCount);
        if (shape == null) {
            shape = new Shape(Arrays.copyOf(names, fieldCount), Arrays.copyOf(entries, fieldCount));
            add(shape);
        }
        shape.lastUsed = clock;
        if (++shape.hits == TRUSTED_AFTER) {
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

    /**
     * Forgets every shape: the device on the line changed (another product id, or a valid block that
     * opens with a label its shapes had only inside blocks), and what its predecessor sent says
     * nothing about where this one's blocks start.
     */
    void forget() {
        if (count > 0) {
            Arrays.fill(shapes, 0, count, null);
            count = 0;
            lastMatch = 0;
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

    private void add(Shape shape) {
        if (count < CAPACITY) {
            shapes[count++] = shape;
            return;
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
        if (wasTrusted) {
            refreshLabelFlags();
        }
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
