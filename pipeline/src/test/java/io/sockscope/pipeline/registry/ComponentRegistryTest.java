package io.sockscope.pipeline.registry;

import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.processor.batch.BatchProcessorFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentRegistryTest {
    @Test
    void builtinsAndAliases() {
        ComponentRegistry r = ComponentRegistry.withBuiltins();
        assertThat(r.types(Kind.PROCESSOR)).containsExactly("attributes", "batch", "filter", "memory_limiter", "resource");
        assertThat(r.types(Kind.EXPORTER)).containsExactly("debug", "file", "nop", "otlp_grpc", "otlp_http");
        assertThat(r.types(Kind.RECEIVER)).containsExactly("otlp");
        assertThat(r.find(Kind.EXPORTER, "otlp")).get().extracting(f -> f.type()).isEqualTo("otlp_grpc");
        assertThat(r.find(Kind.EXPORTER, "otlphttp")).get().extracting(f -> f.type()).isEqualTo("otlp_http");
        assertThat(r.find(Kind.RECEIVER, "otlp")).get().extracting(f -> f.type()).isEqualTo("otlp");
        assertThat(r.find(Kind.RECEIVER, "batch")).isEmpty();
    }

    @Test
    void aTypeIsRegisteredOnce() {
        ComponentRegistry r = new ComponentRegistry().register(new BatchProcessorFactory());
        assertThatThrownBy(() -> r.register(new BatchProcessorFactory())).hasMessageContaining("\"batch\" is already registered");
    }
}
