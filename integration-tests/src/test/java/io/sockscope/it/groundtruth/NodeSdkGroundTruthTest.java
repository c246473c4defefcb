package io.sockscope.it.groundtruth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ground truth on Node.js: a {@code node:http} server under the OpenTelemetry Node SDK with its HTTP
 * instrumentation (versions pinned in {@code resources/groundtruth/node/package-lock.json}, installed
 * with {@code npm ci} into {@code target/groundtruth-node}), driven by the same client and held to
 * the same criteria as {@link JavaAgentGroundTruthTest}.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class NodeSdkGroundTruthTest {
    static final String SERVICE = "groundtruth-node";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "tracing.js", "server.js");

    @Test
    void kernelSpansAgreeWithTheNodeSdksRequestByRequest(@TempDir Path dir) throws Exception {
        Path app = install();
        GroundTruthReport report = GroundTruthRun.run("Node SDK 0.223.0 (node:http)", new GroundTruthRun.Server() {
            @Override
            public String serviceName() {
                return SERVICE;
            }

            @Override
            public Path workDir() {
                return app;
            }

            @Override
            public List<String> command(int port, String otlp) {
                return List.of("node", "--require", "./tracing.js", "server.js", String.valueOf(port));
            }

            @Override
            public Map<String, String> environment(int port, String otlp) {
                return Map.of("OTEL_SERVICE_NAME", SERVICE,
                        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp + "/v1/traces",
                        // the stable HTTP conventions (http.request.method, url.path, ...), as the Java agent emits
                        "OTEL_SEMCONV_STABILITY_OPT_IN", "http",
                        "OTEL_METRICS_EXPORTER", "none",
                        "OTEL_LOGS_EXPORTER", "none");
            }
        }, dir);
        GroundTruthAssertions.assertAgrees(report);
    }

    /** The server's files in target/groundtruth-node, with {@code npm ci} run again only when the lock changed. */
    private static Path install() throws IOException, InterruptedException {
        Path app = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "groundtruth-node"));
        Path installedLock = app.resolve("node_modules").resolve(".groundtruth-lock.json");
        byte[] lock = Files.readAllBytes(GroundTruthRun.resource("node/package-lock.json"));
        for (String f : FILES) {
            Files.copy(GroundTruthRun.resource("node/" + f), app.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(installedLock) && java.util.Arrays.equals(Files.readAllBytes(installedLock), lock)) {
            return app;
        }
        try (Program npm = Program.start("npm-ci", app, app,
                List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), Map.of())) {
            assertThat(npm.awaitExit(Duration.ofSeconds(300))).as("npm ci\n" + npm.output()).isZero();
        }
        Files.write(installedLock, lock);
        return app;
    }
}
