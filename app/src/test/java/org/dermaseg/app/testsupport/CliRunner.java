package org.dermaseg.app.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.ToIntFunction;

import org.dermaseg.app.Main;
import org.dermaseg.app.cli.DermasegCommand;
import org.dermaseg.testsupport.RepoPaths;

/**
 * Runs {@code dermaseg} in this JVM and captures what it prints: the one in-process CLI runner of the
 * {@code app} and end-to-end tests (a separate process is {@code e2e.CliProcess}).
 */
public final class CliRunner {
    /** Exit code and what went to standard output and error. */
    public record Run(int code, String out, String err) {
    }

    private CliRunner() {
    }

    public static Path root() {
        return RepoPaths.root();
    }

    /** The picocli commands, as {@code dermaseg ARGS} runs them. */
    public static Run run(String... args) {
        return capture(a -> {
            var cli = DermasegCommand.commandLine();
            cli.setOut(new PrintWriter(System.out, true));
            cli.setErr(new PrintWriter(System.err, true));
            return cli.execute(a);
        }, args);
    }

    /** Through the jar's entry point ({@link Main#run}: the GUI-or-CLI dispatch), without its exit. */
    public static Run runMain(String... args) {
        return capture(Main::run, args);
    }

    private static synchronized Run capture(ToIntFunction<String[]> command, String[] args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = command.applyAsInt(args);
            System.out.flush();
            System.err.flush();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
