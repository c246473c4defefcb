package io.sockscope.pipeline.otlp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPortTest {
    @Test
    void parsesTheCollectorsForms() {
        assertThat(HostPort.parse("localhost:4317")).isEqualTo(new HostPort("localhost", 4317));
        assertThat(HostPort.parse("[::1]:4318")).isEqualTo(new HostPort("::1", 4318));
        assertThat(HostPort.parse(":4317")).isEqualTo(new HostPort("", 4317));
        assertThat(HostPort.parse("[::1]:4318").toString()).isEqualTo("[::1]:4318");
    }

    @Test
    void rejectsWhatIsNotHostPort() {
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessageContaining("no port");
        assertThatThrownBy(() -> HostPort.parse("::1:4317")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> HostPort.parse("host:http")).hasMessageContaining("numeric");
        assertThatThrownBy(() -> HostPort.parse("host:70000")).hasMessageContaining("range");
        assertThatThrownBy(() -> HostPort.parse("")).hasMessageContaining("empty");
    }
}
