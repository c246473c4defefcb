package io.sockscope.pipeline.receiver.otlp;

import io.sockscope.config.ConfigException;
import io.sockscope.pipeline.otlp.Bind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpReceiverConfigTest {
    private static OtlpReceiverConfig bind(String yaml) {
        return Bind.yaml(yaml, "receivers.otlp", OtlpReceiverConfig.class, new OtlpReceiverFactory().defaultConfig());
    }

    @Test
    void aProtocolRunsOnlyWhenWrittenAndEmptyMeansDefaults() {
        OtlpReceiverConfig grpcOnly = bind("protocols:\n  grpc:\n");
        assertThat(grpcOnly.protocols().grpc()).isEqualTo(OtlpReceiverConfig.Grpc.defaults());
        assertThat(grpcOnly.protocols().grpc().endpoint()).isEqualTo("127.0.0.1:4317");
        assertThat(grpcOnly.protocols().grpc().maxRecvMsgSizeMib()).isEqualTo(4);
        assertThat(grpcOnly.protocols().http()).isNull();

        OtlpReceiverConfig both = bind("protocols: {grpc: {}, http: {endpoint: 0.0.0.0:14318}}");
        assertThat(both.protocols().grpc().endpoint()).isEqualTo("127.0.0.1:4317");
        assertThat(both.protocols().http().endpoint()).isEqualTo("0.0.0.0:14318");
    }

    @Test
    void tlsAndLimits() {
        OtlpReceiverConfig c = bind("""
                protocols:
                  grpc: {max_recv_msg_size_mib: 16}
                  http: {max_request_body_size: 1048576}
                """);
        assertThat(c.protocols().grpc().maxRecvMsgSizeMib()).isEqualTo(16);
        assertThat(c.protocols().http().maxRequestBodySize()).isEqualTo(1048576L);
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> bind("")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("receivers.otlp.protocols").hasMessageContaining("at least one protocol");
        assertThatThrownBy(() -> bind("protocols: {grpc: {endpoint: localhost}}"))
                .hasMessageContaining("receivers.otlp.protocols.grpc.endpoint");
        assertThatThrownBy(() -> bind("protocols:\n  http:\n    tls: {cert_file: /x.pem}\n"))
                .hasMessageContaining("receivers.otlp.protocols.http.tls.key_file");
        assertThatThrownBy(() -> bind("protocols: {grpc: {max_recv_msg_size_mib: 0}}"))
                .hasMessageContaining("receivers.otlp.protocols.grpc.max_recv_msg_size_mib");
        assertThatThrownBy(() -> bind("protocols: {thrift: {}}")).hasMessageContaining("thrift");
    }
}
