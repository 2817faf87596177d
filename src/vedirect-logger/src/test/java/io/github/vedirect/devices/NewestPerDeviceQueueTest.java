package io.github.vedirect.devices;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NewestPerDeviceQueueTest {

    /** A record as "device:number". */
    private static NewestPerDeviceQueue<String> queue() {
        return new NewestPerDeviceQueue<>(record -> record.substring(0, record.indexOf(':')));
    }

    @Test
    void aDevicesRecordReplacesOnlyItsOwnAndKeepsItsTurn() throws InterruptedException {
        NewestPerDeviceQueue<String> queue = queue();
        queue.offer("bmv:1");
        queue.offer("mppt:1");
        queue.offer("shunt:1");
        // The BMV sends twice more before anything is taken: its newest replaces its older, nothing else.
        queue.offer("bmv:2");
        queue.offer("bmv:3");
        assertEquals(3, queue.size());
        List<String> taken = new ArrayList<>();
        queue.drainTo(taken, 2);
        taken.add(queue.poll(1, TimeUnit.SECONDS));
        assertEquals(List.of("bmv:3", "mppt:1", "shunt:1"), taken, "each device's newest, in the order they began waiting");
        assertNull(queue.poll(10, TimeUnit.MILLISECONDS));
    }

    @Test
    void aChattyDeviceNeverPushesAnotherBack() {
        NewestPerDeviceQueue<String> queue = queue();
        queue.offer("mppt:1");
        for (int i = 0; i < 1000; i++) {
            queue.offer("bmv:" + i);
        }
        assertEquals("mppt:1", queue.poll());
        assertEquals("bmv:999", queue.poll());
    }

    @Test
    void withoutDevicesItIsOneNewestOnlyPlace() {
        NewestPerDeviceQueue<String> queue = new NewestPerDeviceQueue<>(record -> null);
        queue.offer("1");
        queue.offer("2");
        assertEquals(1, queue.size());
        assertEquals("2", queue.poll());
    }
}
