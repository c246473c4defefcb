package io.sockscope.receiver.kubernetes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A pod's owning workloads: its controller, and that controller's own (a Deployment owns the
 * ReplicaSet, a CronJob the Job), asked of the API server once per ReplicaSet or Job and cached. When
 * the API server cannot answer, a ReplicaSet named {@code <deployment>-<pod-template-hash>} still names
 * its Deployment (the hash is a label of the pod); errors are counted and not cached, so the next pod
 * asks again. Called from the informer's thread; the cache makes it safe from others too.
 */
final class OwnerResolver {
    private final KubernetesClient client;
    private final LongAdder apiErrors;
    /** "kind/namespace/name" of a ReplicaSet or Job → its owner's name, empty when it has none. */
    private final Cache<String, Optional<String>> owners = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(30)).executor(Runnable::run).build();

    OwnerResolver(KubernetesClient client, LongAdder apiErrors) {
        this.client = client;
        this.apiErrors = apiErrors;
    }

    PodOwners owners(Pod pod) {
        OwnerReference controller = controller(pod);
        if (controller == null) {
            return PodOwners.NONE;
        }
        String ns = pod.getMetadata().getNamespace();
        String name = controller.getName();
        return switch (controller.getKind()) {
            case "ReplicaSet" -> new PodOwners(deploymentOf(ns, name, pod.getMetadata().getLabels()), name, null, null, null, null);
            case "StatefulSet" -> new PodOwners(null, null, name, null, null, null);
            case "DaemonSet" -> new PodOwners(null, null, null, name, null, null);
            case "Job" -> new PodOwners(null, null, null, null, name, ownerOf("Job", ns, name, "CronJob"));
            default -> PodOwners.NONE; // bare pods, static pods (Node), custom controllers
        };
    }

    private String deploymentOf(String ns, String replicaSet, Map<String, String> podLabels) {
        String owner = ownerOf("ReplicaSet", ns, replicaSet, "Deployment");
        if (owner != null || owners.getIfPresent(key("ReplicaSet", ns, replicaSet)) != null) {
            return owner; // answered by the API server (empty: a ReplicaSet of its own)
        }
        String hash = podLabels == null ? null : podLabels.get("pod-template-hash");
        if (hash != null && replicaSet.endsWith("-" + hash)) {
            return replicaSet.substring(0, replicaSet.length() - hash.length() - 1);
        }
        return null;
    }

    /** The name of the {@code ownerKind} controlling that object, or null (unknown or none). */
    private String ownerOf(String kind, String ns, String name, String ownerKind) {
        String key = key(kind, ns, name);
        Optional<String> known = owners.getIfPresent(key);
        if (known != null) {
            return known.orElse(null);
        }
        HasMetadata object;
        try {
            object = kind.equals("ReplicaSet")
                    ? client.apps().replicaSets().inNamespace(ns).withName(name).get()
                    : client.batch().v1().jobs().inNamespace(ns).withName(name).get();
        } catch (KubernetesClientException e) {
            apiErrors.increment();
            return null;
        }
        String owner = null;
        if (object != null) {
            OwnerReference ref = controller(object);
            owner = ref != null && ownerKind.equals(ref.getKind()) ? ref.getName() : null;
        }
        owners.put(key, Optional.ofNullable(owner));
        return owner;
    }

    private static OwnerReference controller(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata() == null ? null : object.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        for (OwnerReference ref : refs) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return ref;
            }
        }
        return refs.getFirst();
    }

    private static String key(String kind, String ns, String name) {
        return kind + '/' + ns + '/' + name;
    }
}
