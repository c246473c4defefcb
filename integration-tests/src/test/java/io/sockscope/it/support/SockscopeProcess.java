package io.sockscope.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sockscope} command in its own JVM, as a user runs it: {@code io.sockscope.cli.Main} on
 * the test JVM's own classpath. Standard output and error go to one log file, read for the ready
 * line and shown when an assertion fails. {@link #close()} always ends it, forcibly if SIGTERM was not
 * enough, so a failing test leaves no process and no probe behind.
 */
public final class SockscopeProcess implements AutoCloseable {
    public static final String READY = "sockscope ready: ";

    private final Process process;
    private final Path log;

    private SockscopeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code sockscope run --config FILE --telemetry-address none}. */
    public static SockscopeProcess run(Path config) throws IOException {
        return start("run", "--config", config.toString(), "--telemetry-address", "none");
    }

    public static SockscopeProcess start(String... args) throws IOException {
        Path log = Files.createTempFile("sockscope-it-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        withoutOtelEnvironment(pb.environment());
        return new SockscopeProcess(pb.start(), log);
    }

    /** Runs the command to its end (bounded) and returns its exit code and output. */
    public static Result exec(Duration timeout, String... args) throws IOException, InterruptedException {
        try (SockscopeProcess p = start(args)) {
            if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("sockscope " + String.join(" ", args) + " did not end within " + timeout
                        + ":\n" + p.output());
            }
            return new Result(p.process.exitValue(), p.output());
        }
    }

    public record Result(int exitCode, String output) {
    }

    private static List<String> command(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire may start the test JVM from a manifest-only jar; this property has the real classpath.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classpath, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "io.sockscope.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A test machine's OTEL_* variables must not change what the programs under test report. */
    public static void withoutOtelEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("OTEL_"));
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the ready line; fails with the output so far when the process ends or time runs out. */
    public String awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String out = output();
            for (String line : out.split("\n")) {
                if (line.startsWith(READY)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("sockscope exited with " + process.exitValue() + " before it was ready:\n" + out);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sockscope not ready within " + timeout + ":\n" + out);
            }
            Thread.sleep(50);
        }
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int stop(Duration timeout) throws IOException, InterruptedException {
        process.destroy(); // SIGTERM
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sockscope did not stop within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
