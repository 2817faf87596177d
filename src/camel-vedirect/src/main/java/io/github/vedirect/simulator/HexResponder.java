package io.github.vedirect.simulator;

import io.github.vedirect.protocol.HexCommand;
import io.github.vedirect.protocol.HexEncoder;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.HexStorage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The HEX side of a simulated device: reads the command frames the host writes to the device's RX
 * line and answers as doc section 7 says a real one does. Ping, app version and product id; get on
 * the registers the device has (live readings, settings, history records); set on its settings,
 * kept in flash or in RAM; flag 0x01 for a register it lacks, 0x02 for a write to one that is
 * read-only, 0x04 for a value outside the device's own limits or a history day it does not hold
 * (as the 75/15 in the ckeller42 capture answers); "unknown" for a command it does not know and
 * "error 0xAAAA" for a frame it cannot read. Restart (0x6) gets no answer and forgets the
 * volatile settings.
 *
 * <p>Two firmware behaviours, both settable: the text pause (older firmware stops its text blocks
 * for "a few seconds" after a valid HEX frame, doc section 8; 0 for firmware that never does), and
 * whether an answer may land in the middle of a text block (older firmware) or waits for the block
 * to end (MPPT firmware 1.53 and later). {@link SimulatedWire} applies the second; the devices ask
 * {@link #textPaused} for the first.
 */
public final class HexResponder {

    /** A host frame longer than this is not a frame (the decoder's limit is the same order). */
    private static final int MAX_FRAME_CHARS = 100;

    /** A writable register as this device implements it: its limits, not the catalogue's. */
    record Setting(int size, HexStorage storage, long minRaw, long maxRaw, byte[] factory) {
    }

    private final int firmware;
    private final int productId;
    private final Map<Integer, Supplier<byte[]>> readings = new LinkedHashMap<>();
    private final Map<Integer, Setting> settings = new LinkedHashMap<>();
    private final Map<Integer, byte[]> flash = new HashMap<>();
    private final Map<Integer, byte[]> ram = new HashMap<>();
    private final Map<Integer, Integer> flashWrites = new HashMap<>();
    private IntFunction<byte[]> history = day -> null;
    private final StringBuilder input = new StringBuilder();
    private boolean inFrame;

    private Duration textPause;
    private boolean repliesMidBlock;
    private Instant lastExchange;
    private int restarts;

    /**
     * @param firmware as ping and app version report it, e.g. 0x4159 for 1.59
     */
    HexResponder(int firmware, int productId, Duration textPause, boolean repliesMidBlock) {
        this.firmware = firmware;
        this.productId = productId;
        this.textPause = textPause;
        this.repliesMidBlock = repliesMidBlock;
    }

    /** A read-only register, read when asked. */
    HexResponder reading(int id, Supplier<byte[]> value) {
        readings.put(id, value);
        return this;
    }

    HexResponder setting(int id, int size, HexStorage storage, long minRaw, long maxRaw, long factory) {
        settings.put(id, new Setting(size, storage, minRaw, maxRaw, HexEncoder.littleEndian(factory, size)));
        return this;
    }

    /** Day records 0x1050 + day; the function returns null for a day the device does not hold. */
    HexResponder history(IntFunction<byte[]> days) {
        this.history = days;
        return this;
    }

    /**
     * Takes bytes the host wrote, in any pieces; returns the answers to the frames they complete,
     * possibly none.
     */
    public byte[] receive(byte[] fromHost, Instant now) {
        StringBuilder answers = new StringBuilder();
        for (byte b : fromHost) {
            char c = (char) (b & 0xFF);
            if (c == ':') {
                inFrame = true;
                input.setLength(0);
                input.append(c);
            } else if (!inFrame) {
                continue;
            } else if (c == '\n') {
                inFrame = false;
                answers.append(answer(input.toString(), now));
            } else if (input.length() >= MAX_FRAME_CHARS) {
                inFrame = false;
            } else {
                input.append(c);
            }
        }
        return answers.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private String answer(String text, Instant now) {
        HexFrame frame = HexFrame.parse(text);
        if (frame == null) {
            return HexEncoder.frame(HexFrame.ERROR, new byte[] {(byte) 0xAA, (byte) 0xAA});
        }
        lastExchange = now;
        byte[] payload = frame.payload();
        return switch (frame.command()) {
            case HexCommand.PING -> HexEncoder.frame(HexFrame.PING_RESPONSE, HexEncoder.littleEndian(firmware, 2));
            case HexCommand.APP_VERSION -> HexEncoder.frame(HexFrame.DONE, HexEncoder.littleEndian(firmware, 2));
            case HexCommand.PRODUCT_ID -> HexEncoder.frame(HexFrame.DONE, HexEncoder.littleEndian(productId, 2));
            case HexCommand.RESTART -> {
                restart();
                yield "";
            }
            case HexCommand.GET -> payload.length == 3 ? get(frame.registerId())
                    : registerReply(HexFrame.GET, payload, 0x04, new byte[0]);
            case HexCommand.SET -> payload.length >= 3 ? set(frame.registerId(), frame.value())
                    : HexEncoder.frame(HexFrame.ERROR, new byte[] {(byte) 0xAA, (byte) 0xAA});
            default -> HexEncoder.frame(HexFrame.UNKNOWN, new byte[] {(byte) frame.command(), 0});
        };
    }

    private String get(int id) {
        Setting setting = settings.get(id);
        if (setting != null) {
            return registerReply(HexFrame.GET, id, 0, current(id, setting));
        }
        Supplier<byte[]> reading = readings.get(id);
        if (reading != null) {
            return registerReply(HexFrame.GET, id, 0, reading.get());
        }
        int day = id - 0x1050;
        if (day >= 0 && day <= 30) {
            byte[] record = history.apply(day);
            return record == null ? registerReply(HexFrame.GET, id, 0x04, new byte[0])
                    : registerReply(HexFrame.GET, id, 0, record);
        }
        return registerReply(HexFrame.GET, id, 0x01, new byte[0]);
    }

    private String set(int id, byte[] value) {
        Setting setting = settings.get(id);
        if (setting == null) {
            boolean known = readings.containsKey(id) || (id >= 0x1050 && id <= 0x106E && history.apply(id - 0x1050) != null);
            return registerReply(HexFrame.SET, id, known ? 0x02 : 0x01, new byte[0]);
        }
        if (value.length != setting.size()) {
            return registerReply(HexFrame.SET, id, 0x04, new byte[0]);
        }
        long raw = 0;
        for (int i = value.length - 1; i >= 0; i--) {
            raw = raw << 8 | (value[i] & 0xFF);
        }
        if (raw < setting.minRaw() || raw > setting.maxRaw()) {
            return registerReply(HexFrame.SET, id, 0x04, new byte[0]);
        }
        if (setting.storage() == HexStorage.FLASH) {
            flash.put(id, value.clone());
            flashWrites.merge(id, 1, Integer::sum);
        } else {
            ram.put(id, value.clone());
        }
        return registerReply(HexFrame.SET, id, 0, value);
    }

    private byte[] current(int id, Setting setting) {
        Map<Integer, byte[]> store = setting.storage() == HexStorage.FLASH ? flash : ram;
        return store.getOrDefault(id, setting.factory()).clone();
    }

    private static String registerReply(int command, int id, int flags, byte[] value) {
        return HexEncoder.frame(command, HexEncoder.registerPayload(id, flags, value));
    }

    private static String registerReply(int command, byte[] request, int flags, byte[] value) {
        int id = (request[0] & 0xFF) | (request.length > 1 ? (request[1] & 0xFF) << 8 : 0);
        return registerReply(command, id, flags, value);
    }

    /** As after a power cycle or the Restart command: volatile settings are back to their defaults, flash keeps its values. */
    public void restart() {
        ram.clear();
        restarts++;
    }

    /** True while the device holds back its text blocks after a HEX exchange: for ticks after it, up to and including exchange + pause. */
    public boolean textPaused(Instant tickAt) {
        return lastExchange != null && !textPause.isZero() && tickAt.isAfter(lastExchange)
                && !tickAt.isAfter(lastExchange.plus(textPause));
    }

    public Duration textPause() {
        return textPause;
    }

    /** 0 for firmware that keeps sending text (MPPT 1.53 and later), 1 to 3 s for older firmware. */
    public void textPause(Duration pause) {
        this.textPause = pause;
    }

    public boolean repliesMidBlock() {
        return repliesMidBlock;
    }

    public void repliesMidBlock(boolean midBlock) {
        this.repliesMidBlock = midBlock;
    }

    /** The value a setting holds now (stored, or its factory default); empty for a register that is not a setting here. */
    public Optional<byte[]> setting(int id) {
        Setting setting = settings.get(id);
        return setting == null ? Optional.empty() : Optional.of(current(id, setting));
    }

    /** How many times a flash setting was written since the device was made. */
    public int flashWrites(int id) {
        return flashWrites.getOrDefault(id, 0);
    }

    public int restarts() {
        return restarts;
    }

    /** Every register id the device answers a get for, history days aside. */
    public Set<Integer> registers() {
        Set<Integer> ids = new TreeSet<>(readings.keySet());
        ids.addAll(settings.keySet());
        return ids;
    }
}
