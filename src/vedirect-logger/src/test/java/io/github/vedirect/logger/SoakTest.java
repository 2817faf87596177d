package io.github.vedirect.logger;

import io.github.vedirect.Await;
import io.github.vedirect.component.VeDirectConsumer;
import io.github.vedirect.csv.CsvLines;
import io.github.vedirect.domoticz.DomoticzResponses;
import io.github.vedirect.domoticz.FakeDomoticz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Days of a simulated BMV through the real routes, as fast as they go, with the interval scaled to
 * match: memory and threads must end where they started. CI runs about 17 simulated hours;
 * {@code -Dsoak.blocks=604800} runs a full week (one block per simulated second).
 */
class SoakTest {

    private static final long BLOCKS = Long.getLong("soak.blocks", 60_000);
    private static final long WARM_UP = 5_000;

    @TempDir
    Path dir;

    /**
     * What the heap holds right after a full collection, as the collector reports it: reading the heap
     * once the collection is over would count the garbage a logger running at full speed makes meanwhile.
     */
    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed())
                .sum();
    }

    /** The threads of this JVM but the test's own fake Domoticz, which grows its pool as requests come. */
    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> !name.startsWith("fake-domoticz")).sorted().toList();
    }

    @Test
    void aSimulatedWeekLeavesMemoryAndThreadsWhereTheyStarted() throws Exception {
        try (FakeDomoticz domoticz = FakeDomoticz.start(Path.of("lua"));
             RunningLogger logger = new RunningLogger(dir.resolve("soak.csv"), Map.of(
                     "vedirect.port", "simulator:bmv702?blockInterval=0",
                     // 30 s of device time at roughly 10 000 simulated seconds per real second.
                     "vedirect.interval", "0.003",
                     "domoticz.url", domoticz.baseUri().toString(),
                     "domoticz.timeout", "2"))) {
            VeDirectConsumer consumer = (VeDirectConsumer) logger.context().getRoute("device").getConsumer();
            Await.until("warm-up", Duration.ofMinutes(2), () -> consumer.getDecoderStats().blocks() >= WARM_UP);
            // The fake Domoticz keeps every request it got; that is the test's memory, not the logger's.
            domoticz.clearRecords();
            long heapBefore = heapAfterGc();
            List<String> namesBefore = threadNames();
            int threadsBefore = namesBefore.size();
            long start = System.nanoTime();
            long blocksAtStart = consumer.getDecoderStats().blocks();
            Await.until(BLOCKS + " blocks", Duration.ofMinutes(30), () -> consumer.getDecoderStats().blocks() >= WARM_UP + BLOCKS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long blocks = consumer.getDecoderStats().blocks() - blocksAtStart;
            // Let the destinations drain what the last interval passed, then measure.
            Thread.sleep(500);
            domoticz.clearRecords();
            long heapAfter = heapAfterGc();
            List<String> namesAfter = threadNames();
            int threadsAfter = namesAfter.size();
            long csvLines = logger.bean("csvLines", CsvLines.class).lines();
            DomoticzResponses uploads = logger.bean("domoticzResponses", DomoticzResponses.class);
            String figures = String.format(Locale.ROOT,
                    "soak: %d blocks (%.1f simulated hours) in %.1f s = %.0f blocks/s; heap after GC %.1f MB -> %.1f MB (%+.1f MB); "
                            + "threads %d -> %d; CSV lines %d; uploads %d ok / %d failed; checksum errors %d",
                    blocks, blocks / 3600.0, seconds, blocks / seconds, heapBefore / 1e6, heapAfter / 1e6,
                    (heapAfter - heapBefore) / 1e6, threadsBefore, threadsAfter, csvLines, uploads.succeeded(), uploads.failed(),
                    consumer.getDecoderStats().checksumErrors());
            System.out.println(figures);
            Files.writeString(Path.of("target/soak-figures.txt"), figures + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            assertTrue(heapAfter - heapBefore < 8_000_000, figures);
            assertEquals(namesBefore, namesAfter, figures);
            assertEquals(0, consumer.getDecoderStats().checksumErrors(), figures);
            assertTrue(csvLines > 100 && uploads.succeeded() > 10, figures);
        }
    }
}
