package io.sockscope.receiver.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Pods and owners as the API server returns them, and a wait for the informer. */
public final class Pods {
    public static final String NODE = "node-a";
    public static final String CONTAINER_ID = "8f1a3c5e7b9d0f2a4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f";

    private Pods() {
    }

    public static Pod pod(String ns, String name, String uid, String node, Map<String, String> labels,
                          Map<String, String> annotations, String ownerKind, String ownerName) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(uid)
                .withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("shop:1").endContainer()
                .addNewContainer().withName("sidecar").withImage("envoy:1").endContainer().endSpec()
                .withNewStatus().withContainerStatuses(
                        new ContainerStatusBuilder().withName("app").withContainerID("containerd://" + CONTAINER_ID).build(),
                        new ContainerStatusBuilder().withName("sidecar").withContainerID("containerd://" + CONTAINER_ID.replace('8', '9')).build())
                .endStatus();
        if (ownerKind != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withKind(ownerKind).withName(ownerName)
                    .withApiVersion("apps/v1").withUid(ownerName + "-uid").withController(true).build()).endMetadata();
        }
        return b.build();
    }

    /** Creates the pod and returns its uid: the mock server assigns its own. */
    public static String create(io.fabric8.kubernetes.client.KubernetesClient client, Pod pod) {
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create().getMetadata().getUid();
    }

    public static ReplicaSet replicaSet(String ns, String name, String deployment) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("Deployment").withName(deployment)
                        .withApiVersion("apps/v1").withUid(deployment + "-uid").withController(true).build())
                .endMetadata().build();
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
