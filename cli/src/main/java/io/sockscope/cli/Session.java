package io.sockscope.cli;

import io.sockscope.pipeline.assembly.RunningService;
import io.sockscope.pipeline.assembly.ServiceAssembler;
import io.sockscope.pipeline.assembly.ServiceConfig;
import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.io.IOException;

/**
 * A started service and what runs beside it, as {@code sockscope run} and {@code sockscope train}
 * start them: the old-generation limit, the own-metrics endpoint, and a shutdown hook so that any way
 * out (an error, {@code System.exit} elsewhere) still detaches the probes. {@link #close} stops them in
 * order: the pipelines flush first.
 */
final class Session implements AutoCloseable {
    private final RunningService service;
    private final Thread hook;
    private final OldGenerationLimit oldGeneration;
    private final TelemetryEndpoint endpoint;

    private Session(RunningService service, Thread hook, OldGenerationLimit oldGeneration, TelemetryEndpoint endpoint) {
        this.service = service;
        this.hook = hook;
        this.oldGeneration = oldGeneration;
        this.endpoint = endpoint;
    }

    /** @param telemetryAddress HOST:PORT for own metrics, or "none" */
    static Session start(ServiceConfig config, SelfTelemetry telemetry, String telemetryAddress) {
        RunningService service = ServiceAssembler.assemble(config, telemetry);
        Thread hook = new Thread(service::shutdown, "sockscope-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.start();
        OldGenerationLimit oldGeneration = OldGenerationLimit.start(telemetry.counter("sockscope_process_old_generation_collections"));
        return new Session(service, hook, oldGeneration, startTelemetry(telemetryAddress, telemetry));
    }

    /** Where own metrics are served, or -1 when they are not. */
    int telemetryPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    private static TelemetryEndpoint startTelemetry(String address, SelfTelemetry telemetry) {
        if ("none".equals(address)) {
            return null;
        }
        try {
            return TelemetryEndpoint.start(address, telemetry);
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: own metrics not served at " + address + ": " + e.getMessage()
                    + " (use --telemetry-address HOST:PORT or none)");
            return null;
        }
    }

    @Override
    public void close() {
        service.shutdown();
        if (oldGeneration != null) {
            oldGeneration.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
    }
}
