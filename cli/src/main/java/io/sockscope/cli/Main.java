package io.sockscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sockscope} command. */
@Command(name = "sockscope", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Zero-code OpenTelemetry traces and metrics from the kernel's view of every socket.",
        subcommands = {RunCommand.class, ValidateCommand.class, EventsCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit codes: documented in --help of each command. */
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 3;
    static final int EXIT_KERNEL = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Held: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger FABRIC8 = java.util.logging.Logger.getLogger("io.fabric8");

    public static void main(String[] args) {
        FABRIC8.setLevel(java.util.logging.Level.WARNING); // the Kubernetes client's INFO chatter is not for users
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(Main::exitCode);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("sockscope: " + ex.getMessage());
            return cmd.getExitCodeExceptionMapper().getExitCode(ex);
        });
        System.exit(cli.execute(args));
    }

    /** A probe that could not load is exit 4 however deep it was wrapped (a receiver's start, say). */
    static int exitCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.sockscope.bpf.BpfException) {
                return EXIT_KERNEL;
            }
        }
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
