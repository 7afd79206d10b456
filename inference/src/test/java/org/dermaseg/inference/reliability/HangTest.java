package org.dermaseg.inference.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/** The fuzz tests' hang guard passes results and exceptions through unchanged. */
class HangTest {
    @Test
    void exceptionsKeepTheirType() {
        assertThrows(IOException.class, () -> Hang.guard(() -> {
            throw new IOException("x");
        }));
        assertThrows(StackOverflowError.class, () -> Hang.guard(() -> {
            throw new StackOverflowError();
        }));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Hang.guard(() -> {
            throw new IllegalStateException("kept");
        }));
        assertEquals("kept", e.getMessage());
    }

    @Test
    void aHangIsAnAssertionError() {
        AssertionError e = assertThrows(AssertionError.class, () -> Hang.guard(() -> Thread.sleep(5_000), 100));
        assertEquals("input not handled within 100 ms (hang)", e.getMessage());
    }

    @Test
    void normalCompletionPasses() throws Exception {
        int[] ran = {0};
        Hang.guard(() -> ran[0]++);
        assertEquals(1, ran[0]);
    }
}
