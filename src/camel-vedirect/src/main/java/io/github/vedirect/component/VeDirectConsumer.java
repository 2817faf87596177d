package io.github.vedirect.component;

import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.DecoderStats;
import io.github.vedirect.protocol.FieldCatalogue;
import io.github.vedirect.protocol.FieldValue;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.HexRegisters;
import io.github.vedirect.protocol.HexValueException;
import io.github.vedirect.hex.HexSession;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import io.github.vedirect.source.ByteSource;
import io.github.vedirect.source.ClosedAtShutdownException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the endpoint's source on one thread of its own, decodes it, and sends each valid block down the
 * route as it arrives. It keeps itself alive: a missing, lost or stale source is logged once, shown by
 * the health check, and reopened with a bounded backoff until it answers again.
 *
 * <p>While the source is open, the consumer lends its connection to the HEX producers of the same port
 * through a {@link HexSession} registered with the component: it tells the session where the blocks end
 * and hands it the HEX frames the decoder finds. The device's text pause after a HEX exchange is not
 * counted by the stale watchdog (see {@link HexSession#quietExcusedUntilNanos()}).
 */
public class VeDirectConsumer extends DefaultConsumer implements DecoderListener {

    private static final Logger LOG = LoggerFactory.getLogger(VeDirectConsumer.class);
    /** A long outage is recalled at this pace, so that a log read hours later still says what is wrong. */
    private static final long REMINDER_NANOS = TimeUnit.MINUTES.toNanos(15);

    private final VeDirectEndpoint endpoint;
    private final VeDirectConfiguration options;
    // One decoder for the consumer's life: the block shapes it has learned outlive a replug.
    private final VeDirectDecoder decoder = new VeDirectDecoder(this);
    private ExecutorService executor;
    private volatile boolean running;
    private volatile ByteSource source;
    private volatile HexSession hex;

    private volatile String problem = "not connected yet";
    private String problemKind;
    private long problemLoggedNanos;
    private volatile Instant lastBlockAt;
    private volatile DecoderStats stats = decoder.stats();
    private volatile long connection;
    private volatile boolean connected;
    private long blocksEmitted;
    private Instant chunkArrivedAt;
    private String productId;
    private String productName;
    private String serialNumber;

    public VeDirectConsumer(VeDirectEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.options = endpoint.getConfiguration();
    }

    @Override
    public VeDirectEndpoint getEndpoint() {
        return endpoint;
    }

    /** Why the device is not delivering, or null while it is. */
    public String getProblem() {
        return problem;
    }

    /** True while the source is open, whether or not valid blocks come through it. */
    public boolean isConnected() {
        return connected;
    }

    public Instant getLastBlockAt() {
        return lastBlockAt;
    }

    public DecoderStats getDecoderStats() {
        return stats;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        HealthCheckRepository repository = HealthCheckHelper.getHealthCheckRepository(
                endpoint.getCamelContext(), "consumers", HealthCheckRepository.class);
        if (repository != null) {
            VeDirectConsumerHealthCheck check = new VeDirectConsumerHealthCheck(this, getRouteId());
            check.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
            setHealthCheck(check);
        }
        running = true;
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "VeDirect " + endpoint.getSource());
        executor.submit(this::readForever);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        ByteSource current = source;
        if (current != null) {
            current.close();
        }
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The reader of {} did not stop within 5 s", endpoint.getSource());
            }
            executor = null;
        }
        super.doStop();
    }

    private void readForever() {
        long delay = options.getReconnectDelay();
        while (running) {
            ByteSource link = endpoint.createSource();
            source = link;
            try {
                link.open();
            } catch (IOException | RuntimeException e) {
                link.close();
                reportProblem("open", "cannot open " + link.description() + ": " + e.getMessage(), delay);
                delay = pause(delay);
                continue;
            }
            connection++;
            decoder.reset();
            String portKey = endpoint.portKey();
            HexSession session = new HexSession(link.description(), link::write, this::onAsyncFrame);
            hex = session;
            endpoint.getComponent().attach(portKey, session);
            connected = true;
            LOG.debug("Opened {}", link.description());
            long blocksBefore = blocksEmitted;
            try {
                if (!readUntilLost(link)) {
                    // A capture played to its end: nothing more will come until the route restarts.
                    link.close();
                    waitForStop();
                    return;
                }
            } catch (ClosedAtShutdownException e) {
                LOG.debug("{}", e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    reportProblem("lost", "lost " + link.description() + ": " + e.getMessage(), delay);
                }
            } finally {
                connected = false;
                endpoint.getComponent().detach(portKey, session);
                session.close("was closed by the consumer");
                link.close();
            }
            if (blocksEmitted > blocksBefore) {
                delay = options.getReconnectDelay();
            }
            delay = pause(delay);
        }
    }

    /**
     * Reads until the link breaks (exception), goes stale or ends.
     *
     * @return false when the source has ended for good (a capture without loop), true to reopen it
     */
    private boolean readUntilLost(ByteSource link) throws IOException {
        byte[] buffer = new byte[4096];
        long gapNanos = TimeUnit.MILLISECONDS.toNanos(options.getGapTimeout());
        long staleNanos = TimeUnit.MILLISECONDS.toNanos(options.getStaleTimeout());
        // Since when the reader has been waiting for bytes: the end of its last read that brought some, and of their
        // decoding (which runs the route's synchronous steps).
        long waitingSinceNanos = System.nanoTime();
        long lastBlockNanos = waitingSinceNanos;
        while (running) {
            int n = link.read(buffer);
            long now = System.nanoTime();
            if (n == 0 && decoder.isMidBlock() && now - waitingSinceNanos > gapNanos) {
                // A silence the reader waited through: whatever arrives after it is not the rest of the block in
                // progress. Only an empty read proves one: a reader held up elsewhere (a slow route, a busy machine)
                // finds the rest of the block waiting for it, and that is no silence of the device.
                decoder.reset();
            }
            if (n < 0) {
                if (link.reopensAtEnd()) {
                    reportProblem("lost", link.description() + " closed the connection", options.getReconnectDelay());
                    return true;
                }
                stats = decoder.stats();
                LOG.info("Replay of {} finished: {}", link.description(), stats);
                return false;
            }
            if (n > 0) {
                chunkArrivedAt = Instant.now();
                long before = blocksEmitted;
                decoder.feed(buffer, 0, n);
                hex.textState(decoder.isMidBlock());
                if (blocksEmitted > before) {
                    lastBlockNanos = now;
                }
                waitingSinceNanos = System.nanoTime();
            }
            // Silence while the device pauses its text for a HEX exchange is not staleness.
            long quietSince = Math.max(lastBlockNanos, hex.quietExcusedUntilNanos());
            if (now - quietSince > staleNanos) {
                stats = decoder.stats();
                reportProblem("stale", "no valid block from " + link.description() + " for "
                        + Duration.ofNanos(now - lastBlockNanos).toSeconds() + " s (" + stats + ")",
                        options.getReconnectDelay());
                return true;
            }
        }
        return true;
    }

    @Override
    public void onHexFrame(HexFrame frame) {
        HexSession session = hex;
        if (session != null) {
            session.frameReceived(frame);
        }
    }

    /** A frame the device sent on its own: an exchange when the endpoint asks for them (asyncHex), else nothing. */
    private void onAsyncFrame(HexFrame frame) {
        if (!endpoint.isAsyncHex()) {
            return;
        }
        Object body = frame;
        String register = String.format(java.util.Locale.ROOT, "0x%04X", frame.registerId());
        if (frame.flags() == 0) {
            try {
                body = HexRegisters.byId(frame.registerId()).map(r -> (Object) r.decode(frame.value())).orElse(frame);
            } catch (HexValueException e) {
                // A value of a length the catalogue does not expect: the frame itself is still worth passing on.
                body = frame;
            }
        }
        Exchange exchange = createExchange(false);
        Message message = exchange.getIn();
        message.setBody(body);
        message.setHeader(VeDirectConstants.SOURCE, endpoint.getSource());
        message.setHeader(VeDirectConstants.REGISTER, register);
        message.setHeader(VeDirectConstants.PRODUCT_ID, productId);
        message.setHeader(VeDirectConstants.RECEIVED_AT, chunkArrivedAt);
        message.setHeader(VeDirectConstants.CONNECTION, connection);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing a VE.Direct HEX frame from " + endpoint.getSource(),
                    exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    @Override
    public void onBlock(VeDirectBlock block) {
        HexSession session = hex;
        if (session != null) {
            session.blockEnded();
        }
        blocksEmitted++;
        Instant receivedAt = chunkArrivedAt;
        lastBlockAt = receivedAt;
        stats = decoder.stats();
        if (problem != null) {
            LOG.info("Receiving valid blocks from {}{}", endpoint.getSource(),
                    problemKind == null ? "" : " again");
            problem = null;
            problemKind = null;
        }
        String pid = block.get("PID");
        if (pid != null && !pid.equals(productId)) {
            productId = pid;
            FieldValue product = FieldCatalogue.interpret("PID", pid);
            productName = product instanceof FieldValue.Product p ? p.name() : null;
        }
        String serial = block.get("SER#");
        if (serial != null) {
            serialNumber = serial;
        }
        Exchange exchange = createExchange(false);
        Message message = exchange.getIn();
        message.setBody(VeDirectRecord.of(block));
        message.setHeader(VeDirectConstants.SOURCE, endpoint.getSource());
        message.setHeader(VeDirectConstants.PRODUCT_ID, productId);
        message.setHeader(VeDirectConstants.PRODUCT_NAME, productName);
        message.setHeader(VeDirectConstants.SERIAL_NUMBER, serialNumber);
        message.setHeader(VeDirectConstants.RECEIVED_AT, receivedAt);
        message.setHeader(VeDirectConstants.BLOCK_NUMBER, blocksEmitted);
        message.setHeader(VeDirectConstants.CONNECTION, connection);
        message.setHeader(VeDirectConstants.DECODER_STATS, stats);
        message.setHeader(VeDirectConstants.CHECKSUM_ERRORS, stats.checksumErrors());
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing a VE.Direct block from " + endpoint.getSource(),
                    exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    /** Logs a problem once when it starts (and as a reminder during a long outage), not at every retry. */
    private void reportProblem(String kind, String message, long retryMillis) {
        problem = message;
        long now = System.nanoTime();
        if (!kind.equals(problemKind) || now - problemLoggedNanos > REMINDER_NANOS) {
            LOG.warn("{}; retrying every {}-{} s until it answers", message,
                    seconds(Math.min(retryMillis, options.getMaxReconnectDelay())), seconds(options.getMaxReconnectDelay()));
            problemKind = kind;
            problemLoggedNanos = now;
        } else {
            LOG.debug(message);
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private long pause(long delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return Math.min(delay * 2, options.getMaxReconnectDelay());
    }

    private void waitForStop() {
        while (running) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
