package io.github.vedirect.hex;

import io.github.vedirect.protocol.HexReply;

/**
 * A HEX command that did not give a value. The message is one line a user can act on and names the
 * register (or the command): "0xEDF0 batteryMaximumCurrent: the device does not have this register
 * (unknown id)". The {@link #reason()} says whether trying again later can help.
 */
public final class HexException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a command failed. */
    public enum Reason {
        /** The device answered and said no (unknown id, not supported, parameter error, unknown command). Never retried. */
        DEVICE_REFUSED,
        /** No matching answer after every try: a text-only device, a silent line, a device busy elsewhere. */
        NO_ANSWER,
        /** Refused here before anything was sent: the flash-wear rule. */
        FLASH_WRITE_LIMIT,
        /** The set was acknowledged but the value read back is not the one asked for, or could not be read. */
        NOT_VERIFIED,
        /** The port closed or broke while the command waited. */
        PORT_LOST
    }

    private final Reason reason;
    private final HexReply.Kind kind;

    public HexException(Reason reason, String message) {
        this(reason, null, message);
    }

    public HexException(Reason reason, HexReply.Kind kind, String message) {
        super(message);
        this.reason = reason;
        this.kind = kind;
    }

    public Reason reason() {
        return reason;
    }

    /** What the device answered when {@link #reason()} is {@link Reason#DEVICE_REFUSED}; null otherwise. */
    public HexReply.Kind kind() {
        return kind;
    }
}
