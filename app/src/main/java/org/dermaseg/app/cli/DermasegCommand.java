package org.dermaseg.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Top command {@code dermaseg}; subcommands are added as they land. */
@Command(name = "dermaseg", mixinStandardHelpOptions = true, version = "DermaSeg 0.1.0",
        description = "Skin lesion segmentation in dermoscopy images (UltraLight VM-UNet).")
public final class DermasegCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new DermasegCommand());
        // exit codes of docs/architecture.md: 1 usage, 3 fatal (picocli's defaults are 2 and 1)
        cli.getCommandSpec().exitCodeOnInvalidInput(1);
        cli.getCommandSpec().exitCodeOnExecutionException(3);
        return cli.execute(args);
    }
}
