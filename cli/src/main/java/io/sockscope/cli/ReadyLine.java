package io.sockscope.cli;

import io.sockscope.pipeline.assembly.ServiceConfig;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.exporter.debug.DebugConfig;
import io.sockscope.pipeline.exporter.file.FileConfig;
import io.sockscope.pipeline.exporter.nop.NopExporterFactory.NopConfig;
import io.sockscope.pipeline.exporter.otlp.OtlpGrpcExporterConfig;
import io.sockscope.pipeline.exporter.otlphttp.OtlpHttpExporterConfig;
import io.sockscope.pipeline.receiver.otlp.OtlpReceiverConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The one line {@code sockscope run} prints when it is ready: each pipeline, what each receiver
 * listens on or attached, and where each exporter sends.
 * <pre>sockscope ready: traces [ebpf] → [batch] → [otlp_grpc]; ebpf: 6 probes attached, tracing every process but this one, cpu_priority background; otlp_grpc → localhost:4317 (insecure)</pre>
 */
final class ReadyLine {
    private ReadyLine() {
    }

    static String of(ServiceConfig config, List<String> kernelReceivers) {
        List<String> parts = new ArrayList<>();
        config.pipelines().forEach(p -> parts.add(p.id() + " " + p.receivers() + " → " + p.processors() + " → " + p.exporters()));
        parts.addAll(kernelReceivers);
        config.components().getOrDefault(Kind.RECEIVER, java.util.Map.of()).forEach((id, c) -> {
            if (c.config() instanceof OtlpReceiverConfig otlp) {
                List<String> on = new ArrayList<>();
                if (otlp.protocols().grpc() != null) {
                    on.add("grpc " + otlp.protocols().grpc().endpoint());
                }
                if (otlp.protocols().http() != null) {
                    on.add("http " + otlp.protocols().http().endpoint());
                }
                parts.add(id + " listening on " + String.join(", ", on));
            }
        });
        config.components().getOrDefault(Kind.EXPORTER, java.util.Map.of()).forEach((id, c) -> parts.add(id + " → " + destination(c.config())));
        return "sockscope ready: " + String.join("; ", parts);
    }

    private static String destination(Record config) {
        return switch (config) {
            case OtlpGrpcExporterConfig g -> g.hostPort() + (g.plaintext() ? " (insecure)" : " (tls)");
            case OtlpHttpExporterConfig h -> h.tracesUri().toString();
            case FileConfig f -> f.path();
            case DebugConfig d -> "console (" + d.verbosity().name().toLowerCase() + ")";
            case NopConfig n -> "nowhere (nop: dropped)";
            default -> config.getClass().getSimpleName();
        };
    }
}
