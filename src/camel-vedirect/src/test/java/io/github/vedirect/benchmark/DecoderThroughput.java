package io.github.vedirect.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rough throughput figure for {@link VeDirectDecoder}, for {@code bench/logger.sh} when the JMH
 * benchmark ({@code bench/decoder.sh}) is not in the tree. Rough because it has none of JMH's guards
 * (forks, dead-code and constant-folding protection beyond a simple sink, per-iteration statistics); it
 * warms up for a fixed time and reports the median of a few timed rounds.
 *
 * <p>It does what the Python parser it is compared with does per block: every label and every value is
 * made a String (the Python builds a dict of str). One long-lived decoder per capture, as in a logger.
 * A pass that does not find the expected number of blocks fails the run (exit 1).
 *
 * <pre>java ... DecoderThroughput [--warmup-seconds 5] [--rounds 5] [--min-seconds 1] CAPTURE:BLOCKS ...</pre>
 * The last line for each capture is {@code RESULT {json}} with {@code mbPerS} (MB = 10^6 bytes).
 */
public final class DecoderThroughput {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads what a dict-building parser would read, and keeps a value depending on it so none of it is skipped. */
    private static final class Sink implements DecoderListener {
        long blocks;
        long checksum;

        @Override
        public void onBlock(VeDirectBlock block) {
            blocks++;
            for (int i = 0; i < block.size(); i++) {
                checksum += block.label(i).length() * 31L + block.value(i).hashCode();
            }
        }
    }

    private DecoderThroughput() {
    }

    public static void main(String[] args) throws Exception {
        double warmupSeconds = 5;
        int rounds = 5;
        double minSeconds = 1;
        List<String> captures = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--min-seconds" -> minSeconds = Double.parseDouble(args[++i]);
                default -> captures.add(args[i]);
            }
        }
        if (captures.isEmpty() || rounds < 1) {
            System.err.println("usage: DecoderThroughput [--warmup-seconds S] [--rounds N] [--min-seconds S] CAPTURE:BLOCKS ...");
            System.exit(2);
        }
        long sink = 0;
        for (String spec : captures) {
            int colon = spec.lastIndexOf(':');
            Path file = Path.of(spec.substring(0, colon));
            long expected = Long.parseLong(spec.substring(colon + 1));
            byte[] data = Files.readAllBytes(file);

            Sink listener = new Sink();
            VeDirectDecoder decoder = new VeDirectDecoder(listener);
            decoder.feed(data, 0, data.length);
            check(file, "first pass of a fresh decoder", listener.blocks, expected, 1);

            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (System.nanoTime() < warmupEnd) {
                listener.blocks = 0;
                decoder.feed(data, 0, data.length);
                check(file, "a warm-up pass", listener.blocks, expected, 1);
            }

            double[] rates = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                listener.blocks = 0;
                long passes = 0;
                long start = System.nanoTime();
                long elapsed;
                do {
                    decoder.feed(data, 0, data.length);
                    passes++;
                    elapsed = System.nanoTime() - start;
                } while (elapsed < minSeconds * 1e9);
                check(file, "round " + (round + 1), listener.blocks, expected, passes);
                rates[round] = (double) data.length * passes / (elapsed / 1e9) / 1e6;
            }
            sink += listener.checksum;
            double[] sorted = rates.clone();
            java.util.Arrays.sort(sorted);
            double median = rounds % 2 == 1 ? sorted[rounds / 2] : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("capture", file.getFileName().toString());
            result.put("bytes", data.length);
            result.put("blocks", expected);
            result.put("mbPerS", median);
            result.put("mbPerSRounds", rates);
            System.out.printf(Locale.ROOT, "%s: median %.1f MB/s over %d rounds of >= %.1f s after %.0f s warm-up%n",
                    file.getFileName(), median, rounds, minSeconds, warmupSeconds);
            System.out.println("RESULT " + JSON.writeValueAsString(result));
        }
        // Printed so that the strings the listener built are used, whatever the JIT concludes.
        System.out.println("(sink " + Long.toHexString(sink) + ")");
    }

    private static void check(Path file, String what, long blocks, long expected, long passes) {
        if (blocks != expected * passes) {
            System.err.printf(Locale.ROOT, "DecoderThroughput: %s, %s: %d blocks, expected %d%n",
                    file.getFileName(), what, blocks, expected * passes);
            System.exit(1);
        }
    }
}
