package io.sockscope.it.containers;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
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
import io.sockscope.receiver.container.ContainerResolver;
import io.sockscope.receiver.container.ContainerRuntime;
import io.sockscope.receiver.kubernetes.KubernetesPods;
import io.sockscope.semconv.resource.ResourceMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A "container" without a container runtime: a python3 HTTP server started inside a kubepods-style cgroup v2
 * directory (containerd, systemd driver) and its own network namespace, its pod in a mock API server. The
 * real probes see it from the host: its exchanges carry the cgroup's id, its process the container and pod
 * parsed from {@code /proc/<pid>/cgroup}, and its resource {@code container.id}, {@code k8s.pod.uid} and the
 * pod's names. The client, curl on the host, carries none of them.
 */
@Timeout(90)
class KubepodsContainerTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void serverInAKubepodsCgroupCarriesItsContainerAndPod(@TempDir Path dir) throws Exception {
        assumeThat(Files.isDirectory(KubepodsCgroup.V2)).as("cgroup v2 at " + KubepodsCgroup.V2).isTrue();
        long n = ProcessHandle.current().pid() % 100000;
        String hostAddr = "10.213.11.1";
        String nsAddr = "10.213.11.2";
        String ns = "sockscope-k" + n;
        int port = ExternalProcess.freePort();
        Files.writeString(dir.resolve("pod.txt"), "in a pod\n");
        byte[] idBytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(idBytes);
        String containerId = HexFormat.of().formatHex(idBytes);

        Path[] scope = new Path[1];
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init();
        try (KubernetesClient client = api.createClient()) {
            Pod pod = client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata()
                    .withNamespace("shop").withName("api-0").withLabels(Map.of("app.kubernetes.io/name", "shop-api"))
                    .endMetadata()
                    .withNewSpec().withNodeName("node-a").addNewContainer().withName("http").endContainer()
                    .addNewContainer().withName("sidecar").endContainer().endSpec()
                    .withNewStatus().withContainerStatuses(new ContainerStatusBuilder().withName("http")
                            .withContainerID("containerd://" + containerId).build()).endStatus()
                    .build()).create();
            String podUid = pod.getMetadata().getUid(); // the mock server's own

