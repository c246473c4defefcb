package io.sockscope.cli;

import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code sockscope run}: validates the configuration (nothing attaches when it is wrong), builds the
 * pipelines, starts them, prints one ready line, and on SIGTERM or Ctrl-C flushes, detaches every
 * probe and exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Trace this host from the kernel and export spans through Collector-style pipelines.",
                "With no --config: every process but Sockscope, printed by the debug exporter."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C after flushing", "3:invalid configuration (nothing was attached)",
                "4:the probes could not be loaded (the message says why)", "1:a component failed to start"})
final class RunCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Collector-style YAML; default: the built-in configuration.")
    Path config;

    @Option(names = "--telemetry-address", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8888",
            description = "Where Sockscope serves its own metrics (Prometheus text at /metrics), as the Collector does; 'none' to turn off. Default ${DEFAULT-VALUE}.")
    String telemetryAddress;

    @Override
    public Integer call() throws Exception {
        ConfigChoice choice = ConfigChoice.of(config);
        Validation v = choice.validate(spec.commandLine());
        if (!v.ok()) {
            System.err.print(v.report());
            System.err.printf("sockscope: %s is invalid (%d error%s); nothing was started%n", choice.name(), v.errors().size(),
                    v.errors().size() == 1 ? "" : "s");
            return Main.EXIT_CONFIG;
        }
        v.warnings().forEach(w -> System.err.println("warning: " + w.getMessage()));

        SelfTelemetry telemetry = SelfTelemetry.global();
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Session session = Session.start(v.config(), telemetry, telemetryAddress);
        StringBuilder ready = new StringBuilder(ReadyLine.of(v.config(), choice.ebpf().receivers()));
        if (session.telemetryPort() >= 0) {
            ready.append("; own metrics at http://").append(telemetryAddress.substring(0, telemetryAddress.lastIndexOf(':')))
                    .append(':').append(session.telemetryPort()).append("/metrics");
        }
        System.err.println(ready);

        stop.await();
        System.err.println("sockscope: stopping: flushing pipelines and detaching probes");
        session.close();
        System.err.println("sockscope: stopped. " + Summary.of(telemetry));
        return Main.EXIT_OK;
    }
}
