package org.dermaseg.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dermaseg.app.Main;
import org.junit.jupiter.api.Test;

class CliSmokeE2ETest {
    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(1, Main.run("--no-such-option"));
    }

    @Test
    void helpExitsCleanly() {
        assertEquals(0, Main.run("--help"));
    }
}
