package io.sockscope.it.otlp;

import io.sockscope.cli.ebpf.EbpfReceiverConfig;
import io.sockscope.cli.ebpf.EbpfReceiverFactory;
import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.component.Kind;
import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.registry.ComponentRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ebpf receiver's options are checked before anything attaches: port lists, excluded ports too, cpu_priority. */
class EbpfReceiverConfigErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{ports: [0]}|ports|port 0 is not between 1 and 65535",
            "{exclude: {ports: [4317, 70000]}}|exclude.ports|port 70000 is not between 1 and 65535",
            "{exclude: {ports: [-1]}}|exclude.ports|port -1 is not between 1 and 65535",
            "{cpu_priority: lowest}|cpu_priority|background, normal"})
    void aBadValueIsAnErrorNamingItsKeyAndLine(String ebpf, String key, String message) {
        Validation v = validate(ebpf);

        assertThat(v.errors()).hasSize(1);
        assertThat(v.report()).contains("sockscope.yaml:2").contains(key).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{}|BACKGROUND", "{cpu_priority: background}|BACKGROUND", "{cpu_priority: normal}|NORMAL"})
    void cpuPriorityIsBackgroundUnlessSetToNormal(String ebpf, EbpfReceiverConfig.CpuPriority expected) {
        Validation v = validate(ebpf);

        assertThat(v.errors()).isEmpty();
        assertThat(v.orThrow().components().get(Kind.RECEIVER).values()).singleElement()
                .satisfies(r -> assertThat(((EbpfReceiverConfig) r.config()).cpuPriority()).isEqualTo(expected));
    }

    private static Validation validate(String ebpf) {
        String yaml = """
                receivers:
                  ebpf: %s
                exporters:
                  debug: {}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [debug]}
                """.formatted(ebpf);
        return ConfigValidator.validate("sockscope.yaml", yaml,
                ComponentRegistry.withBuiltins().register(new EbpfReceiverFactory()), Map.<String, String>of()::get);
    }
}
