package io.sockscope.cli;

import io.sockscope.cli.ebpf.EbpfReceiverFactory;
import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.registry.ComponentRegistry;

import java.nio.file.Files;
import java.nio.file.Path;

/** The configuration a command runs with: a file, or the embedded default. */
record ConfigChoice(Path file, ComponentRegistry registry, EbpfReceiverFactory ebpf) {
    static ConfigChoice of(Path file) {
        EbpfReceiverFactory ebpf = new EbpfReceiverFactory();
        return new ConfigChoice(file, ComponentRegistry.withBuiltins().register(ebpf), ebpf);
    }

    String name() {
        return file == null ? "the built-in configuration" : file.toString();
    }

    /** Validates without side effects: nothing is opened, bound or attached. */
    Validation validate(picocli.CommandLine command) {
        if (file != null && !Files.isReadable(file)) {
            throw new picocli.CommandLine.ParameterException(command, "cannot read config file " + file);
        }
        return file == null ? ConfigValidator.validateDefault(registry) : ConfigValidator.validate(file, registry);
    }
}
