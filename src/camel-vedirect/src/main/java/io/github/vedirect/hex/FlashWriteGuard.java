package io.github.vedirect.hex;

import io.github.vedirect.protocol.HexRegister;
import io.github.vedirect.protocol.Unit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flash-wear rule: a register kept in flash is written at most once an hour per port, in the
 * whole process. Process-wide (a static map) on purpose: a consumer that reconnects, a second route,
 * or a producer that opens the port for one exchange each get a new {@link HexSession}, and none of
 * them may reset the count. A refused request gets one WARN per register and hour, so a rule firing
 * every second does not flood the log; later refusals say the same thing in their exception only.
 */
public final class FlashWriteGuard {

    /** At most one write per register and port within this time. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(FlashWriteGuard.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private record Written(Instant at, boolean warned) {
    }

    private static final Map<String, Written> WRITES = new ConcurrentHashMap<>();
    private static volatile Clock clock = Clock.systemDefaultZone();

    private FlashWriteGuard() {
    }

    /**
     * Claims the write of {@code register} on {@code port} now, or refuses it.
     *
     * @throws HexException {@link HexException.Reason#FLASH_WRITE_LIMIT} when the register was written
     *                      on this port less than {@link #WINDOW} ago
     */
    static void claim(String port, HexRegister register) {
        String key = port + "|" + register.id();
        Instant now = clock.instant();
        Written[] refused = new Written[1];
        WRITES.compute(key, (k, last) -> {
            if (last == null || !now.isBefore(last.at().plus(WINDOW))) {
                return new Written(now, false);
            }
            refused[0] = last;
            return new Written(last.at(), true);
        });
        Written last = refused[0];
        if (last == null) {
            return;
        }
        Instant allowed = last.at().plus(WINDOW);
        String message = register.label() + ": kept in flash and written on " + port + " "
                + Duration.between(last.at(), now).toMinutes() + " min ago, so not again before "
                + TIME.format(allowed.atZone(clock.getZone())) + " (one write an hour per register"
                + (register.unit() == Unit.AMPERE ? "; for frequent changes use the volatile 0x2015 chargeCurrentLimit)" : ")");
        if (!last.warned()) {
            LOG.warn("{}. Further requests within the hour are refused the same way without another warning.", message);
        } else {
            LOG.debug(message);
        }
        throw new HexException(HexException.Reason.FLASH_WRITE_LIMIT, message);
    }

    /** For tests: a clock to move time forward, or null for the system clock; forgets every write. */
    public static void reset(Clock testClock) {
        clock = testClock == null ? Clock.system(ZoneId.systemDefault()) : testClock;
        WRITES.clear();
    }
}
