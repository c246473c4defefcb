package io.sockscope.cli;

import io.sockscope.pipeline.assembly.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sockscope validate --config FILE}: every mistake with file, line, key and a fix. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a configuration file without running it: every error with its file, line, key and a hint.",
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:valid", "3:invalid (errors printed)"})
final class ValidateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Collector-style YAML; default: the built-in configuration.")
    Path config;

    @Override
    public Integer call() {
        ConfigChoice choice = ConfigChoice.of(config);
        Validation v = choice.validate(spec.commandLine());
        System.err.print(v.report());
        if (!v.ok()) {
            System.err.printf("%s: %d error%s%n", choice.name(), v.errors().size(), v.errors().size() == 1 ? "" : "s");
            return Main.EXIT_CONFIG;
        }
        System.out.printf("%s is valid: %d pipeline%s%n", choice.name(), v.config().pipelines().size(),
                v.config().pipelines().size() == 1 ? "" : "s");
        return Main.EXIT_OK;
    }
}
