package io.sockscope.it.groundtruth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ground truth on the JVM: a JDK {@code com.sun.net.httpserver} server under the OpenTelemetry Java
 * agent 2.33.1 records its SERVER spans in-process while Sockscope records the same requests from
 * the kernel; each kernel span must have exactly one SDK twin and agree with it on method, path,
 * status, kind and port, with a median duration difference of at most 1 ms.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JavaAgentGroundTruthTest {
    static final String SERVICE = "groundtruth-java";

    @Test
    void kernelSpansAgreeWithTheJavaAgentsRequestByRequest(@TempDir Path dir) throws Exception {
        GroundTruthReport report = GroundTruthRun.run("Java agent 2.33.1 (JDK HttpServer)", new GroundTruthRun.Server() {
            @Override
            public String serviceName() {
                return SERVICE;
            }

            @Override
            public Path workDir() {
                return dir;
            }

            @Override
            public List<String> command(int port, String otlp) throws java.io.IOException {
                return GroundTruthRun.underJavaAgent(SERVICE, otlp, "GroundTruthServer.java", String.valueOf(port));
            }

            @Override
            public Map<String, String> environment(int port, String otlp) {
                return Map.of();
            }
        }, dir);
        GroundTruthAssertions.assertAgrees(report);
    }
}
