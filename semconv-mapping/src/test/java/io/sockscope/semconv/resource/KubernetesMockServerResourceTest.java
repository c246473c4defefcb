package io.sockscope.semconv.resource;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.container.ContainerIdentity;
import io.sockscope.receiver.container.ContainerRuntime;
import io.sockscope.receiver.kubernetes.KubernetesPods;
import io.sockscope.semconv.Attributes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** From a pod in the API server to the resource of a process in its container. */
@EnableKubernetesMockClient(crud = true)
class KubernetesMockServerResourceTest {
    static final String ID = KubernetesResourceTest.ID;
    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void podInTheApiServerNamesTheResourceAndItsChangesFollow() throws InterruptedException {
        client.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata()
                .withNamespace("shop").withName("checkout-7d4b9c").withOwnerReferences(new OwnerReferenceBuilder()
                        .withKind("Deployment").withName("checkout").withApiVersion("apps/v1").withUid("d")
                        .withController(true).build()).endMetadata().build()).create();
        Pod created = client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata()
                .withNamespace("shop").withName("checkout-7d4b9c-x2x9z")
                .withLabels(Map.of("team", "payments", "pod-template-hash", "7d4b9c"))
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("ReplicaSet").withName("checkout-7d4b9c")
                        .withApiVersion("apps/v1").withUid("rs").withController(true).build())
                .endMetadata()
                .withNewSpec().withNodeName("node-a").addNewContainer().withName("app").endContainer()
                .addNewContainer().withName("sidecar").endContainer().endSpec()
                .withNewStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app")
                        .withContainerID("containerd://" + ID).build()).endStatus()
                .build()).create();
        String uid = created.getMetadata().getUid();
        ProcessInfo process = new ProcessInfo(1234, 5678, "python3", null, null, null, null, null,
                new ContainerIdentity(ID, ContainerRuntime.CONTAINERD, uid));

        try (KubernetesPods pods = KubernetesPods.start(client, null)) {
            ResourceMapper mapper = ResourceMapper.builder().pods(pods).podLabels(List.of("team")).build();
            Supplier<Map<String, Object>> attrs = () -> Attributes.of(mapper.resourceOf(process));
            await(() -> attrs.get().containsKey("k8s.pod.name"));
            assertThat(attrs.get()).contains(
                    entry("service.name", "checkout"),
                    entry("k8s.pod.uid", uid),
                    entry("k8s.pod.name", "checkout-7d4b9c-x2x9z"),
                    entry("k8s.namespace.name", "shop"),
                    entry("k8s.container.name", "app"),
                    entry("k8s.node.name", "node-a"),
                    entry("k8s.deployment.name", "checkout"),
                    entry("k8s.replicaset.name", "checkout-7d4b9c"),
                    entry("k8s.pod.label.team", "payments"));

            client.pods().inNamespace("shop").withName("checkout-7d4b9c-x2x9z").edit(p -> {
                p.getMetadata().setLabels(Map.of("team", "billing", "app.kubernetes.io/name", "checkout-v2"));
                return p;
            });
            await(() -> "checkout-v2".equals(attrs.get().get("service.name")));
            assertThat(attrs.get()).contains(entry("k8s.pod.label.team", "billing"));
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
