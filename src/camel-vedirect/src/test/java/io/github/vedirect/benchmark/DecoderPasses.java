package io.github.vedirect.benchmark;

import io.github.vedirect.protocol.DecoderListener;
import io.github.vedirect.protocol.HexFrame;
import io.github.vedirect.protocol.VeDirectBlock;
import io.github.vedirect.protocol.VeDirectDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes captures a given number of times with one long-lived decoder per capture, as
 * {@link DecoderBenchmark} does, for an instruction count that a loaded machine does not distort:
 * run it under {@code valgrind --tool=callgrind} with two pass counts, and the difference of the
 * instruction totals divided by the difference of the blocks decoded is the decoder's steady-state
 * cost per block (start-up and JIT compilation cancel out). Only the public API, so the same file
 * compiles against an older decoder. Usage: {@code DecoderPasses passes capture...}.
 */
public final class DecoderPasses {

    private DecoderPasses() {
    }

    public static void main(String[] args) throws IOException {
        int passes = Integer.parseInt(args[0]);
        long[] counts = new long[2];
        DecoderListener counter = new DecoderListener() {
            @Override
            public void onBlock(VeDirectBlock block) {
                counts[0]++;
            }

            @Override
            public void onHexFrame(HexFrame frame) {
                counts[1]++;
            }
        };
        long bytes = 0;
        for (int c = 1; c < args.length; c++) {
            byte[] data = Files.readAllBytes(Path.of(args[c]));
            VeDirectDecoder decoder = new VeDirectDecoder(counter);
            for (int p = 0; p < passes; p++) {
                decoder.feed(data, 0, data.length);
            }
            bytes += (long) passes * data.length;
        }
        System.out.printf("passes %d: %d bytes, %d blocks, %d HEX frames%n", passes, bytes, counts[0], counts[1]);
    }
}
