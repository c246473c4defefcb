package io.sockscope.pipeline.assembly;

/** A component failed to start (or did not start in time); what was started is shut down again. */
public class ServiceStartException extends RuntimeException {
    private final String component;

    public ServiceStartException(String component, String message, Throwable cause) {
        super(component + ": " + message, cause);
        this.component = component;
    }

    /** {@code exporter otlp_grpc/jaeger} */
    public String component() {
        return component;
    }
}
