package io.github.vedirect.protocol;

/**
 * Receives what a {@link VeDirectDecoder} finds, synchronously, on the thread that feeds it.
 * The decoder has already updated its own state when it calls back, so a listener may throw
 * without leaving the decoder half-way through a byte.
 */
public interface DecoderListener {

    /** A text block whose checksum and structure are right. */
    void onBlock(VeDirectBlock block);

    /** A HEX frame whose own checksum is right. Most devices send them unasked; many users ignore them. */
    default void onHexFrame(HexFrame frame) {
    }
}
