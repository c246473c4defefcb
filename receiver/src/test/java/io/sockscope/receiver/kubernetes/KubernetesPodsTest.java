package io.sockscope.receiver.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sockscope.receiver.kubernetes.Pods.CONTAINER_ID;
import static io.sockscope.receiver.kubernetes.Pods.NODE;
import static io.sockscope.receiver.kubernetes.Pods.await;
import static io.sockscope.receiver.kubernetes.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class KubernetesPodsTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    /** Started without the spec.nodeName field selector: the mock server cannot evaluate it. */
    private KubernetesPods pods;

    @BeforeEach
    void start() {
        pods = KubernetesPods.start(client, NODE, false);
    }

    @AfterEach
    void stop() {
        pods.close();
        client.pods().inAnyNamespace().delete();
    }

    @Test
    void podOfThisNodeWithItsDeploymentThroughTheReplicaSet() throws InterruptedException {
        client.apps().replicaSets().inNamespace("shop").resource(Pods.replicaSet("shop", "checkout-7d4b9c", "checkout")).create();
        String u1 = Pods.create(client, pod("shop", "checkout-7d4b9c-x2x9z", "uid-1", NODE,
                Map.of("app", "checkout", "team", "payments", "pod-template-hash", "7d4b9c"),
                Map.of("resource.opentelemetry.io/service.version", "1.4.2", "unrelated", "x"),
                "ReplicaSet", "checkout-7d4b9c"));

        await("the pod", () -> pods.pod(u1) != null);
        PodMetadata p = pods.pod(u1);
        assertThat(p.name()).isEqualTo("checkout-7d4b9c-x2x9z");
        assertThat(p.namespace()).isEqualTo("shop");
        assertThat(p.nodeName()).isEqualTo(NODE);
        assertThat(p.containerName(CONTAINER_ID)).isEqualTo("app");
        assertThat(p.containerName(CONTAINER_ID.replace('8', '9'))).isEqualTo("sidecar");
        assertThat(p.owners()).isEqualTo(new PodOwners("checkout", "checkout-7d4b9c", null, null, null, null));
        assertThat(p.labels()).containsEntry("team", "payments");
        assertThat(p.resourceAnnotations()).containsExactly(Map.entry("service.version", "1.4.2"));
        assertThat(pods.watching()).isTrue();
    }

    @Test
    void podsOfOtherNodesAreLeftOut() throws InterruptedException {
        String uOther = Pods.create(client, pod("a", "elsewhere", "uid-other", "node-b", Map.of(), Map.of(), null, null));
        String uHere = Pods.create(client, pod("a", "here", "uid-here", NODE, Map.of(), Map.of(), null, null));

        await("the pod of this node", () -> pods.pod(uHere) != null);
        assertThat(pods.pod(uOther)).isNull();
        assertThat(pods.pod(uHere).owners()).isEqualTo(PodOwners.NONE);
    }

    @Test
    void otherWorkloads() throws InterruptedException {
        client.batch().v1().jobs().inNamespace("ops").resource(new JobBuilder().withNewMetadata().withNamespace("ops")
                .withName("backup-29000000").withOwnerReferences(new OwnerReferenceBuilder().withKind("CronJob")
                        .withName("backup").withApiVersion("batch/v1").withUid("cj").withController(true).build())
                .endMetadata().build()).create();
        String uJob = Pods.create(client, pod("ops", "backup-29000000-abcde", "uid-job", NODE, Map.of(), Map.of(), "Job", "backup-29000000"));
        String uSts = Pods.create(client, pod("ops", "db-0", "uid-sts", NODE, Map.of(), Map.of(), "StatefulSet", "db"));
        String uDs = Pods.create(client, pod("ops", "agent-x1", "uid-ds", NODE, Map.of(), Map.of(), "DaemonSet", "agent"));

        await("three pods", () -> pods.pod(uJob) != null && pods.pod(uSts) != null && pods.pod(uDs) != null);
        assertThat(pods.pod(uJob).owners()).isEqualTo(new PodOwners(null, null, null, null, "backup-29000000", "backup"));
        assertThat(pods.pod(uSts).owners()).isEqualTo(new PodOwners(null, null, "db", null, null, null));
        assertThat(pods.pod(uDs).owners()).isEqualTo(new PodOwners(null, null, null, "agent", null, null));
    }

    @Test
    void aChangedPodIsPickedUpAndADeletedOneKeptForAWhile() throws InterruptedException {
        String u2 = Pods.create(client, pod("shop", "cart", "uid-2", NODE, Map.of("team", "a"), Map.of(), null, null));
        await("the pod", () -> pods.pod(u2) != null);
        PodMetadata before = pods.pod(u2);

        client.pods().inNamespace("shop").withName("cart").edit(p -> {
            p.getMetadata().setLabels(Map.of("team", "b"));
            return p;
        });
        await("the new label", () -> "b".equals(pods.pod(u2).labels().get("team")));
        assertThat(pods.pod(u2)).isNotSameAs(before);

        client.pods().inNamespace("shop").withName("cart").delete();
        await("the deletion", () -> pods.podsKnown() == 0);
        assertThat(pods.pod(u2).labels()).containsEntry("team", "b");
    }

    @Test
    void replicaSetWithoutDeploymentAndReplicaSetThatCannotBeFound() throws InterruptedException {
        client.apps().replicaSets().inNamespace("x").resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withNamespace("x").withName("bare-abc12").endMetadata().build()).create();
        String uBare = Pods.create(client, pod("x", "bare-abc12-q", "uid-bare", NODE,
                Map.of("pod-template-hash", "abc12"), Map.of(), "ReplicaSet", "bare-abc12"));
        // A ReplicaSet the API server says does not exist: no deployment is made up from its name.
        String uGone = Pods.create(client, pod("x", "web-5f6d7-q", "uid-gone", NODE,
                Map.of("pod-template-hash", "5f6d7"), Map.of(), "ReplicaSet", "web-5f6d7"));

        await("the pods", () -> pods.pod(uBare) != null && pods.pod(uGone) != null);
        assertThat(pods.pod(uBare).owners().deployment()).isNull();
        assertThat(pods.pod(uBare).owners().replicaSet()).isEqualTo("bare-abc12");
        assertThat(pods.pod(uGone).owners().deployment()).isNull(); // the API said: no such ReplicaSet
    }
}
