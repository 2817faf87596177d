package io.github.vedirect.hex;

import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import io.github.vedirect.source.ByteSource;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A port opened only to send HEX commands, when nothing else reads it: the command-line verbs, and a
 * {@code vedirect:} producer whose port no consumer holds. It reads the port on a thread of its own
 * with the same decoder as the consumer, so the session sees block ends and replies exactly as it does
 * under a consumer. Text blocks are decoded only for their boundaries and then dropped.
 */
public final class HexPort implements AutoCloseable {

    private final ByteSource source;
    private final HexSession session;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile long blocks;

    private HexPort(ByteSource source, String name, Consumer<HexFrame> asyncListener) {
        this.source = source;
        this.session = new HexSession(name, source::write, asyncListener);
        this.reader = new Thread(this::readForever, "VeDirect HEX " + name);
        this.reader.setDaemon(true);
    }

    /**
     * Opens {@code source} and starts reading it.
     *
     * @param name how messages name the port, and the flash-wear rule's key
     * @throws IOException when the source cannot be opened; its message is one line ("in use by another program")
     */
    public static HexPort open(ByteSource source, String name, Consumer<HexFrame> asyncListener) throws IOException {
        try {
            source.open();
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
        HexPort port = new HexPort(source, name, asyncListener);
        port.reader.start();
        return port;
    }

    public HexSession session() {
        return session;
    }

    /** Valid text blocks seen since the port was opened: tells a text-only device from a silent line. */
    public long blocks() {
        return blocks;
    }

    private void readForever() {
        VeDirectDecoder decoder = new VeDirectDecoder(new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                blocks++;
                session.blockEnded();
            }

            @Override
            public void onHexFrame(HexFrame frame) {
                session.frameReceived(frame);
            }
        });
        byte[] buffer = new byte[4096];
        try {
            while (running) {
                int n = source.read(buffer);
                if (n < 0) {
                    session.close("has ended");
                    return;
                }
                if (n > 0) {
                    decoder.feed(buffer, 0, n);
                    session.textState(decoder.isMidBlock());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                session.close("was lost: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        session.close();
        source.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
