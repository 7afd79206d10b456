package org.dermaseg.inference.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory of this process during one call, Java heap and native (OpenCV) allocations alike:
 * Linux resets the high-water mark {@code VmHWM} when "5" is written to {@code /proc/self/clear_refs}.
 * The fuzz tests use it to check that no input makes the decoders allocate far beyond the pixel limit.
 */
final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    /** Linux only; elsewhere the check is not made (CI and the documented fuzzing runs are Linux). */
    static final boolean AVAILABLE = Files.isWritable(CLEAR_REFS) && Files.isReadable(STATUS);

    /** Largest growth accepted for one input: the pixel limit allows ~50 MB of buffers, bombs want gigabytes. */
    static final long LIMIT_BYTES = 512L << 20;

    private PeakMemory() {
    }

    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body}; throws an AssertionError when the process's peak RSS grew by more than the limit. */
    static void bounded(String what, Body body) throws Exception {
        if (!AVAILABLE) {
            body.run();
            return;
        }
        Files.writeString(CLEAR_REFS, "5");
        long before = kib("VmRSS");
        body.run();
        long grown = (kib("VmHWM") - before) << 10;
        if (grown > LIMIT_BYTES) {
            throw new AssertionError(what + ": peak resident memory grew by " + (grown >> 20) + " MiB (limit "
                    + (LIMIT_BYTES >> 20) + " MiB)");
        }
    }

    private static long kib(String key) throws IOException {
        for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IOException(key + " not in " + STATUS);
    }
}
