package io.github.vedirect.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A command the host sends (doc 7.2), and the rule that says which frame from the device answers it.
 *
 * <p>What answers what: Ping is answered by a Ping response (0x5); App version and Product id by
 * Done (0x1), which carries no hint of which of the two it answers, so only one such command may be
 * outstanding at a time; Get and Set by a frame of the same command with the same register id,
 * whatever its flags (the flags say how it went). "Unknown" (0x3) answers the command it echoes;
 * "Error" (0x4, 0xAAAA) says the device could not read a frame at all and so answers whichever
 * command is outstanding. Async frames (0xA) never answer anything, even for the register asked for:
 * they are the device talking on its own.
 */
public final class HexCommand {

    public static final int PING = 0x1;
    public static final int APP_VERSION = 0x3;
    public static final int PRODUCT_ID = 0x4;
    public static final int RESTART = 0x6;
    public static final int GET = 0x7;
    public static final int SET = 0x8;

    private final int command;
    private final byte[] payload;
    private final int registerId;
    private final HexRegister register;

    private HexCommand(int command, byte[] payload, int registerId, HexRegister register) {
        this.command = command;
        this.payload = payload;
        this.registerId = registerId;
        this.register = register;
    }

    public static HexCommand ping() {
        return new HexCommand(PING, new byte[0], -1, null);
    }

    public static HexCommand appVersion() {
        return new HexCommand(APP_VERSION, new byte[0], -1, null);
    }

    public static HexCommand productId() {
        return new HexCommand(PRODUCT_ID, new byte[0], -1, null);
    }

    public static HexCommand get(HexRegister register) {
        return new HexCommand(GET, HexEncoder.registerPayload(register.id(), 0, new byte[0]), register.id(), register);
    }

    /** A get by id, for a register the catalogue may not have (its reply then comes back untyped). */
    public static HexCommand get(int registerId) {
        return new HexCommand(GET, HexEncoder.registerPayload(registerId, 0, new byte[0]), registerId,
                HexRegisters.byId(registerId).orElse(null));
    }

    /**
     * A set that has passed the catalogue's checks: writable, within range, a whole number of steps.
     *
     * @throws HexValueException naming the register when any check fails
     */
    public static HexCommand set(HexRegister register, BigDecimal value) {
        register.checkSettable(value);
        return new HexCommand(SET, HexEncoder.registerPayload(register.id(), 0, register.encode(value)),
                register.id(), register);
    }

    /** A set with no checks at all, to see what a device does with a value the catalogue would refuse. */
    public static HexCommand setUnchecked(int registerId, byte[] value) {
        return new HexCommand(SET, HexEncoder.registerPayload(registerId, 0, value), registerId,
                HexRegisters.byId(registerId).orElse(null));
    }

    public int command() {
        return command;
    }

    /** -1 for commands that are not about a register. */
    public int registerId() {
        return registerId;
    }

    /** The catalogue entry of the register, or null (not a register command, or not in the catalogue). */
    public HexRegister register() {
        return register;
    }

    /** The frame to write, LF included. */
    public String frame() {
        return HexEncoder.frame(command, payload);
    }

    public byte[] bytes() {
        return frame().getBytes(StandardCharsets.US_ASCII);
    }

    /** True when {@code reply} is the device's answer to this command (see the class comment). */
    public boolean answeredBy(HexFrame reply) {
        if (reply == null) {
            return false;
        }
        byte[] body = reply.payload();
        return switch (reply.command()) {
            case HexFrame.ERROR -> true;
            case HexFrame.UNKNOWN -> body.length >= 1 && (body[0] & 0xFF) == command;
            case HexFrame.PING_RESPONSE -> command == PING;
            case HexFrame.DONE -> command == APP_VERSION || command == PRODUCT_ID;
            case HexFrame.GET, HexFrame.SET -> reply.command() == command && reply.isRegisterFrame()
                    && reply.registerId() == registerId;
            default -> false;
        };
    }

    /**
     * The typed answer.
     *
     * @throws IllegalArgumentException when {@code reply} does not answer this command
     */
    public HexReply reply(HexFrame reply) {
        if (!answeredBy(reply)) {
            throw new IllegalArgumentException(reply + " does not answer " + this);
        }
        switch (reply.command()) {
            case HexFrame.ERROR:
                return new HexReply.Failure(this, HexReply.Kind.FRAME_ERROR,
                        name() + ": the device could not read the command frame (error reply " + reply.text() + ")");
            case HexFrame.UNKNOWN:
                return new HexReply.Failure(this, HexReply.Kind.UNKNOWN_COMMAND,
                        name() + ": the device does not know command 0x" + Integer.toHexString(command).toUpperCase(Locale.ROOT));
            case HexFrame.GET:
            case HexFrame.SET:
                return registerReply(reply);
            default:
                return new HexReply.Success(this, reply.payload(), null);
        }
    }

    private HexReply registerReply(HexFrame reply) {
        int flags = reply.flags();
        if ((flags & 0x01) != 0) {
            return new HexReply.Failure(this, HexReply.Kind.UNKNOWN_ID,
                    name() + ": the device does not have this register (unknown id)");
        }
        if ((flags & 0x02) != 0) {
            return new HexReply.Failure(this, HexReply.Kind.NOT_SUPPORTED, name() + (command == SET
                    ? ": the device refused the write (not supported; read-only?)"
                    : ": the device does not support this (not supported)"));
        }
        if ((flags & 0x04) != 0) {
            return new HexReply.Failure(this, HexReply.Kind.PARAMETER_ERROR, name() + (command == SET
                    ? ": the device refused the value (parameter error; outside what this device accepts)"
                    : ": the device has no value for this (parameter error)"));
        }
        if (flags != 0) {
            return new HexReply.Failure(this, HexReply.Kind.UNEXPECTED_FLAGS,
                    name() + ": the device answered with unknown flags 0x" + String.format("%02X", flags));
        }
        byte[] value = reply.value();
        if (register == null) {
            return new HexReply.Success(this, value, null);
        }
        try {
            return new HexReply.Success(this, value, register.decode(value));
        } catch (HexValueException e) {
            return new HexReply.Failure(this, HexReply.Kind.BAD_VALUE, e.getMessage());
        }
    }

    /** How messages name this command: the register label, or the command's name. */
    public String name() {
        if (registerId >= 0) {
            return register != null ? register.label() : String.format(Locale.ROOT, "0x%04X", registerId);
        }
        return switch (command) {
            case PING -> "ping";
            case APP_VERSION -> "app version";
            case PRODUCT_ID -> "product id";
            case RESTART -> "restart";
            default -> "command 0x" + Integer.toHexString(command);
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HexCommand that && that.command == command && Arrays.equals(that.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * command + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return (command == GET ? "get " : command == SET ? "set " : "") + name() + " " + frame().trim();
    }
}
