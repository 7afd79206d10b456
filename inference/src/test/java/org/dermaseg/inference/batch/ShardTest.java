package org.dermaseg.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void parsesOneBasedSpecs() {
        assertEquals(new Shard(3, 8), Shard.parse("3/8"));
        assertEquals(new Shard(1, 1), Shard.parse(" 1 / 1 "));
        assertEquals("2/5", Shard.parse("2/5").toString());
    }

    @Test
    void rejectsBadSpecsWithAClearMessage() {
        for (String bad : new String[] {"0/4", "5/4", "1/0", "-1/3", "a/b", "1", "1/", "/2", "1/2/3", "", "1.5/3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().contains("shard"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Shard.parse(null));
    }

    @Test
    void shardsPartitionEveryPositionExactlyOnce() {
        for (int n = 1; n <= 7; n++) {
            int[] hits = new int[1000];
            int[] sizes = new int[n];
            for (int i = 1; i <= n; i++) {
                Shard s = new Shard(i, n);
                for (int p = 0; p < hits.length; p++) {
                    if (s.includes(p)) {
                        hits[p]++;
                        sizes[i - 1]++;
                    }
                }
            }
            for (int p = 0; p < hits.length; p++) {
                assertEquals(1, hits[p], "position " + p + " with n=" + n);
            }
            for (int size : sizes) { // round-robin: balanced within one
                assertTrue(Math.abs(size - 1000.0 / n) <= 1, "n=" + n + " size " + size);
            }
        }
    }

    @Test
    void allIncludesEverything() {
        assertTrue(Shard.ALL.isAll());
        assertTrue(Shard.ALL.includes(0));
        assertTrue(Shard.ALL.includes(12345));
        assertFalse(new Shard(2, 2).includes(0));
    }
}