            try (KubernetesPods pods = KubernetesPods.start(client, null);
                 KubepodsCgroup cgroup = KubepodsCgroup.create(podUid, containerId);
                 NetNs netns = NetNs.create(ns, "ssk" + n, hostAddr, nsAddr);
                 // In its cgroup before it execs: everything the server does is charged there.
                 ExternalProcess server = ExternalProcess.start(List.of("sh", "-c",
                         "echo $$ > " + cgroup.scope.resolve("cgroup.procs") + " && exec ip netns exec " + ns
                                 + " python3 -m http.server " + port + " --bind " + nsAddr + " --directory " + dir))
                         .awaitPort(nsAddr, port);
                 Live live = new Live(port)) {
                scope[0] = cgroup.scope;
                assertThat(Files.readString(Path.of("/proc/" + server.pid() + "/cgroup"))).contains("0::" + cgroup.path());
                long deadline = System.nanoTime() + T.toNanos();
                while (pods.pod(podUid) == null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }

                assertThat(ExternalProcess.run(T, "curl", "-sS", "http://" + nsAddr + ":" + port + "/pod.txt"))
                        .isEqualTo("in a pod\n");
                live.await(2);

                Exchange srv = live.only(Role.SERVER);
                Exchange cli = live.only(Role.CLIENT);
                ContainerIdentity expected = new ContainerIdentity(containerId, ContainerRuntime.CONTAINERD, podUid);
                assertThat(srv.pid()).isEqualTo((int) server.pid());
                assertThat(srv.cgroupId()).isEqualTo(cgroup.id());
                assertThat(srv.netns()).isEqualTo(netns.inode());
                assertThat(srv.process().container()).isEqualTo(expected);
                assertThat(cli.process().container()).isNull();
                assertThat(cli.cgroupId()).isNotEqualTo(cgroup.id());
                // The same answer from the event's cgroup id, then from the cache alone.
                ContainerResolver byCgroup = ContainerResolver.fromProc();
                assertThat(byCgroup.resolve(srv.pid(), srv.cgroupId())).isEqualTo(expected);
                assertThat(byCgroup.resolve(Integer.MAX_VALUE, srv.cgroupId())).isEqualTo(expected);

                ResourceMapper resources = ResourceMapper.builder().hostName("node-a").pods(pods).build();
                Map<String, Object> server_ = attributes(resources.resourceOf(srv));
                assertThat(server_).containsEntry("container.id", containerId)
                        .containsEntry("container.runtime.name", "containerd")
                        .containsEntry("k8s.pod.uid", podUid)
                        .containsEntry("k8s.pod.name", "api-0")
                        .containsEntry("k8s.namespace.name", "shop")
                        .containsEntry("k8s.container.name", "http")
                        .containsEntry("k8s.node.name", "node-a")
                        .containsEntry("service.name", "shop-api")
                        .containsEntry("process.pid", srv.pid());
                Map<String, Object> client_ = attributes(resources.resourceOf(cli));
                assertThat(client_).doesNotContainKeys("container.id", "container.runtime.name", "k8s.pod.uid",
                        "k8s.pod.name", "k8s.namespace.name").containsEntry("service.name", "unknown_service:curl");
                // Without the API: the cgroup alone still names the container and the pod.
                Map<String, Object> noApi = attributes(new ResourceMapper("node-a").resourceOf(srv));
                assertThat(noApi).containsEntry("container.id", containerId).containsEntry("k8s.pod.uid", podUid)
                        .doesNotContainKey("k8s.pod.name");
                assertThat((String) noApi.get("service.name")).startsWith("unknown_service:python3");
            }
        } finally {
            api.shutdown();
        }
        // Nothing left behind: the container's and the pod's cgroups are gone.
        assertThat(scope[0]).isNotNull();
        assertThat(scope[0]).doesNotExist();
        assertThat(scope[0].getParent()).doesNotExist();
    }

    private static Map<String, Object> attributes(Resource r) {
        Map<String, Object> out = new HashMap<>();
        for (KeyValue kv : r.getAttributesList()) {
            out.put(kv.getKey(), kv.getValue().hasIntValue() ? (Object) (int) kv.getValue().getIntValue()
                    : kv.getValue().getStringValue());
        }
        return out;
    }

    /** Real probes filtered on the test's port, the real reader and assembler (with /proc resolution). */
    private static final class Live implements AutoCloseable {
        private final Probes probes;
        private final RingBufferReader reader;
        private final List<Exchange> exchanges = new ArrayList<>();
        private final Thread thread;

        Live(int port) {
            ExchangeAssembler assembler = new ExchangeAssembler(ReceiverSettings.defaults(), this::add);
            probes = Probes.attach(ProbeOptions.defaults(), new ProbeFilter(Set.of(), Set.of(), Set.of(port)));
            try {
                reader = new RingBufferReader(probes, assembler, 5);
            } catch (RuntimeException e) {
                probes.close();
                throw e;
            }
            thread = Thread.ofPlatform().name("containers-reader").daemon().start(reader::run);
        }

        private synchronized void add(Exchange x) {
            exchanges.add(x);
        }

        synchronized List<Exchange> all() {
            return List.copyOf(exchanges);
        }

        void await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + T.toNanos();
            while (all().size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // one more would show up now
        }

        Exchange only(Role role) {
            List<Exchange> of = all().stream().filter(x -> x.role() == role).toList();
            assertThat(of).as(role + " exchanges in " + all()).hasSize(1);
            return of.getFirst();
        }

        @Override
        public void close() throws InterruptedException {
            reader.stop();
            thread.join(2000);
            try {
                reader.close();
            } finally {
                probes.close();
            }
        }
    }
}
