package io.github.vedirect.protocol;

/**
 * A value that cannot be encoded for, decoded from or written to a register. The message is one
 * line that starts with the register ("0xEDF0 batteryMaximumCurrent: ..."), so it can be shown to a
 * user as it is.
 */
public final class HexValueException extends IllegalArgumentException {

    private final transient HexRegister register;

    public HexValueException(HexRegister register, String problem) {
        super(register.label() + ": " + problem);
        this.register = register;
    }

    public HexRegister register() {
        return register;
    }
}
