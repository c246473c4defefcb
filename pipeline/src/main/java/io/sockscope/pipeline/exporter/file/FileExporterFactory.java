package io.sockscope.pipeline.exporter.file;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ExporterFactory;
import io.sockscope.pipeline.component.Signal;
import io.sockscope.pipeline.otlpjson.OtlpJson;
import io.sockscope.pipeline.pdata.Items;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code file}: writes each batch as one OTLP/JSON line, {@code {"resourceSpans":[...]}} or
 * {@code {"resourceMetrics":[...]}}, as the Collector's file exporter does (hex ids, enums as
 * numbers). Traces and metrics of one exporter id share the file. Counts
 * {@code otelcol_exporter_sent_<items>} and {@code otelcol_exporter_send_failed_<items>}.
 */
public final class FileExporterFactory implements ExporterFactory<FileConfig> {
    public static final String TYPE = "file";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<FileConfig> configClass() {
        return FileConfig.class;
    }

    @Override
    public FileConfig defaultConfig() {
        return FileConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public SignalExporters create(ComponentContext context, FileConfig config, Set<Signal> signals) {
        FileExporter e = new FileExporter(context, config);
        return new SignalExporters(signals.contains(Signal.TRACES) ? e : null, signals.contains(Signal.METRICS) ? e : null);
    }

    @Override
    public TracesExporter createTraces(ComponentContext context, FileConfig config) {
        return new FileExporter(context, config);
    }

    @Override
    public MetricsExporter createMetrics(ComponentContext context, FileConfig config) {
        return new FileExporter(context, config);
    }

    /** Threading: consume from any thread (writes are serialized); a daemon thread flushes every flush_interval. */
    static final class FileExporter implements TracesExporter, MetricsExporter {
        private static final System.Logger LOG = System.getLogger(FileExporter.class.getName());

        private final String id;
        private final FileConfig config;
        private final LongAdder sentSpans;
        private final LongAdder failedSpans;
        private final LongAdder sentPoints;
        private final LongAdder failedPoints;
        private RotatingFile file;
        private ScheduledExecutorService flusher;
        private boolean closed;

        FileExporter(ComponentContext context, FileConfig config) {
            this.id = context.id();
            this.config = config;
            this.sentSpans = context.telemetry().counter("otelcol_exporter_sent_spans", "exporter", id);
            this.failedSpans = context.telemetry().counter("otelcol_exporter_send_failed_spans", "exporter", id);
            this.sentPoints = context.telemetry().counter("otelcol_exporter_sent_metric_points", "exporter", id);
            this.failedPoints = context.telemetry().counter("otelcol_exporter_send_failed_metric_points", "exporter", id);
        }

        @Override
        public synchronized void start() throws IOException {
            if (file != null || closed) {
                return;
            }
            try {
                file = new RotatingFile(Path.of(config.path()), config.rotation(), config.append(), Clock.systemUTC());
            } catch (IOException e) {
                throw new IOException("exporter " + id + ": cannot open " + config.path() + ": " + e, e);
            }
            flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("file-flush-" + id).factory());
            long every = config.flushInterval().toNanos();
            flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.NANOSECONDS);
        }

        @Override
        public void consumeTraces(List<ResourceSpans> resourceSpans) {
            int n = Items.spans(resourceSpans);
            if (write(OtlpJson.traces(resourceSpans))) {
                sentSpans.add(n);
            } else {
                failedSpans.add(n);
            }
        }

        @Override
        public void consumeMetrics(List<ResourceMetrics> resourceMetrics) {
            int n = Items.dataPoints(resourceMetrics);
            if (write(OtlpJson.metrics(resourceMetrics))) {
                sentPoints.add(n);
            } else {
                failedPoints.add(n);
            }
        }

        private synchronized boolean write(String json) {
            if (file == null) {
                LOG.log(System.Logger.Level.WARNING, "exporter " + id + ": data arrived while the file is not open; dropped");
                return false;
            }
            try {
                file.write((json + "\n").getBytes(StandardCharsets.UTF_8));
                return true;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "exporter " + id + ": cannot write " + config.path() + ": " + e);
                return false;
            }
        }

        private synchronized void flush() {
            if (file == null) {
                return;
            }
            try {
                file.flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "exporter " + id + ": cannot flush " + config.path() + ": " + e);
            }
        }

        @Override
        public void shutdown() {
            ScheduledExecutorService f;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                f = flusher;
            }
            if (f != null) {
                f.shutdownNow();
            }
            synchronized (this) {
                if (file != null) {
                    try {
                        file.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("exporter " + id + ": cannot close " + config.path(), e);
                    }
                    file = null;
                }
            }
        }
    }
}
