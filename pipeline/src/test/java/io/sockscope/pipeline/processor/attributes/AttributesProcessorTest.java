package io.sockscope.pipeline.processor.attributes;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.config.InvalidValueException;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.processor.attraction.AttributeAction;
import io.sockscope.pipeline.processor.attraction.AttributeAction.Action;
import io.sockscope.pipeline.processor.attraction.AttributeActions;
import io.sockscope.pipeline.processor.resource.ResourceConfig;
import io.sockscope.pipeline.processor.resource.ResourceProcessorFactory;
import io.sockscope.pipeline.telemetry.SelfTelemetry;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sockscope.pipeline.testing.TestData.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributesProcessorTest {
    private static AttributeAction action(String key, Object value, Action action) {
        return new AttributeAction(key, value, null, null, action, null);
    }

    private static Map<String, String> asMap(List<KeyValue> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach(kv -> out.put(kv.getKey(), AttributeActions.text(kv.getValue())));
        return out;
    }

    @Test
    void insertUpdateUpsertDeleteOnSpanAttributes() {
        List<List<ResourceSpans>> out = new ArrayList<>();
        var processor = new AttributesProcessorFactory().createTraces(new ComponentContext("attributes", new SelfTelemetry()),
                new AttributesConfig(List.of(
                        action("env", "prod", Action.INSERT),
                        action("http.route", "ignored", Action.INSERT),
                        action("missing", "x", Action.UPDATE),
                        action("url.path", "/redacted", Action.UPDATE),
                        action("team", 7L, Action.UPSERT),
                        action("secret", null, Action.DELETE),
                        new AttributeAction("peer", null, "server.address", null, Action.INSERT, null))),
                out::add);
        processor.consumeTraces(List.of(TestData.resourceSpans("svc", TestData.span("GET",
                attr("http.route", "/users/{id}"), attr("url.path", "/users/1"), attr("secret", "s"), attr("server.address", "db")))));
        var span = out.getFirst().getFirst().getScopeSpans(0).getSpans(0);
        assertThat(asMap(span.getAttributesList())).containsExactly(
                Map.entry("http.route", "/users/{id}"), Map.entry("url.path", "/redacted"), Map.entry("server.address", "db"),
                Map.entry("env", "prod"), Map.entry("team", "7"), Map.entry("peer", "db"));
        assertThat(span.getAttributesList().stream().filter(kv -> kv.getKey().equals("team")).findFirst().orElseThrow()
                .getValue().getIntValue()).isEqualTo(7);
    }

    @Test
    void hashExtractConvertAndPatternDelete() {
        AttributeActions actions = AttributeActions.compile(List.of(
                action("user.id", null, Action.HASH),
                new AttributeAction("url.path", null, null, "^/users/(?P<user_id>[0-9]+)$", Action.EXTRACT, null),
                new AttributeAction("code", null, null, null, Action.CONVERT, "int"),
                new AttributeAction(null, null, null, "^tmp\\.", Action.DELETE, null)));
        Map<String, String> after = asMap(actions.apply(List.of(attr("user.id", "alice"), attr("url.path", "/users/42"),
                attr("code", "200"), attr("tmp.a", 1L), attr("tmp.b", 2L))));
        assertThat(after).containsExactly(
                Map.entry("user.id", "2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90"),
                Map.entry("url.path", "/users/42"), Map.entry("code", "200"), Map.entry("user_id", "42"));
    }

    @Test
    void resourceProcessorChangesResourceAttributesOfSpansAndMetrics() {
        List<List<ResourceMetrics>> out = new ArrayList<>();
        var processor = new ResourceProcessorFactory().createMetrics(new ComponentContext("resource", new SelfTelemetry()),
                new ResourceConfig(List.of(action("deployment.environment", "prod", Action.UPSERT), action("service.name", null, Action.HASH))),
                out::add);
        processor.consumeMetrics(TestData.metrics(TestData.gauge("g", 1)));
        assertThat(asMap(out.getFirst().getFirst().getResource().getAttributesList()))
                .containsEntry("deployment.environment", "prod")
                .hasEntrySatisfying("service.name", v -> assertThat(v).hasSize(64));
    }

    @Test
    void actionsAreValidated() {
        assertThatThrownBy(() -> action("k", null, Action.INSERT).validate()).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.getMessage()).isEqualTo("insert needs exactly one of value and from_attribute"));
        assertThatThrownBy(() -> new AttributeAction("k", null, null, "(no group)", Action.EXTRACT, null).validate())
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.key()).isEqualTo("pattern"));
        assertThatThrownBy(() -> new AttributesConfig(List.of()).validate()).isInstanceOf(InvalidValueException.class);
    }
}
