package io.sockscope.pipeline.exporter.otlp;

import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.exporter.queue.QueuedMetricsExporter;
import io.sockscope.pipeline.exporter.queue.QueuedTracesExporter;

import java.util.Set;

/** {@code otlp_grpc} (old name {@code otlp}): OTLP over gRPC to any backend, queued and retried. */
public final class OtlpGrpcExporterFactory implements ExporterFactory<OtlpGrpcExporterConfig> {
    public static final String TYPE = "otlp_grpc";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("otlp");
    }

    @Override
    public Class<OtlpGrpcExporterConfig> configClass() {
        return OtlpGrpcExporterConfig.class;
    }

    @Override
    public OtlpGrpcExporterConfig defaultConfig() {
        return OtlpGrpcExporterConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public TracesExporter createTraces(ComponentContext context, OtlpGrpcExporterConfig config) throws Exception {
        config.validate();
        OtlpGrpcClient client = new OtlpGrpcClient(config);
        return QueuedTracesExporter.create(context, config.sendingQueue(), config.retryOnFailure(), config.timeout(),
                config.gzip(), client::exportTraces, client);
    }

    @Override
    public MetricsExporter createMetrics(ComponentContext context, OtlpGrpcExporterConfig config) throws Exception {
        config.validate();
        OtlpGrpcClient client = new OtlpGrpcClient(config);
        return QueuedMetricsExporter.create(context, config.sendingQueue(), config.retryOnFailure(), config.timeout(),
                config.gzip(), client::exportMetrics, client);
    }
}
