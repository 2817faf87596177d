package io.github.vedirect.benchmark;

import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link VeDirectDecoder} replaying real captures, as a logger replaying months of
 * recordings on a Pi Zero would: one long-lived decoder per stream that keeps what it has learned
 * (labels, block shapes), fed a whole capture per operation in one {@code feed} call.
 *
 * <p>One operation = one pass over the capture. The primary score is passes per second; the
 * {@link Counters} add {@code bytes} and {@code blocks} per second (MB/s = bytes / 10^6), and
 * {@code -prof gc}'s {@code gc.alloc.rate.norm} (bytes allocated per pass) divided by the blocks
 * per pass is the allocation per block. {@code bench/decoder.sh} runs it and prints that table.
 *
 * <p>Two consumers:
 * <ul>
 *   <li>{@link #decode}: the listener sinks each block (and its field count) into the Blackhole, so
 *       the block escapes as it does in a real application that queues or stores it, and nothing
 *       is read from it. This is the decoder's own cost.</li>
 *   <li>{@link #decodeAndReadValues}: the listener also reads every label and every raw value as a
 *       String ({@link VeDirectBlock#value(int)} builds those lazily), as a CSV/JSON logger that
 *       writes every field does. The difference is the cost of materialising the Strings.</li>
 * </ul>
 * HEX frames are sunk into the Blackhole in both.
 *
 * <p>Guard against a broken decoder producing a fast figure: {@link #setUp} checks that a fresh
 * decoder finds exactly the expected number of blocks and HEX frames in the capture (906/493/248
 * blocks), and that a second pass over the same decoder, the steady state measured here, finds
 * them again; {@link #checkCounts} checks after every iteration that each measured pass found them
 * too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecoderBenchmark {

    @Param({"karioja_vedirect_bvm702.bin", "karioja_vedirect_smartsolar_1.39.bin", "karioja_vedirect_bluesolar_1.23.bin"})
    public String capture;

    private byte[] data;
    private int expectedBlocks;
    private int expectedHexFrames;
    private VeDirectDecoder decoder;
    /** Passes over the capture in the current iteration. */
    private long passes;
    private final Sink sink = new Sink();

    /** Per-iteration totals, reported by JMH as rates: {@code bytes}/s and {@code blocks}/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
        public long blocks;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            blocks = 0;
        }
    }

    /** The listener: counts what it gets and hands it to the Blackhole of the running benchmark. */
    static final class Sink implements DecoderListener {
        Blackhole bh;
        boolean readValues;
        long blocks;
        long hexFrames;

        @Override
        public void onBlock(VeDirectBlock block) {
            blocks++;
            int size = block.size();
            bh.consume(size);
            if (readValues) {
                for (int i = 0; i < size; i++) {
                    bh.consume(block.label(i));
                    bh.consume(block.value(i));
                }
            }
            bh.consume(block);
        }

        @Override
        public void onHexFrame(HexFrame frame) {
            hexFrames++;
            bh.consume(frame);
        }
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) throws IOException {
        data = load(capture);
        switch (capture) {
            case "karioja_vedirect_bvm702.bin" -> { expectedBlocks = 906; expectedHexFrames = 0; }
            case "karioja_vedirect_smartsolar_1.39.bin" -> { expectedBlocks = 493; expectedHexFrames = 2; }
            case "karioja_vedirect_bluesolar_1.23.bin" -> { expectedBlocks = 248; expectedHexFrames = 7; }
            default -> throw new IllegalArgumentException("no expected counts for capture " + capture);
        }
        sink.bh = bh;
        decoder = new VeDirectDecoder(sink);
        // First pass: a fresh decoder, as the tests see it. Second pass: the steady state measured below.
        for (int pass = 1; pass <= 2; pass++) {
            long blocksBefore = sink.blocks;
            long hexBefore = sink.hexFrames;
            decoder.feed(data, 0, data.length);
            check("pass " + pass, sink.blocks - blocksBefore, sink.hexFrames - hexBefore, 1);
        }
        sink.blocks = 0;
        sink.hexFrames = 0;
    }

    @TearDown(Level.Iteration)
    public void checkCounts() {
        check(passes + " passes of the iteration", sink.blocks, sink.hexFrames, passes);
        sink.blocks = 0;
        sink.hexFrames = 0;
        passes = 0;
    }

    private void check(String what, long blocks, long hexFrames, long passes) {
        if (blocks != expectedBlocks * passes || hexFrames != expectedHexFrames * passes) {
            throw new IllegalStateException(capture + ", " + what + ": " + blocks + " blocks and " + hexFrames
                    + " HEX frames, expected " + expectedBlocks * passes + " and " + expectedHexFrames * passes);
        }
    }

    @Benchmark
    public void decode(Counters counters, Blackhole bh) {
        run(counters, bh, false);
    }

    @Benchmark
    public void decodeAndReadValues(Counters counters, Blackhole bh) {
        run(counters, bh, true);
    }

    private void run(Counters counters, Blackhole bh, boolean readValues) {
        Sink s = sink;
        s.bh = bh;
        s.readValues = readValues;
        long before = s.blocks;
        decoder.feed(data, 0, data.length);
        passes++;
        counters.bytes += data.length;
        counters.blocks += s.blocks - before;
    }

    private static byte[] load(String name) throws IOException {
        String resource = "/captures/" + name;
        try (InputStream in = DecoderBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("capture not on the classpath: " + resource);
            }
            return in.readAllBytes();
        }
    }
}
