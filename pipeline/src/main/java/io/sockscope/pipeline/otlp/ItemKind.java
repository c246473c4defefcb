package io.sockscope.pipeline.otlp;

/**
 * What an OTLP component counts in its own telemetry, named as the Collector names it:
 * {@code otelcol_exporter_sent_spans}, {@code otelcol_receiver_accepted_metric_points}.
 */
public enum ItemKind {
    SPANS("spans"), METRIC_POINTS("metric_points");

    private final String suffix;

    ItemKind(String suffix) {
        this.suffix = suffix;
    }

    /** The series name for this kind: {@code metric("otelcol_exporter_sent")} is {@code otelcol_exporter_sent_spans}. */
    public String metric(String prefix) {
        return prefix + "_" + suffix;
    }
}
