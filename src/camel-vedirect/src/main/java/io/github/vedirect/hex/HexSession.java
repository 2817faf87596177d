package io.github.vedirect.hex;

import io.github.vedirect.protocol.HexCommand;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.HexHistory;
import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexReply;
import io.github.vedirect.protocol.HexStorage;
import io.github.vedirect.protocol.HexType;
import io.github.vedirect.protocol.HexValue;
import io.github.vedirect.protocol.HexValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The command side of one VE.Direct port: whoever reads the port (a consumer, a {@link HexPort}) feeds
 * it what the decoder finds, and any number of threads send commands through it. No Camel here: the
 * component and the command-line tools use the same rules.
 *
 * <p>The rules, from the protocol doc sections 3.3 and 8:
 * <ul>
 *   <li>One command at a time, in the order asked: callers wait on a fair lock, which is the queue.
 *       "App version" and "product id" are both answered by a bare Done frame, so two outstanding
 *       commands could not be told apart anyway.</li>
 *   <li>A command goes out only while the text stream is between blocks, as practitioners found
 *       reliable; on a freshly opened port the first block end is awaited (up to
 *       {@link #FIRST_BLOCK_WAIT_MILLIS}, after which a device that sends no text is written to anyway).</li>
 *   <li>At least {@link #MIN_INTERVAL_MILLIS} between two commands.</li>
 *   <li>The reply is the frame that answers the command ({@link HexCommand#answeredBy}: same register
 *       id and command), waited for {@link #REPLY_TIMEOUT_MILLIS}; {@link #ATTEMPTS} tries in all, and
 *       only silence (or the device's "could not read the frame") is tried again. A device that says
 *       no ("unknown id", "not supported", "parameter error") is believed at once: one exception naming
 *       the register, no retry storm.</li>
 *   <li>Frames nobody asked for (async 0xA, the device talking on its own) go to the async listener.</li>
 *   <li>Older firmware holds back its text for 1-3 s after an exchange; {@link #quietExcusedUntilNanos()}
 *       tells the stale watchdog which silence is that pause and not an outage.</li>
 * </ul>
 * {@link #set} adds the safety rules for writes: see its comment.
 */
public final class HexSession implements AutoCloseable {

    public static final long REPLY_TIMEOUT_MILLIS = 500;
    public static final int ATTEMPTS = 3;
    public static final long MIN_INTERVAL_MILLIS = 50;
    public static final long FIRST_BLOCK_WAIT_MILLIS = 1200;
    /**
     * Silence after an answered exchange that is the device's text pause, not an outage: the doc's
     * "a few seconds", seen as 1-3 s; the stale timeout starts counting after it.
     */
    public static final long TEXT_PAUSE_MILLIS = 3000;
    /** The longest wait for the end of a block before sending anyway: a block never lasts this long. */
    private static final long MAX_BLOCK_WAIT_MILLIS = 1500;

    private static final Logger LOG = LoggerFactory.getLogger(HexSession.class);

    /** Where the command bytes go: the port's write side. */
    @FunctionalInterface
    public interface Link {
        void write(byte[] bytes) throws IOException;
    }

    private record Pending(HexCommand command, CompletableFuture<HexFrame> reply) {
    }

    private final String port;
    private final Link link;
    private final Consumer<HexFrame> asyncListener;
    private final ReentrantLock queue = new ReentrantLock(true);
    private final long openedNanos = System.nanoTime();

    private volatile Pending pending;
    private volatile boolean midBlock;
    private volatile boolean blockSeen;
    private volatile boolean inExchange;
    private volatile long lastAnsweredNanos;
    private volatile boolean answeredOnce;
    private volatile String closedBecause;
    private long lastSentNanos;

    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong asyncFrames = new AtomicLong();
    private final AtomicLong unmatchedReplies = new AtomicLong();

    /**
     * @param port          how messages name the port, and the flash-wear rule's key
     * @param asyncListener gets every frame that answers nothing (async frames, late replies of a
     *                      command given up on are not among them); called on the reading thread
     */
    public HexSession(String port, Link link, Consumer<HexFrame> asyncListener) {
        this.port = port;
        this.link = link;
        this.asyncListener = asyncListener == null ? frame -> { } : asyncListener;
    }

    public String port() {
        return port;
    }

    // ---- the reading side ------------------------------------------------------------------------

    /** A valid text block has just ended: the line is free until the next one starts. */
    public void blockEnded() {
        blockSeen = true;
        midBlock = false;
    }

    /** After each piece of input: whether the decoder is inside a text block now. */
    public void textState(boolean insideBlock) {
        midBlock = insideBlock;
    }

    /** A valid HEX frame from the device: the answer to the command outstanding, or something it says on its own. */
    public void frameReceived(HexFrame frame) {
        Pending current = pending;
        if (current != null && current.command().answeredBy(frame)) {
            current.reply().complete(frame);
        } else if (frame.command() == HexFrame.ASYNC) {
            asyncFrames.incrementAndGet();
            asyncListener.accept(frame);
        } else {
            // A reply that came after its command was given up on, or to another host on a shared bus.
            unmatchedReplies.incrementAndGet();
            LOG.debug("{}: HEX reply {} answers no outstanding command", port, frame);
        }
    }

    /**
     * Silence up to this {@link System#nanoTime()} is the device pausing its text for a HEX exchange
     * (during one, and {@link #TEXT_PAUSE_MILLIS} after an answered one), not an outage. Only answered
     * exchanges count: a device that does not answer did not pause for us.
     */
    public long quietExcusedUntilNanos() {
        if (inExchange) {
            return System.nanoTime();
        }
        return answeredOnce ? lastAnsweredNanos + TimeUnit.MILLISECONDS.toNanos(TEXT_PAUSE_MILLIS) : Long.MIN_VALUE;
    }

    /** The port is gone: whatever waits fails now with this reason, and so does every later command. */
    public void close(String reason) {
        closedBecause = reason;
        Pending current = pending;
        if (current != null) {
            current.reply().completeExceptionally(new HexException(HexException.Reason.PORT_LOST,
                    current.command().name() + ": " + port + " " + reason));
        }
    }

    @Override
    public void close() {
        close("was closed");
    }

    public boolean isClosed() {
        return closedBecause != null;
    }

    /** Command frames written, retries included. */
    public long framesSent() {
        return framesSent.get();
    }

    public long asyncFrames() {
        return asyncFrames.get();
    }

    public long unmatchedReplies() {
        return unmatchedReplies.get();
    }

    // ---- the command side ------------------------------------------------------------------------

    /**
     * Sends {@code command} and returns the device's answer.
     *
     * @throws HexException when the device refuses it, does not answer, or the port goes away
     */
    public HexReply.Success execute(HexCommand command) {
        queue.lock();
        try {
            inExchange = true;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                HexFrame frame = send(command);
                if (frame == null) {
                    LOG.debug("{}: no answer to {} (try {} of {})", port, command, attempt, ATTEMPTS);
                    continue;
                }
                lastAnsweredNanos = System.nanoTime();
                answeredOnce = true;
                HexReply reply = command.reply(frame);
                if (reply instanceof HexReply.Success success) {
                    return success;
                }
                HexReply.Failure failure = (HexReply.Failure) reply;
                if (failure.kind() == HexReply.Kind.FRAME_ERROR && attempt < ATTEMPTS) {
                    // The device could not read our frame (a garbled byte): the same frame again is the cure.
                    continue;
                }
                throw new HexException(HexException.Reason.DEVICE_REFUSED, failure.kind(), failure.message());
            }
            throw new HexException(HexException.Reason.NO_ANSWER, command.name() + ": no answer from " + port
                    + " after " + ATTEMPTS + " tries of " + REPLY_TIMEOUT_MILLIS + " ms (does the device speak HEX? "
                    + "is something else writing to it?)");
        } finally {
            inExchange = false;
            queue.unlock();
        }
    }

    /** One try: waits for the line, writes the frame, waits for the answer; null when none came in time. */
    private HexFrame send(HexCommand command) {
        checkOpen(command);
        awaitSendWindow();
        long since = System.nanoTime() - lastSentNanos;
        long minimum = TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MILLIS);
        if (since < minimum) {
            sleepNanos(minimum - since);
        }
        Pending attempt = new Pending(command, new CompletableFuture<>());
        pending = attempt;
        try {
            checkOpen(command);
            link.write(command.bytes());
            lastSentNanos = System.nanoTime();
            framesSent.incrementAndGet();
            return attempt.reply().get(REPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new HexException(HexException.Reason.PORT_LOST, command.name() + ": cannot write to " + port + ": "
                    + e.getMessage());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HexException hex ? hex : new HexException(HexException.Reason.PORT_LOST,
                    command.name() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HexException(HexException.Reason.PORT_LOST, command.name() + ": interrupted");
        } finally {
            pending = null;
        }
    }

    private void checkOpen(HexCommand command) {
        String reason = closedBecause;
        if (reason != null) {
            throw new HexException(HexException.Reason.PORT_LOST, command.name() + ": " + port + " " + reason);
        }
    }

    /** Until the text stream is between blocks (see the class comment). */
    private void awaitSendWindow() {
        long start = System.nanoTime();
        while (closedBecause == null) {
            long waited = System.nanoTime() - start;
            boolean freshPort = !blockSeen && System.nanoTime() - openedNanos < TimeUnit.MILLISECONDS.toNanos(FIRST_BLOCK_WAIT_MILLIS);
            if ((!midBlock && !freshPort) || waited > TimeUnit.MILLISECONDS.toNanos(MAX_BLOCK_WAIT_MILLIS)) {
                return;
            }
            sleepNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HexException(HexException.Reason.PORT_LOST, "interrupted");
        }
    }

    /** Firmware version as ping reports it, e.g. "1.59". */
    public String ping() {
        return execute(HexCommand.ping()).firmwareVersion();
    }

    /** Firmware version as the app version command reports it, e.g. "1.59". */
    public String appVersion() {
        return execute(HexCommand.appVersion()).firmwareVersion();
    }

    /** Product id as the text field PID writes it, e.g. "0xA05F". */
    public String productId() {
        return String.format(Locale.ROOT, "0x%04X", execute(HexCommand.productId()).unsigned());
    }

    /** A catalogue register's value, typed. */
    public HexValue get(HexRegister register) {
        HexReply.Success reply = execute(HexCommand.get(register));
        return reply.value();
    }

    /** A register by id, the catalogue's or not: the raw value bytes. */
    public byte[] getRaw(int registerId) {
        return execute(HexCommand.get(registerId)).bytes();
    }

    /**
     * History of day {@code day} (0 = today … 30).
     *
     * @throws HexException with kind PARAMETER_ERROR for a day the device does not hold
     */
    public HexHistory.Day historyDay(int day) {
        HexRegister register = HexRegisters.byId(HexHistory.dayRegister(day)).orElseThrow();
        return HexHistory.Day.decode(get(register).bytes());
    }

    public HexHistory.Total historyTotal() {
        return HexHistory.Total.decode(get(HexRegisters.byId(HexRegisters.HISTORY_TOTAL).orElseThrow()).bytes());
    }

    /**
     * A value for {@code register} as a user wrote it: {@code 12.5}, {@code 12.5 A}, {@code 12.5A}, or a number; for
     * a register of codes also a code's name ({@code off}).
     *
     * @throws HexValueException naming the register when it is not a number, or the register holds text or a record
     */
    public static BigDecimal parseValue(HexRegister register, Object raw) {
        if (register.type() == HexType.STRING || register.type() == HexType.RECORD) {
            throw new HexValueException(register, "a " + register.type().wireName() + " register cannot be set");
        }
        if (raw instanceof BigDecimal decimal) {
            return decimal;
        }
        if (raw instanceof Number number && !(raw instanceof Double || raw instanceof Float)) {
            return BigDecimal.valueOf(number.longValue());
        }
        String text = raw.toString().trim();
        String unit = register.unit().symbol();
        if (!unit.isEmpty() && text.endsWith(unit)) {
            text = text.substring(0, text.length() - unit.length()).trim();
        }
        if (register.enumerated()) {
            // A mode by its name ("off", "on") or by its code.
            java.util.Optional<Long> code = register.codeOf(text);
            if (code.isPresent()) {
                return BigDecimal.valueOf(code.get());
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new HexValueException(register, "'" + raw + "' is not " + (register.enumerated()
                    ? "one of its codes (" + register.codeList() + ")"
                    : "a number" + (unit.isEmpty() ? "" : " (in " + unit + ")")));
        }
    }

    /** What {@link #set} did. {@code value} is the value read back from the device. */
    public record SetResult(HexValue value, boolean written) {
    }

    /**
     * Sets a register, safely:
     * <ol>
     *   <li>refused here, before anything is sent, when the catalogue says the register is read-only,
     *       the value is outside its range or not a whole number of its steps ({@code HexValueException});</li>
     *   <li>a register kept in flash is read first and written only when the value differs, and at most
     *       once an hour per register and port ({@link FlashWriteGuard});</li>
     *   <li>after the device acknowledged the write, the register is read back: a different value, or no
     *       answer to the read, is an exception that says the state is not known. A set is never
     *       reported done on the device's echo alone.</li>
     * </ol>
     */
    public SetResult set(HexRegister register, BigDecimal value) {
        HexCommand write = HexCommand.set(register, value);
        byte[] wanted = register.encode(value);
        String asked = register.format(value);
        if (register.storage() == HexStorage.FLASH) {
            HexValue current = get(register);
            if (Arrays.equals(current.bytes(), wanted)) {
                LOG.debug("{}: {} already holds {}, not written (kept in flash)", port, register.label(), asked);
                return new SetResult(current, false);
            }
            FlashWriteGuard.claim(port, register);
        }
        execute(write);
        HexValue readBack;
        try {
            readBack = get(register);
        } catch (HexException e) {
            throw new HexException(HexException.Reason.NOT_VERIFIED, register.label() + ": the device acknowledged "
                    + asked + " but reading it back failed, so its value is not known (" + e.getMessage() + ")");
        }
        if (!Arrays.equals(readBack.bytes(), wanted)) {
            throw new HexException(HexException.Reason.NOT_VERIFIED, register.label() + ": asked for " + asked
                    + ", the device reads back " + readBack);
        }
        LOG.info("{}: set {} to {}", port, register.label(), readBack);
        return new SetResult(readBack, true);
    }
}
