package io.sockscope.it.otlp;

import io.sockscope.it.support.SockscopeProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sockscope validate} and {@code sockscope run} as a user meets them, in a process of their
 * own: a mistake is named with file:line:col, key and hint, exit code 3, and {@code run} attaches
 * nothing; a good file exits 0.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ValidateCommandTest {
    private static final Duration T = Duration.ofSeconds(30);

    private static final String BAD = """
            receivers:
              otlp:
                protocols:
                  grpc: {endpoint: 127.0.0.1:4317}
            exporters:
              otlp_grpc:
                endpoint: localhost:4317
                tls: {insecure: true}
                retry_on_failure:
                  initial_intervall: 5s
            service:
              pipelines:
                traces: {receivers: [otlp], exporters: [otlp_grpc]}
            """;

    private static final String GOOD = BAD.replace("initial_intervall", "initial_interval");

    @Test
    void anUnknownKeyIsNamedWithFileLineAndColumnAndExitsThree(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), BAD);
        SockscopeProcess.Result r = SockscopeProcess.exec(T, "validate", "--config", bad.toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
        // line 10, column 7: where initial_intervall starts
        assertThat(r.output()).contains(bad + ":10:7: exporters.otlp_grpc.retry_on_failure.initial_intervall: unknown key")
                .contains("did you mean \"initial_interval\"")
                .doesNotContain("is valid");
    }

    @Test
    void aGoodFileExitsZero(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), GOOD);
        SockscopeProcess.Result r = SockscopeProcess.exec(T, "validate", "--config", good.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains(good + " is valid: 1 pipeline");
    }

    @Test
    void runRefusesTheBadFileBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), BAD);
        SockscopeProcess.Result r = SockscopeProcess.exec(T, "run", "--config", bad.toString(), "--telemetry-address", "none");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains(bad + ":10:7:").contains("nothing was started")
                .doesNotContain(SockscopeProcess.READY);
    }
}
