package io.sockscope.pipeline.registry;

import io.sockscope.pipeline.exporter.otlp.OtlpGrpcExporterFactory;
import io.sockscope.pipeline.exporter.otlphttp.OtlpHttpExporterFactory;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiverFactory;

/** The OTLP receiver and exporters. */
final class OtlpComponents {
    private OtlpComponents() {
    }

    static void register(ComponentRegistry registry) {
        registry.register(new OtlpGrpcExporterFactory())
                .register(new OtlpHttpExporterFactory())
                .register(new OtlpReceiverFactory());
    }
}
