package io.sockscope.pipeline.processor.filter;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.util.ArrayList;
import java.util.List;

/**
 * The Collector's {@code filter} processor, with a small subset of OTTL (see {@link ConditionParser}):
 * spans or metrics matching ANY condition are dropped.
 *
 * <pre>{@code
 * processors:
 *   filter/noise:
 *     error_mode: ignore
 *     traces:
 *       span:
 *         - attributes["url.path"] == "/healthz"
 *         - IsMatch(name, "^GET /metrics")
 *         - kind == SPAN_KIND_INTERNAL
 *     metrics:
 *       metric:
 *         - name == "http.server.request.body.size"
 * }</pre>
 *
 * @param errorMode propagate (default), ignore or silent; the supported conditions cannot fail at run
 *                  time, so this only matters for configs shared with a Collector
 */
public record FilterConfig(ErrorMode errorMode, Traces traces, Metrics metrics) implements Validated {
    public enum ErrorMode {
        PROPAGATE, IGNORE, SILENT
    }

    /** @param spanevent not supported; present so that a Collector config gets a clear error */
    public record Traces(List<String> span, List<String> spanevent) {
        public static Traces defaults() {
            return new Traces(List.of(), List.of());
        }
    }

    /** @param datapoint not supported; present so that a Collector config gets a clear error */
    public record Metrics(List<String> metric, List<String> datapoint) {
        public static Metrics defaults() {
            return new Metrics(List.of(), List.of());
        }
    }

    public static FilterConfig defaults() {
        return new FilterConfig(ErrorMode.PROPAGATE, Traces.defaults(), Metrics.defaults());
    }

    @Override
    public void validate() {
        if (!traces.spanevent().isEmpty()) {
            throw new InvalidValueException("traces.spanevent", "spanevent conditions are not supported",
                    "filter whole spans with traces.span");
        }
        if (!metrics.datapoint().isEmpty()) {
            throw new InvalidValueException("metrics.datapoint", "datapoint conditions are not supported",
                    "filter whole metrics with metrics.metric");
        }
        spanConditions();
        metricConditions();
    }

    /** @throws InvalidValueException naming the first condition that does not parse */
    List<Condition> spanConditions() {
        return parse(traces.span(), "traces.span", ConditionParser.Context.SPAN);
    }

    List<Condition> metricConditions() {
        return parse(metrics.metric(), "metrics.metric", ConditionParser.Context.METRIC);
    }

    private static List<Condition> parse(List<String> sources, String key, ConditionParser.Context context) {
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            try {
                out.add(ConditionParser.parse(sources.get(i), context));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(key + "[" + i + "]", "unsupported condition: " + e.getMessage(), ConditionParser.SUPPORTED);
            }
        }
        return out;
    }
}
