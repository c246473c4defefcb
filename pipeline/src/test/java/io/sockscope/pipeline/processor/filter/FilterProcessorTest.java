package io.sockscope.pipeline.processor.filter;

import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sockscope.config.InvalidValueException;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sockscope.pipeline.testing.TestData.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterProcessorTest {
    private final SelfTelemetry telemetry = new SelfTelemetry();

    private static FilterConfig spans(String... conditions) {
        return new FilterConfig(FilterConfig.ErrorMode.PROPAGATE, new FilterConfig.Traces(List.of(conditions), List.of()),
                FilterConfig.Metrics.defaults());
    }

    private List<String> kept(FilterConfig config, Span... spans) {
        config.validate();
        List<List<ResourceSpans>> out = new ArrayList<>();
        new FilterProcessorFactory().createTraces(new ComponentContext("filter", telemetry), config, out::add)
                .consumeTraces(List.of(TestData.resourceSpans("svc", spans)));
        return out.stream().flatMap(List::stream).flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).map(Span::getName).toList();
    }

    private static Span client(String name) {
        return TestData.span(name).toBuilder().setKind(Span.SpanKind.SPAN_KIND_CLIENT).build();
    }

    @Test
    void dropsSpansMatchingAnyCondition() {
        Span health = TestData.span("GET /healthz", attr("url.path", "/healthz"));
        Span users = TestData.span("GET /users", attr("url.path", "/users"), attr("http.response.status_code", 200L));
        Span metrics = TestData.span("GET /metrics");
        Span redis = client("GET");
        assertThat(kept(spans("attributes[\"url.path\"] == \"/healthz\"", "IsMatch(name, \"^GET /met\")"), health, users, metrics, redis))
                .containsExactly("GET /users", "GET");
        assertThat(kept(spans("kind == SPAN_KIND_CLIENT"), health, redis)).containsExactly("GET /healthz");
        assertThat(kept(spans("kind != SPAN_KIND_SERVER"), health, redis)).containsExactly("GET /healthz");
        assertThat(kept(spans("attributes[\"http.response.status_code\"] == 200"), health, users)).containsExactly("GET /healthz");
        assertThat(kept(spans("name == \"GET /users\" and not (attributes[\"url.path\"] == nil)"), users, health)).containsExactly("GET /healthz");
        assertThat(kept(spans("resource.attributes[\"service.name\"] == \"svc\""), users)).isEmpty();
        assertThat(kept(spans("IsMatch(attributes[\"http.response.status_code\"], \"^2\")"), users, health)).containsExactly("GET /healthz");
        Span failed = TestData.span("failed").toBuilder().setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).build();
        assertThat(kept(spans("status.code == STATUS_CODE_ERROR"), failed, users)).containsExactly("GET /users");
        assertThat(telemetry.value(SelfTelemetry.series("otelcol_processor_filter_spans_filtered", "processor", "filter"))).isEqualTo(9);
    }

    @Test
    void dropsMetricsByName() {
        FilterConfig config = new FilterConfig(FilterConfig.ErrorMode.IGNORE, FilterConfig.Traces.defaults(),
                new FilterConfig.Metrics(List.of("name == \"noise\"", "type == METRIC_DATA_TYPE_SUM"), List.of()));
        config.validate();
        List<List<ResourceMetrics>> out = new ArrayList<>();
        new FilterProcessorFactory().createMetrics(new ComponentContext("filter", telemetry), config, out::add)
                .consumeMetrics(TestData.metrics(TestData.gauge("noise", 1), TestData.gauge("keep", 2)));
        assertThat(out.getFirst().getFirst().getScopeMetrics(0).getMetricsList()).extracting(m -> m.getName()).containsExactly("keep");
    }

    @Test
    void unsupportedExpressionsAreConfigErrorsNamingTheCondition() {
        assertThatThrownBy(() -> spans("name == \"a\"", "attributes[\"x\"] > 3").validate())
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.key()).isEqualTo("traces.span[1]");
                    assertThat(e.getMessage()).isEqualTo("unsupported condition: operator > is not supported, only == and != at character 17"
                            + " of: attributes[\"x\"] > 3");
                    assertThat(e.hint()).startsWith("supported: ");
                });
        assertThatThrownBy(() -> spans("Concat(name) == \"x\"").validate()).hasMessageContaining("function Concat is not supported");
        assertThatThrownBy(() -> spans("nmae == \"x\"").validate()).hasMessageContaining("unknown path nmae; did you mean name?");
        assertThatThrownBy(() -> spans("kind == SPAN_KIND_SERVR").validate()).hasMessageContaining("did you mean SPAN_KIND_SERVER?");
        assertThatThrownBy(() -> spans("name = \"x\"").validate()).hasMessageContaining("write == or !=");
        assertThatThrownBy(() -> spans("IsMatch(name, \"[\")").validate()).hasMessageContaining("invalid regular expression");
    }
}
