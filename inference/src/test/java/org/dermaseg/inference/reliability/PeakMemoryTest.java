package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** The fuzz tests' memory bound must be able to fail, or it proves nothing. */
class PeakMemoryTest {
    @Test
    void aLargeTransientAllocationIsCaughtEvenAfterItIsFreed() throws Exception {
        assertTrue(PeakMemory.AVAILABLE || !System.getProperty("os.name").startsWith("Linux"),
                "/proc/self/clear_refs must be usable on Linux");
        PeakMemory.bounded("small", () -> touch(ByteBuffer.allocateDirect(8 << 20)));
        if (PeakMemory.AVAILABLE) {
            AssertionError e = assertThrows(AssertionError.class, () -> PeakMemory.bounded("large",
                    () -> touch(ByteBuffer.allocateDirect((int) PeakMemory.LIMIT_BYTES + (64 << 20)))));
            assertTrue(e.getMessage().contains("peak resident memory grew"), e.getMessage());
        }
    }

    private static void touch(ByteBuffer b) {
        for (int i = 0; i < b.capacity(); i += 4096) {
            b.put(i, (byte) 1);
        }
    }
}
