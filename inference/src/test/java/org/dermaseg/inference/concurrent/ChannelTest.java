package org.dermaseg.inference.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ChannelTest {
    @Test
    void everyItemArrivesOnceAndConsumersEndAfterTheLastProducer() throws Exception {
        Channel<Integer> c = new Channel<>("numbers", 3, 2);
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int base = p * 1000;
            threads.add(NamedThreads.start("test-producer-" + p, () -> {
                for (int i = 0; i < 500; i++) {
                    c.put(base + i);
                }
                c.producerDone();
            }));
        }
        for (int k = 0; k < 3; k++) {
            threads.add(NamedThreads.start("test-consumer-" + k, () -> {
                for (Optional<Integer> v = c.take(); v.isPresent(); v = c.take()) {
                    got.add(v.get());
                }
            }));
        }
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " still waiting");
        }
        assertEquals(1000, got.size());
        assertEquals(1000, got.stream().distinct().count());
        assertTrue(c.depthSummary().contains("max 3 of 3"), c.depthSummary());
    }

    @Test
    void takeBatchReturnsWhatIsWaitingWithoutWaitingForAFullBatch() {
        Channel<String> c = new Channel<>("words", 8, 1);
        c.put("a");
        c.put("b");
        List<String> batch = new ArrayList<>();
        assertTrue(c.takeBatch(4, batch));
        assertEquals(List.of("a", "b"), batch);
        c.put("c");
        c.producerDone();
        batch.clear();
        assertTrue(c.takeBatch(4, batch));
        assertEquals(List.of("c"), batch);
        batch.clear();
        assertFalse(c.takeBatch(4, batch), "every producer done and nothing left");
        assertTrue(batch.isEmpty());
    }

    @Test
    void aFullChannelHoldsItsProducerUntilAnItemIsTakenEvenWhenInterrupted() throws Exception {
        Channel<Integer> c = new Channel<>("one", 1, 1);
        c.put(1);
        CountDownLatch putDone = new CountDownLatch(1);
        Thread producer = NamedThreads.start("test-blocked-producer", () -> {
            c.put(2);
            putDone.countDown();
        });
        assertFalse(putDone.await(200, TimeUnit.MILLISECONDS), "put must wait while the channel is full");
        producer.interrupt();
        assertFalse(putDone.await(200, TimeUnit.MILLISECONDS), "an interrupt does not drop the item");
        assertEquals(1, c.take().orElseThrow());
        assertTrue(putDone.await(5, TimeUnit.SECONDS));
        assertEquals(2, c.take().orElseThrow());
    }

    @Test
    void misuseIsAnError() {
        Channel<Integer> c = new Channel<>("x", 1, 1);
        c.producerDone();
        assertThrows(IllegalStateException.class, () -> c.put(1));
        assertThrows(IllegalStateException.class, c::producerDone);
        assertThrows(IllegalArgumentException.class, () -> new Channel<Integer>("y", 0, 1));
    }

    @Test
    void namedThreadsAreDaemonsWithTheirRoleInTheName() throws Exception {
        Thread t = NamedThreads.factory("dermaseg-test").newThread(() -> { });
        assertEquals("dermaseg-test-1", t.getName());
        assertTrue(t.isDaemon());
        var pool = NamedThreads.fixedPool("dermaseg-pool", 1);
        try {
            assertEquals("dermaseg-pool-1", pool.submit(() -> Thread.currentThread().getName()).get());
            assertTrue(pool.submit(() -> Thread.currentThread().isDaemon()).get());
        } finally {
            pool.shutdown();
        }
    }
}
