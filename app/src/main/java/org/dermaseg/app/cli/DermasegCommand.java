package org.dermaseg.app.cli;

import java.io.PrintWriter;

import org.dermaseg.inference.batch.BatchException;
import org.dermaseg.inference.engine.EngineException;
import org.dermaseg.inference.model.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Top command {@code dermaseg}. */
@Command(name = "dermaseg", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Skin lesion segmentation in dermoscopy images (`dermaseg info` lists the models).",
        subcommands = {SegmentCommand.class, ReportCommand.class, BatchCommand.class, EvaluateCommand.class, SamplesCommand.class,
            BenchCommand.class, InfoCommand.class, org.dermaseg.app.gui.GuiCommand.class},
        footer = {"", "Exit codes: 0 all good, 1 usage, 2 some inputs failed, 3 fatal (model missing/damaged, engine cannot start)."})
public final class DermasegCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // Main opens the GUI for an empty command line when there is a display; here (tests, picocli
        // directly, or no display) say what the tool can do
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The bundled samples folder, or a usage error listing the places looked at. */
    static java.nio.file.Path locateSamples() throws UsageException {
        return org.dermaseg.app.SampleData.find().orElseThrow(() -> new UsageException("bundled samples not found "
                + "(looked in " + org.dermaseg.app.SampleData.searchPath() + "); pass --images DIR --gt DIR"));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DermasegCommand());
        applyExitCodes(cli);
        cli.setExecutionExceptionHandler(DermasegCommand::handleFailure);
        return cli;
    }

    /** Exit codes of docs/architecture.md (1 usage, 3 fatal; picocli's are 2 and 1), on every subcommand. */
    private static void applyExitCodes(CommandLine cli) {
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cli.getCommandSpec().exitCodeOnExecutionException(ExitCodes.FATAL);
        cli.getSubcommands().values().forEach(DermasegCommand::applyExitCodes);
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Model/engine problems are expected failures: one clear line, no stack trace. */
    private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ModelException || e instanceof EngineException || e instanceof BatchException) {
            err.println("dermaseg: fatal: " + e.getMessage());
        } else if (e instanceof CommandLine.ParameterException pe) {
            err.println("dermaseg: " + pe.getMessage());
            return ExitCodes.USAGE;
        } else if (e instanceof UsageException) {
            err.println("dermaseg: " + e.getMessage());
            return ExitCodes.USAGE;
        } else {
            err.println("dermaseg: fatal: unexpected error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FATAL;
    }

    /** Thrown by commands for bad arguments found after parsing (e.g. a folder that does not exist). */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
