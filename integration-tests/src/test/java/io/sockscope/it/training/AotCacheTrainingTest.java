package io.sockscope.it.training;

import io.sockscope.it.support.SockscopeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * What the launcher does once per build: {@code sockscope train} under {@code -XX:AOTCacheOutput},
 * then {@code sockscope} from the cache. The training must push real exchanges through the probes and
 * the OTLP/gRPC export, and the JVM must accept the cache it wrote ({@code -XX:AOTMode=on} refuses to
 * start otherwise). Like the launcher, it runs the packaged jar and its lib/ (the JVM archives classes
 * from jars only).
 */
class AotCacheTrainingTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "requests (\\d+), load exit \\d+; kernel events read \\d+, lost \\d+; exchanges (\\d+); spans sent over OTLP/gRPC (\\d+), received (\\d+)");

    @Test
    void trainingTracesItsLoadEndToEndAndLeavesACacheTheJvmStartsFrom(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("sockscope.aot");

        Run training = java(dir, "-XX:AOTCacheOutput=" + cache, "io.sockscope.cli.Main", "train", "--seconds", "3");

        assertThat(training.exitCode()).as(training.output()).isZero();
        Matcher m = SUMMARY.matcher(training.output());
        assertThat(m.find()).as("the training's summary line\n" + training.output()).isTrue();
        long requests = Long.parseLong(m.group(1));
        long exchanges = Long.parseLong(m.group(2));
        assertThat(requests).as("requests in 3 s of load").isGreaterThan(1_000);
        assertThat(exchanges).as("both ends of each request traced, and only those").isCloseTo(2 * requests, withinPercentage(2));
        assertThat(Long.parseLong(m.group(3))).as("every exchange became a span sent over OTLP/gRPC").isEqualTo(exchanges);
        assertThat(Long.parseLong(m.group(4))).as("and received by the sink").isEqualTo(exchanges);
        assertThat(cache).as("the AOT cache\n" + training.output()).isRegularFile();
        assertThat(Files.size(cache)).as("the AOT cache's size").isGreaterThan(1 << 20);

        Run fromCache = java(dir, "-XX:AOTCache=" + cache, "-XX:AOTMode=on", "io.sockscope.cli.Main", "--version");
        assertThat(fromCache.exitCode()).as(fromCache.output()).isZero();
        assertThat(fromCache.output()).startsWith("sockscope ");
    }

    private record Run(int exitCode, String output) {
    }

    /** The launcher's JVM flags and classpath, then {@code args}. */
    private static Run java(Path dir, String... args) throws IOException, InterruptedException {
        Path cli = Path.of(System.getProperty("basedir", "."), "..", "cli", "target").normalize();
        Path jar = cli.resolve("sockscope-0.1.0-SNAPSHOT.jar");
        assertThat(jar).as("the packaged command (mvn package builds cli before integration-tests)").isRegularFile();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC",
                "-XX:MaxNewSize=48m", "-XX:SurvivorRatio=4", "-cp", jar + ":" + cli.resolve("lib") + "/*"));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("out-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        SockscopeProcess.withoutOtelEnvironment(pb.environment());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        try {
            boolean ended = p.waitFor(2, TimeUnit.MINUTES);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as("ended within 2 minutes\n" + output).isTrue();
            return new Run(p.exitValue(), output);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
