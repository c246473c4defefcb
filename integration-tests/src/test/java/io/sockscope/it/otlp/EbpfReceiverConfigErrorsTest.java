package io.sockscope.it.otlp;

import io.sockscope.cli.ebpf.EbpfReceiverFactory;
import io.sockscope.pipeline.assembly.ConfigValidator;
import io.sockscope.pipeline.assembly.Validation;
import io.sockscope.pipeline.registry.ComponentRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Port lists of the ebpf receiver are checked before anything attaches, excluded ports too. */
class EbpfReceiverConfigErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{ports: [0]}|ports|port 0 is not between 1 and 65535",
            "{exclude: {ports: [4317, 70000]}}|exclude.ports|port 70000 is not between 1 and 65535",
            "{exclude: {ports: [-1]}}|exclude.ports|port -1 is not between 1 and 65535"})
    void aPortOutOfRangeIsAnErrorNamingItsKeyAndLine(String ebpf, String key, String message) {
        String yaml = """
                receivers:
                  ebpf: %s
                exporters:
                  debug: {}
                service:
                  pipelines:
                    traces: {receivers: [ebpf], exporters: [debug]}
                """.formatted(ebpf);

        Validation v = ConfigValidator.validate("sockscope.yaml", yaml,
                ComponentRegistry.withBuiltins().register(new EbpfReceiverFactory()), Map.<String, String>of()::get);

        assertThat(v.errors()).hasSize(1);
        assertThat(v.report()).contains("sockscope.yaml:2").contains(key).contains(message);
    }
}
