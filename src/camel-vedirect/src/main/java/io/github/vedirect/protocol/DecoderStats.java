package io.github.vedirect.protocol;

/**
 * What a decoder has seen since it was created. A snapshot: the decoder keeps counting.
 *
 * @param bytes          every byte fed
 * @param blocks         text blocks emitted
 * @param checksumErrors well-formed blocks whose sum was not 0 mod 256
 * @param malformed      blocks given up because of their structure: a byte that cannot be there, a field
 *                       too long, too many fields, a repeated label, a block cut short by another one, a
 *                       value not in its label's wire form, or a block held back because the device has not
 *                       sent its shape before (taken back off when it comes out late: a later block
 *                       confirms that shape, or the next one says it was no join)
 * @param hexFrames      HEX frames emitted
 * @param hexErrors      HEX frames with a wrong checksum, an odd shape, or given up part-way
 * @param skippedBytes   bytes outside any block or HEX frame (line noise, the tail of a block the
 *                       decoder joined half-way)
 */
public record DecoderStats(long bytes, long blocks, long checksumErrors, long malformed,
                           long hexFrames, long hexErrors, long skippedBytes) {

    /** Counts of this snapshot less those of an earlier one: what happened in between. */
    public DecoderStats minus(DecoderStats earlier) {
        return new DecoderStats(bytes - earlier.bytes, blocks - earlier.blocks,
                checksumErrors - earlier.checksumErrors, malformed - earlier.malformed,
                hexFrames - earlier.hexFrames, hexErrors - earlier.hexErrors,
                skippedBytes - earlier.skippedBytes);
    }

    @Override
    public String toString() {
        return "bytes=" + bytes + " blocks=" + blocks + " checksumErrors=" + checksumErrors
                + " malformed=" + malformed + " hexFrames=" + hexFrames + " hexErrors=" + hexErrors
                + " skippedBytes=" + skippedBytes;
    }
}
