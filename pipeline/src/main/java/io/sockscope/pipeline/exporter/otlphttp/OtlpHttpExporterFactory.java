package io.sockscope.pipeline.exporter.otlphttp;

import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.exporter.queue.QueuedMetricsExporter;
import io.sockscope.pipeline.exporter.queue.QueuedTracesExporter;

import java.util.Set;

/** {@code otlp_http} (old name {@code otlphttp}): OTLP/HTTP with protobuf bodies, queued and retried. */
public final class OtlpHttpExporterFactory implements ExporterFactory<OtlpHttpExporterConfig> {
    public static final String TYPE = "otlp_http";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("otlphttp");
    }

    @Override
    public Class<OtlpHttpExporterConfig> configClass() {
        return OtlpHttpExporterConfig.class;
    }

    @Override
    public OtlpHttpExporterConfig defaultConfig() {
        return OtlpHttpExporterConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public TracesExporter createTraces(ComponentContext context, OtlpHttpExporterConfig config) throws Exception {
        config.validate();
        OtlpHttpClient client = new OtlpHttpClient(config);
        return QueuedTracesExporter.create(context, config.sendingQueue(), config.retryOnFailure(), config.timeout(),
                config.gzip(), client::exportTraces, client);
    }

    @Override
    public MetricsExporter createMetrics(ComponentContext context, OtlpHttpExporterConfig config) throws Exception {
        config.validate();
        OtlpHttpClient client = new OtlpHttpClient(config);
        return QueuedMetricsExporter.create(context, config.sendingQueue(), config.retryOnFailure(), config.timeout(),
                config.gzip(), client::exportMetrics, client);
    }
}
