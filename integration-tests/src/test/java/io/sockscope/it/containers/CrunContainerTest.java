package io.sockscope.it.containers;

import io.sockscope.bpf.ProbeFilter;
import io.sockscope.bpf.ProbeOptions;
import io.sockscope.bpf.Probes;
import io.sockscope.bpf.RingBufferReader;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.testing.ExternalProcess;
import io.sockscope.bpf.testing.NetNs;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ExchangeAssembler;
import io.sockscope.receiver.ReceiverSettings;
import io.sockscope.receiver.container.ContainerIdentity;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.sockscope.semconv.resource.ResourceMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A real OCI container: crun runs python3's HTTP server (host {@code /usr} bind-mounted read-only as its
 * root's {@code /usr}) in its own pid, mount, ipc and uts namespaces, in a network namespace of the
 * test's, with the kubelet's cgroupfs-driver path {@code /kubepods/besteffort/pod<uid>/<id>} (crun runs
 * inside {@code unshare -m} with cgroup2 mounted at {@code /sys/fs/cgroup}, as DESIGN.md describes).
 * Seen from the host, its exchanges carry its host pid, container id and pod uid.
 */
@Timeout(90)
class CrunContainerTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final Path V2 = KubepodsCgroup.V2;

    @Test
    void crunContainerInAKubepodsCgroupfsPath(@TempDir Path tmp) throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/crun"))).as("crun installed").isTrue();
        assumeThat(Files.isDirectory(V2)).isTrue();
        long n = ProcessHandle.current().pid() % 100000;
        String ns = "sockscope-cr" + n;
        String hostAddr = "10.213.12.1";
        String nsAddr = "10.213.12.2";
        int port = ExternalProcess.freePort();
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        String podUid = UUID.randomUUID().toString();
        String name = "sockscope-it-" + n;
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path bundle = bundle(tmp, ns, nsAddr, port, "/kubepods/besteffort/pod" + podUid + "/" + id);
        // What this test makes below the cgroup v2 root, deepest last; what existed before is left alone.
        List<Path> cgroups = new ArrayList<>();
        for (Path p : List.of(V2.resolve("kubepods"), V2.resolve("kubepods/besteffort"),
                V2.resolve("kubepods/besteffort/pod" + podUid), V2.resolve("kubepods/besteffort/pod" + podUid + "/" + id))) {
            if (!Files.exists(p)) {
                cgroups.add(p);
            }
        }

        try (NetNs netns = NetNs.create(ns, "sscr" + n, hostAddr, nsAddr)) {
            try {
                crun(state, "run -d --bundle " + bundle + " " + name + " >" + tmp.resolve("crun.log") + " 2>&1");
                int pid = pid(ExternalProcess.run(T, "crun", "--root", state.toString(), "state", name));
                awaitPort(nsAddr, port);
                assertThat(Files.readString(Path.of("/proc/" + pid + "/cgroup")))
                        .contains("0::/kubepods/besteffort/pod" + podUid + "/" + id);

                List<Exchange> exchanges = new ArrayList<>();
                Probes probes = Probes.attach(ProbeOptions.defaults(), new ProbeFilter(Set.of(), Set.of(), Set.of(port)));
                try (RingBufferReader reader = new RingBufferReader(probes,
                        new ExchangeAssembler(ReceiverSettings.defaults(), x -> {
                            synchronized (exchanges) {
                                exchanges.add(x);
                            }
                        }), 5)) {
                    Thread thread = Thread.ofPlatform().daemon().start(reader::run);
                    Files.writeString(tmp.resolve("srv/c.txt"), "from crun\n");
                    assertThat(ExternalProcess.run(T, "curl", "-sS", "http://" + nsAddr + ":" + port + "/c.txt"))
                            .isEqualTo("from crun\n");
                    long deadline = System.nanoTime() + T.toNanos();
                    while (size(exchanges) < 2 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    reader.stop();
                    thread.join(2000);
                } finally {
                    probes.close();
                }

                List<Exchange> all;
                synchronized (exchanges) {
                    all = List.copyOf(exchanges);
                }
                Exchange srv = all.stream().filter(x -> x.role() == Role.SERVER).findFirst().orElseThrow(
                        () -> new AssertionError("no server exchange in " + all));
                Exchange cli = all.stream().filter(x -> x.role() == Role.CLIENT).findFirst().orElseThrow(
                        () -> new AssertionError("no client exchange in " + all));
                assertThat(srv.pid()).isEqualTo(pid); // the host pid, not the container's 1
                assertThat(srv.cgroupId()).isEqualTo((Long) Files.getAttribute(
                        V2.resolve("kubepods/besteffort/pod" + podUid + "/" + id), "unix:ino"));
                // The cgroupfs driver's path does not name the runtime.
                assertThat(srv.process().container()).isEqualTo(new ContainerIdentity(id, null, podUid));
                assertThat(cli.process().container()).isNull();

                ResourceMapper resources = new ResourceMapper("node-a");
                Map<String, String> server = attributes(resources.resourceOf(srv).getAttributesList());
                assertThat(server).containsEntry("container.id", id).containsEntry("k8s.pod.uid", podUid)
                        .doesNotContainKey("container.runtime.name");
                assertThat(attributes(resources.resourceOf(cli).getAttributesList()))
                        .doesNotContainKeys("container.id", "k8s.pod.uid");
            } finally {
                try {
                    crun(state, "kill " + name + " KILL; sleep 0.3; crun --root " + state + " delete -f " + name);
                } catch (IOException e) {
                    System.err.println("crun delete: " + e.getMessage());
                }
                for (int i = cgroups.size() - 1; i >= 0; i--) {
                    KubepodsCgroup.remove(cgroups.get(i));
                }
            }
        }
        for (Path p : cgroups) {
            assertThat(p).doesNotExist();
        }
    }

    /** crun in a mount namespace of its own whose /sys/fs/cgroup is the cgroup v2 hierarchy. */
    private static void crun(Path state, String args) throws IOException, InterruptedException {
        ExternalProcess.run(T, "unshare", "-m", "sh", "-c",
                "mount -t cgroup2 none /sys/fs/cgroup && crun --root " + state + " " + args);
    }

    private static Path bundle(Path tmp, String ns, String addr, int port, String cgroupsPath) throws IOException {
        Path bundle = tmp.resolve("bundle");
        Path rootfs = bundle.resolve("rootfs");
        for (String d : List.of("proc", "dev", "usr", "etc", "srv", "tmp", "sys")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        for (String l : List.of("bin", "lib", "lib64", "sbin")) {
            Files.createSymbolicLink(rootfs.resolve(l), Path.of("usr/" + l));
        }
        Files.createDirectories(tmp.resolve("srv"));
        Files.writeString(bundle.resolve("config.json"), """
                {"ociVersion": "1.0.2", "root": {"path": "rootfs"}, "hostname": "api-0",
                 "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "cwd": "/", "env": ["PATH=/usr/bin:/bin"],
                   "args": ["python3", "-m", "http.server", "%d", "--bind", "%s", "--directory", "/srv"]},
                 "mounts": [
                   {"destination": "/proc", "type": "proc", "source": "proc"},
                   {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"]},
                   {"destination": "/usr", "type": "bind", "source": "/usr", "options": ["rbind", "ro"]},
                   {"destination": "/etc", "type": "bind", "source": "/etc", "options": ["rbind", "ro"]},
                   {"destination": "/srv", "type": "bind", "source": "%s", "options": ["rbind", "ro"]}],
                 "linux": {"cgroupsPath": "%s",
                   "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"}, {"type": "uts"},
                                  {"type": "network", "path": "/run/netns/%s"}]}}
                """.formatted(port, addr, tmp.resolve("srv"), cgroupsPath, ns));
        return bundle;
    }

    private static int pid(String stateJson) {
        Matcher m = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)").matcher(stateJson);
        assertThat(m.find()).as(stateJson).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static void awaitPort(String host, int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + T.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private static int size(List<Exchange> xs) {
        synchronized (xs) {
            return xs.size();
        }
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> out = new HashMap<>();
        kvs.forEach(kv -> out.put(kv.getKey(), kv.getValue().getStringValue()));
        return out;
    }
}
