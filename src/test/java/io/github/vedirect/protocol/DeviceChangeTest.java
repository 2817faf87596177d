package io.github.vedirect.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vedirect.protocol.DeviceChanges.Score;
import io.github.vedirect.protocol.DeviceChanges.Source;
import io.github.vedirect.protocol.DeviceChanges.Stream;
import io.github.vedirect.protocol.DeviceStreams.Recorder;
import io.github.vedirect.protocol.VeDirectDecoderProperties.Emission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * One decoder for a port's whole life while the device on the line changes (issue 9): every real
 * capture, simulated device and generated device followed by every other, in both orders, clean and
 * damaged, and longer streams of several devices. Judged against what each stream records it sent:
 * no block that was not sent intact, and every intact block out. Seeds are fixed so that a failure
 * is reproduced (jqwik examples, because the streams are drawn with jqwik generators); the recall and wrong-block counts of each run are printed.
 */
class DeviceChangeTest {

    private static final List<Source> SOURCES = DeviceChanges.allSources();

    @Example
    void theCapturesAndSimulatorsTheStreamsAreBuiltFromAreAllThere() {
        // 17 captures with text blocks, 4 simulated devices, 8 generated families.
        assertEquals(17 + 4 + 8, SOURCES.size(), () -> SOURCES.stream().map(Source::name).toList().toString());
    }

    @Example
    void everyDeviceFollowedByEveryOtherCleanDecodesExactly() {
        Random random = new Random(9);
        List<String> failures = new ArrayList<>();
        Score total = new Score(0, 0, 0);
        for (Source first : SOURCES) {
            for (Source second : SOURCES) {
                if (first != second) {
                    Stream stream = DeviceChanges.pair(random, first, second, false);
                    Recorder recorder = new Recorder();
                    VeDirectDecoder decoder = new VeDirectDecoder(recorder);
                    decoder.feed(stream.bytes());
                    total = total.plus(DeviceChanges.score(stream, recorder.blocks));
                    if (!stream.sent().equals(recorder.blocks) || decoder.stats().checksumErrors() != 0
                            || decoder.stats().malformed() != 0) {
                        failures.add(first.name() + " then " + second.name() + ": " + decoder.stats() + stream);
                    }
                }
            }
        }
        report("clean pairs", total, failures);
    }

    @Example
    void everyDeviceFollowedByEveryOtherDamagedLosesOnlyDamagedBlocks() {
        Random random = new Random(99);
        List<String> failures = new ArrayList<>();
        Score total = new Score(0, 0, 0);
        for (int round = 0; round < 2; round++) {
            for (Source first : SOURCES) {
                for (Source second : SOURCES) {
                    if (first != second) {
                        Stream stream = DeviceChanges.pair(random, first, second, true);
                        total = total.plus(judge(stream, failures));
                    }
                }
            }
        }
        report("damaged pairs", total, failures);
    }

    @Example
    void streamsOfSeveralDevicesCleanDecodeExactly() {
        Random random = new Random(2024);
        List<String> failures = new ArrayList<>();
        Score total = new Score(0, 0, 0);
        for (int i = 0; i < 1000; i++) {
            Stream stream = DeviceChanges.stream(random, SOURCES, false);
            Recorder recorder = new Recorder();
            new VeDirectDecoder(recorder).feed(stream.bytes());
            total = total.plus(DeviceChanges.score(stream, recorder.blocks));
            if (!stream.sent().equals(recorder.blocks)) {
                failures.add("stream " + i + stream);
            }
        }
        report("clean multi-device streams", total, failures);
    }

    @Example
    void streamsOfSeveralDevicesDamagedLoseOnlyDamagedBlocks() {
        Random random = new Random(4096);
        List<String> failures = new ArrayList<>();
        Score total = new Score(0, 0, 0);
        for (int i = 0; i < 1000; i++) {
            total = total.plus(judge(DeviceChanges.stream(random, SOURCES, true), failures));
        }
        report("damaged multi-device streams", total, failures);
    }

    static Score judge(Stream stream, List<String> failures) {
        Recorder recorder = new Recorder();
        new VeDirectDecoder(recorder).feed(stream.bytes());
        String problem = Emission.notASubsequence(stream.sent(), recorder.blocks);
        if (problem == null) {
            problem = Emission.undamagedBlockLost(stream.sent(), stream.clean(), recorder.blocks);
        }
        if (problem != null) {
            failures.add(problem + stream);
        }
        return DeviceChanges.score(stream, recorder.blocks);
    }

    private static void report(String what, Score total, List<String> failures) {
        System.out.println("[device change] " + what + ": " + total + "; " + failures.size() + " streams failed");
        assertTrue(failures.isEmpty(), () -> failures.size() + " streams failed; first:\n" + failures.get(0));
        assertEquals(0, total.wrong());
        assertEquals(total.intact(), total.intactEmitted());
    }
}
