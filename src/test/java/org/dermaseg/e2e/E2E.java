package org.dermaseg.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dermaseg.app.Main;
import org.dermaseg.testsupport.RepoPaths;

/** Shared helpers of the end-to-end tests. */
final class E2E {
    record Run(int code, String out, String err) {
    }

    private E2E() {
    }

    static Path root() {
        return RepoPaths.root();
    }

    /** Runs {@code dermaseg} in this JVM through the real entry point, capturing standard output and error. */
    static synchronized Run inProcess(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
