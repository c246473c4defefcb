package io.sockscope.it.groundtruth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program started for the ground truth (Sockscope, a server, a client) with its output in a log
 * file. {@link #close()} always ends it and its children, with SIGTERM first (SDKs flush on it) and
 * forcibly when that is not enough, so a failing test leaves nothing running.
 */
final class Program implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private Program(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code workDir} with the environment of this JVM minus every
     * {@code OTEL_*} variable and {@code JAVA_TOOL_OPTIONS} (a test machine's settings must not change
     * what the programs report), plus {@code env}.
     */
    static Program start(String name, Path logDir, Path workDir, List<String> command, Map<String, String> env) throws IOException {
        Path log = Files.createTempFile(logDir, name + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        return new Program(name, pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return name + " (pid " + process.pid() + ") said:\n" + Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits for a line that starts with {@code prefix}; returns it, or fails with the output so far. */
    String awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : Files.readString(log, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before \"" + prefix + "\"\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no \"" + prefix + "\" within " + timeout + "\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** Waits for the program to end by itself; returns its exit code, or fails with its output. */
    int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not end within " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, then the exit code. */
    int stop(Duration timeout) throws IOException, InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    @Override
    public void close() {
        try {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
