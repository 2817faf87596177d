package io.github.vedirect.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The labels a decoder has met in valid blocks, looked up straight from the received bytes so that
 * a known label costs no allocation. Each entry also carries what the learned block shapes say of
 * the label (does it open blocks, does it sit inside them) and a stamp that finds a repeated label
 * in a block without comparing strings. Bounded: line noise that happens to checksum cannot fill memory.
 */
final class LabelTable {

    static final class Label {
        final String name;
        final byte[] bytes;
        final int hash;
        /** What the catalogue says of the label, null for a label it does not know: whose values are not checked. */
        final FieldDefinition definition;
        /** First label of a trusted block shape. */
        boolean opensBlocks;
        /** Label at a later position of a trusted block shape. */
        boolean insideBlocks;
        /**
         * The protocol puts this label first in a block and nowhere else (PID, BMV history's H1):
         * prior knowledge, overruled when the device's own trusted shapes have it inside a block.
         */
        boolean opensBlocksByProtocol;
        /** PID, SER#, FW or FWE: a value that names the device, or its firmware. */
        boolean identifiesDevice;
        /** For such a label, the value the device on the line sent last, or null before any. */
        byte[] deviceValue;
        /** Serial of the candidate block that last used this label. */
        long stamp = -1;
        /** Field index at which that candidate last used it. */
        int position;

        Label(String name, byte[] bytes, int hash) {
            this.name = name;
            this.bytes = bytes;
            this.hash = hash;
            this.definition = FieldCatalogue.definitionOrNull(name);
        }

        /** A candidate block that starts with such a label is the tail of a block the decoder joined late. */
        boolean onlyInsideBlocks() {
            return insideBlocks && !opensBlocks;
        }

        /** A block starts at this label: the protocol says so and the device's shapes do not say otherwise. */
        boolean surelyOpensBlocks() {
            return opensBlocksByProtocol && !insideBlocks;
        }
    }

    private static final int SLOTS = 512;
    static final int MAX_LABELS = SLOTS / 2;

    private final Label[] slots = new Label[SLOTS];
    private int size;

    static int hashStep(int hash, int b) {
        return 31 * hash + b;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    Label find(byte[] buffer, int length, int hash) {
        for (int i = spread(hash) & (SLOTS - 1); ; i = (i + 1) & (SLOTS - 1)) {
            Label label = slots[i];
            if (label == null) {
                return null;
            }
            if (label.hash == hash && sameBytes(label.bytes, buffer, length)) {
                return label;
            }
        }
    }

    /** Adds {@code name} unless it is there already; null when the table is full. */
    Label add(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        int hash = 0;
        for (byte b : bytes) {
            hash = hashStep(hash, b & 0xFF);
        }
        Label existing = find(bytes, bytes.length, hash);
        if (existing != null || size >= MAX_LABELS) {
            return existing;
        }
        Label label = new Label(name, bytes, hash);
        int i = spread(hash) & (SLOTS - 1);
        while (slots[i] != null) {
            i = (i + 1) & (SLOTS - 1);
        }
        slots[i] = label;
        size++;
        return label;
    }

    int size() {
        return size;
    }

    void clearShapeFlags() {
        for (Label label : slots) {
            if (label != null) {
                label.opensBlocks = false;
                label.insideBlocks = false;
            }
        }
    }

    private static boolean sameBytes(byte[] known, byte[] buffer, int length) {
        if (known.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (known[i] != buffer[i]) {
                return false;
            }
        }
        return true;
    }
}
