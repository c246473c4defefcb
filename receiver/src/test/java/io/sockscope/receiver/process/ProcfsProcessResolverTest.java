package io.sockscope.receiver.process;

import io.sockscope.receiver.ProcessInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProcfsProcessResolverTest {
    private final AtomicLong clock = new AtomicLong();

    private ProcfsProcessResolver real() {
        return new ProcfsProcessResolver(Path.of("/proc"), Path.of("/etc/passwd"), Duration.ofSeconds(2), 100, clock::get);
    }

    @Test
    void resolvesThisJvm() {
        ProcessHandle self = ProcessHandle.current();
        ProcessInfo p = real().resolve((int) self.pid(), "main");
        assertThat(p.pid()).isEqualTo(self.pid());
        assertThat(p.executableName()).isEqualTo("java");
        assertThat(p.executablePath()).isEqualTo(self.info().command().orElseThrow());
        assertThat(p.commandLine()).startsWith(p.executablePath()).doesNotContain("\0");
        assertThat(p.owner()).isEqualTo(System.getProperty("user.name"));
        assertThat(p.startTimeTicks()).isPositive();
    }

    @Test
    void readsOpenTelemetryVariablesFromTheEnvironment() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "30");
        pb.environment().put("OTEL_SERVICE_NAME", "checkout");
        pb.environment().put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,team=payments");
        Process child = pb.start();
        try {
            awaitExec(child, "sleep");
            ProcessInfo p = real().resolve((int) child.pid(), "sleep");
            assertThat(p.executableName()).isEqualTo("sleep");
            assertThat(p.commandLine()).isEqualTo("sleep 30");
            assertThat(p.serviceName()).isEqualTo("checkout");
            assertThat(p.resourceAttributes()).isEqualTo("deployment.environment=prod,team=payments");
        } finally {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHostProcessIsInNoContainer() {
        assertThat(real().resolve((int) ProcessHandle.current().pid(), "main").container()).isNull();
    }

    @Test
    void readsTheContainerFromTheCgroupFile(@TempDir Path proc) throws IOException {
        String id = "8f1a3c5e7b9d0f2a4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f";
        Path dir = Files.createDirectories(proc.resolve("77"));
        Files.writeString(dir.resolve("stat"), "77 (python3) S 1 77 77 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 4242 0 0");
        Files.writeString(dir.resolve("cgroup"), "0::/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod3d9c8f6e_2a4b_4c1d_9e8f_0123456789ab.slice/cri-containerd-" + id + ".scope\n");
        ProcessInfo p = new ProcfsProcessResolver(proc, Path.of("/etc/passwd"), Duration.ofSeconds(2), 100, clock::get)
                .resolve(77, "python3");
        assertThat(p.container()).isEqualTo(new io.sockscope.receiver.container.ContainerIdentity(id,
                io.sockscope.receiver.container.ContainerRuntime.CONTAINERD, "3d9c8f6e-2a4b-4c1d-9e8f-0123456789ab"));
        ProcessInfo none = new ProcfsProcessResolver(proc, Path.of("/etc/passwd"), Duration.ofSeconds(2), 100, clock::get, null)
                .resolve(77, "python3");
        assertThat(none.container()).isNull();
    }

    @Test
    void anExitedProcessIsUnknownButNamedAfterTheEventsComm() throws Exception {
        Process child = new ProcessBuilder("true").start();
        child.waitFor(5, TimeUnit.SECONDS);
        int pid = (int) child.pid();
        ProcessInfo p = real().resolve(pid, "true");
        assertThat(p.pid()).isEqualTo(pid);
        assertThat(p.executableName()).isEqualTo("true");
        assertThat(p.executablePath()).isNull();
        assertThat(p.commandLine()).isNull();
        assertThat(real().resolve(pid, null)).isEqualTo(ProcessInfo.unknown(pid));
    }

    @Test
    void cachesLookups() {
        ProcfsProcessResolver r = real();
        int pid = (int) ProcessHandle.current().pid();
        assertThat(r.resolve(pid, null)).isSameAs(r.resolve(pid, null));
    }

    @Test
    void aReusedPidIsReadAgainOnceItsStartTimeChanged(@TempDir Path root) throws IOException {
        Path proc = root.resolve("proc");
        Path passwd = root.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n");
        fakeProcess(proc, 4242, "nginx", 1000, "/usr/sbin/nginx", "nginx: worker process", "OTEL_SERVICE_NAME=web");
        ProcfsProcessResolver r = new ProcfsProcessResolver(proc, passwd, Duration.ofSeconds(2), 100, clock::get);

        ProcessInfo first = r.resolve(4242, "nginx");
        assertThat(first.executablePath()).isEqualTo("/usr/sbin/nginx");
        assertThat(first.executableName()).isEqualTo("nginx");
        assertThat(first.commandLine()).isEqualTo("nginx: worker process");
        assertThat(first.serviceName()).isEqualTo("web");
        assertThat(first.startTimeTicks()).isEqualTo(1000);

        // The pid is reused by another program.
        fakeProcess(proc, 4242, "redis-server", 5000, "/usr/bin/redis-server", "redis-server\0*:6379", "A=b");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(r.resolve(4242, "redis-server")).as("trusted within the interval").isSameAs(first);
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        ProcessInfo second = r.resolve(4242, "redis-server");
        assertThat(second.executableName()).isEqualTo("redis-server");
        assertThat(second.commandLine()).isEqualTo("redis-server *:6379");
        assertThat(second.serviceName()).isNull();
        assertThat(second.startTimeTicks()).isEqualTo(5000);

        clock.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(r.resolve(4242, null)).as("same start time: kept").isSameAs(second);
    }

    @Test
    void withoutAnExeLinkTheNameComesFromStat(@TempDir Path root) throws IOException {
        Path proc = root.resolve("proc");
        Path dir = Files.createDirectories(proc.resolve("77"));
        Files.writeString(dir.resolve("stat"), statLine(77, "kworker/0:1 (x)", 12));
        ProcfsProcessResolver r = new ProcfsProcessResolver(proc, root.resolve("none"), Duration.ofSeconds(2), 10, clock::get);
        ProcessInfo p = r.resolve(77, null);
        assertThat(p.executableName()).isEqualTo("kworker/0:1 (x)");
        assertThat(p.executablePath()).isNull();
        assertThat(p.startTimeTicks()).isEqualTo(12);
    }

    @Test
    void startTimeIsField22EvenWhenCommHasSpacesAndParentheses() {
        assertThat(ProcfsProcessResolver.startTime(statLine(1, "a) b (c", 987654))).isEqualTo(987654);
        assertThat(ProcfsProcessResolver.startTime("garbage")).isEqualTo(-1);
    }

    /** The JDK spawns through a helper: wait until the child runs the program itself. */
    private static void awaitExec(Process child, String program) throws Exception {
        Path cmdline = Path.of("/proc", Long.toString(child.pid()), "cmdline");
        for (int i = 0; i < 200 && !new String(Files.readAllBytes(cmdline)).startsWith(program); i++) {
            Thread.sleep(10);
        }
    }

    private static void fakeProcess(Path proc, int pid, String comm, long start, String exe, String cmdline, String env)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(dir.resolve("stat"), statLine(pid, comm, start));
        Files.writeString(dir.resolve("cmdline"), cmdline + "\0");
        Files.writeString(dir.resolve("environ"), "PATH=/usr/bin\0" + env + "\0");
        Path link = dir.resolve("exe");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(exe));
    }

    /** A {@code /proc/<pid>/stat} line whose field 22 is {@code start}. */
    static String statLine(int pid, String comm, long start) {
        StringBuilder sb = new StringBuilder().append(pid).append(" (").append(comm).append(") S");
        for (int field = 4; field <= 21; field++) {
            sb.append(' ').append(field);
        }
        return sb.append(' ').append(start).append(" 1000 200 0\n").toString();
    }
}
