package io.github.vedirect.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One HEX register: what it is called here, how its value is laid out and scaled, whether it may be
 * written and where the written value lives, which product families have it, and where those facts
 * come from.
 *
 * <p>A number on the wire is {@code raw}; the value a user sees is {@code raw * scale + offset} in
 * {@code unit}. {@code minimum}/{@code maximum} bound what a set may ask for (null for read-only
 * registers); they are this project's guard against a typo, the device still checks its own limits
 * and answers "parameter error" beyond them.
 *
 * @param name        stable catalogue name, camelCase; CLI and headers use it, so never rename one
 * @param notAvailable raw value meaning "not available" (e.g. 0xFFFF for SOC), null if none
 * @param source      where the id, type and scale come from (protocol doc section, velib, capture)
 * @param codes       for a register whose value is one of a few codes (a mode), each code's name, lower case
 *                    ("off", "on"); empty for a register that holds a quantity
 */
public record HexRegister(int id, String name, String description, HexType type, BigDecimal scale,
                          BigDecimal offset, Unit unit, HexStorage storage, BigDecimal minimum,
                          BigDecimal maximum, Long notAvailable, Set<DeviceFamily> families, String source,
                          NavigableMap<Long, String> codes) {

    /** A register that holds a quantity, not a code. */
    public HexRegister(int id, String name, String description, HexType type, BigDecimal scale, BigDecimal offset,
                       Unit unit, HexStorage storage, BigDecimal minimum, BigDecimal maximum, Long notAvailable,
                       Set<DeviceFamily> families, String source) {
        this(id, name, description, type, scale, offset, unit, storage, minimum, maximum, notAvailable, families,
                source, new TreeMap<>());
    }

    public HexRegister {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(storage, "storage");
        families = Set.copyOf(families);
        codes = Collections.unmodifiableNavigableMap(new TreeMap<>(codes == null ? Map.of() : codes));
        if (!codes.isEmpty() && (scale.compareTo(BigDecimal.ONE) != 0 || offset.signum() != 0)) {
            throw new IllegalArgumentException(name + ": a register of codes holds the code itself (scale 1, no offset)");
        }
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("register ids are un16: " + id);
        }
        if (storage.writable() && (minimum == null || maximum == null || !type.numeric())) {
            throw new IllegalArgumentException(name + ": a writable register needs a numeric type and a range");
        }
    }

    /** "0xEDF0" */
    public String hexId() {
        return String.format(Locale.ROOT, "0x%04X", id);
    }

    /** "0xEDF0 batteryMaximumCurrent", how every message names a register. */
    public String label() {
        return hexId() + " " + name;
    }

    public boolean writable() {
        return storage.writable();
    }

    /** Whether the value is one of {@link #codes} (a mode) rather than a quantity. */
    public boolean enumerated() {
        return !codes.isEmpty();
    }

    /** The name of a code, e.g. "off" for 0 of 0xEDAB; empty for a code the catalogue does not know. */
    public Optional<String> codeName(long code) {
        return Optional.ofNullable(codes.get(code));
    }

    /**
     * The code a user named: case, and {@code _} or {@code -} for a space, not significant ("user_defined_1" is
     * "user defined 1"); empty for a name that is not one of the register's.
     */
    public Optional<Long> codeOf(String codeName) {
        String wanted = codeName.trim().replace('_', ' ').replace('-', ' ').toLowerCase(Locale.ROOT);
        return codes.entrySet().stream().filter(entry -> entry.getValue().equals(wanted)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** "0 off, 1 automatic, ...", for messages and docs/hex.md. */
    public String codeList() {
        StringBuilder list = new StringBuilder();
        codes.forEach((code, codeName) -> list.append(list.isEmpty() ? "" : ", ").append(code).append(' ').append(codeName));
        return list.toString();
    }

    /** Number of decimals the scale gives, e.g. 2 for 0.01 V. */
    public int decimals() {
        return Math.max(0, scale.stripTrailingZeros().scale());
    }

    /**
     * The value bytes of a reply or async frame, typed. Numbers of the wrong length are refused
     * (a truncated frame must not read as a small number); strings stop at the first NUL.
     */
    public HexValue decode(byte[] value) {
        byte[] bytes = value.clone();
        if (type == HexType.STRING) {
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new HexValue(this, bytes, null, new String(bytes, 0, end, StandardCharsets.US_ASCII), true);
        }
        if (type == HexType.RECORD) {
            return new HexValue(this, bytes, null, null, bytes.length > 0);
        }
        if (bytes.length != type.size()) {
            throw new HexValueException(this, "expected " + type.size() + " value byte" + (type.size() == 1 ? "" : "s")
                    + " (" + type.wireName() + "), got " + bytes.length);
        }
        long raw = raw(bytes);
        if (notAvailable != null && raw == notAvailable) {
            return new HexValue(this, bytes, null, null, false);
        }
        return new HexValue(this, bytes, BigDecimal.valueOf(raw).multiply(scale).add(offset), null, true);
    }

    /** The little-endian number in {@code bytes}, sign-extended for signed types. */
    long raw(byte[] bytes) {
        long raw = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            raw = raw << 8 | (bytes[i] & 0xFF);
        }
        if (type.signed() && bytes.length > 0 && bytes.length < 8) {
            int shift = 64 - 8 * bytes.length;
            raw = raw << shift >> shift;
        }
        return raw;
    }

    /**
     * The wire bytes for {@code value} in the register's unit. Refuses a value finer than the scale
     * (15.05 A on a 0.1 A register: rounding it silently would set something else than was asked)
     * and one the type cannot hold. No range check: see {@link #checkSettable}.
     */
    public byte[] encode(BigDecimal value) {
        if (!type.numeric()) {
            throw new HexValueException(this, "a " + type.wireName() + " value cannot be encoded from a number");
        }
        BigDecimal steps = value.subtract(offset).divide(scale, 12, RoundingMode.HALF_EVEN).stripTrailingZeros();
        long raw;
        try {
            raw = steps.longValueExact();
        } catch (ArithmeticException e) {
            throw new HexValueException(this, format(value) + " is not a multiple of "
                    + scale.stripTrailingZeros().toPlainString() + unitSuffix());
        }
        return encodeRaw(raw);
    }

    /** The wire bytes of a raw number, refused if the type cannot hold it. */
    public byte[] encodeRaw(long raw) {
        if (!type.numeric()) {
            throw new HexValueException(this, "a " + type.wireName() + " value cannot be encoded from a number");
        }
        if (raw < type.minRaw() || raw > type.maxRaw()) {
            throw new HexValueException(this, "raw value " + raw + " does not fit " + type.wireName());
        }
        return HexEncoder.littleEndian(raw, type.size());
    }

    /** Refuses what a set must not send: a read-only register, or a value outside the catalogue range. */
    public void checkSettable(BigDecimal value) {
        if (!writable()) {
            throw new HexValueException(this, "read-only, cannot be set");
        }
        if (enumerated() && !isKnownCode(value)) {
            throw new HexValueException(this, value.toPlainString() + " is not one of its codes (" + codeList() + ")");
        }
        if (value.compareTo(minimum) < 0) {
            throw new HexValueException(this, format(value) + " is below the minimum " + format(minimum));
        }
        if (value.compareTo(maximum) > 0) {
            throw new HexValueException(this, format(value) + " is above the maximum " + format(maximum));
        }
    }

    private boolean isKnownCode(BigDecimal value) {
        try {
            return codes.containsKey(value.longValueExact());
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** {@code value} with the register's decimals and unit, e.g. "15.0 A"; a known code by name, "on (4)". */
    public String format(BigDecimal value) {
        if (enumerated() && isKnownCode(value)) {
            return codes.get(value.longValueExact()) + " (" + value.toPlainString() + ")";
        }
        return value.setScale(Math.max(decimals(), value.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY)
                .toPlainString() + unitSuffix();
    }

    private String unitSuffix() {
        return unit.symbol().isEmpty() ? "" : " " + unit.symbol();
    }

    @Override
    public String toString() {
        return label();
    }
}
