package io.sockscope.pipeline.component;

import io.sockscope.pipeline.telemetry.SelfTelemetry;

/**
 * What a factory hands a component it creates.
 *
 * @param id        the component id as written in the YAML: {@code otlp_grpc/jaeger}, {@code batch}
 * @param telemetry where the component counts what it accepts, sends, fails and drops
 */
public record ComponentContext(String id, SelfTelemetry telemetry) {
}
