package io.sockscope.cli;

import io.sockscope.pipeline.telemetry.SelfTelemetry;

import java.util.Map;

/** The closing line: what went through, summed over components. */
final class Summary {
    private Summary() {
    }

    static String of(SelfTelemetry telemetry) {
        Map<String, Long> s = telemetry.snapshot();
        return "kernel events read " + sum(s, "sockscope_receiver_kernel_events_read") + ", lost " + sum(s, "sockscope_receiver_kernel_events_lost")
                + "; exchanges " + sum(s, "sockscope_receiver_exchanges") + "; spans exported " + sum(s, "otelcol_exporter_sent_spans")
                + ", failed " + sum(s, "otelcol_exporter_send_failed_spans") + ", dropped " + sum(s, "otelcol_exporter_enqueue_failed_spans");
    }

    /** One of the summary's counters, summed over its series. */
    static long sum(SelfTelemetry telemetry, String name) {
        return sum(telemetry.snapshot(), name);
    }

    private static long sum(Map<String, Long> snapshot, String name) {
        long total = 0;
        for (Map.Entry<String, Long> e : snapshot.entrySet()) {
            if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
                total += e.getValue();
            }
        }
        return total;
    }
}
