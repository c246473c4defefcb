package io.sockscope.semconv.resource;

import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.container.ContainerIdentity;
import io.sockscope.receiver.container.ContainerRuntime;
import io.sockscope.receiver.kubernetes.PodMetadata;
import io.sockscope.receiver.kubernetes.PodOwners;
import io.sockscope.semconv.Attributes;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** container.*, k8s.* and the Kubernetes order of service.name, from hand-made pod metadata. */
class KubernetesResourceTest {
    static final String ID = "8f1a3c5e7b9d0f2a4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f";
    static final String UID = "3d9c8f6e-2a4b-4c1d-9e8f-0123456789ab";
    static final ContainerIdentity IN_POD = new ContainerIdentity(ID, ContainerRuntime.CONTAINERD, UID);

    static ProcessInfo process(String otelServiceName, String resourceAttributes, ContainerIdentity container) {
        return new ProcessInfo(1234, 5678, "python3", "/usr/bin/python3", "python3 app.py", "root",
                otelServiceName, resourceAttributes, container);
    }

    static PodMetadata pod(Map<String, String> labels, Map<String, String> annotations, PodOwners owners) {
        return new PodMetadata(UID, "checkout-7d4b9c-x2x9z", "shop", "node-a", labels, annotations,
                Map.of(ID, "app"), List.of("app", "sidecar"), owners);
    }

    static final PodOwners DEPLOYMENT = new PodOwners("checkout", "checkout-7d4b9c", null, null, null, null);

    private static String serviceName(ProcessInfo p, PodMetadata pod) {
        ResourceMapper mapper = ResourceMapper.builder().pods(uid -> uid.equals(UID) ? pod : null).build();
        return (String) Attributes.of(mapper.resourceOf(p)).get("service.name");
    }

    @Test
    void containerAndPodUidWithoutMetadata() {
        ResourceMapper mapper = ResourceMapper.builder().hostName("node-a").build();
        assertThat(Attributes.of(mapper.resourceOf(process(null, null, IN_POD)))).contains(
                entry("service.name", "unknown_service:python3"),
                entry("container.id", ID),
                entry("container.runtime.name", "containerd"),
                entry("k8s.pod.uid", UID)).doesNotContainKeys("k8s.pod.name", "k8s.namespace.name");
        assertThat(Attributes.of(mapper.resourceOf(process(null, null, new ContainerIdentity(ID, null, null)))))
                .contains(entry("container.id", ID)).doesNotContainKeys("container.runtime.name", "k8s.pod.uid");
        assertThat(Attributes.of(mapper.resourceOf(process(null, null, null))))
                .doesNotContainKeys("container.id", "k8s.pod.uid");
    }

    @Test
    void everyPodAttribute() {
        PodMetadata pod = pod(Map.of("app", "checkout", "team", "payments", "pod-template-hash", "7d4b9c"),
                Map.of("service.version", "1.4.2"), DEPLOYMENT);
        ResourceMapper mapper = ResourceMapper.builder().hostName("node-a").podLabels(List.of("team", "missing"))
                .pods(uid -> pod).build();
        Map<String, Object> attrs = Attributes.of(mapper.resourceOf(process(null, null, IN_POD)));
        assertThat(attrs).contains(
                entry("service.name", "checkout"),
                entry("service.namespace", "shop"),
                entry("container.id", ID),
                entry("k8s.pod.uid", UID),
                entry("k8s.pod.name", "checkout-7d4b9c-x2x9z"),
                entry("k8s.namespace.name", "shop"),
                entry("k8s.container.name", "app"),
                entry("k8s.node.name", "node-a"),
                entry("k8s.deployment.name", "checkout"),
                entry("k8s.replicaset.name", "checkout-7d4b9c"),
                entry("k8s.pod.label.team", "payments"),
                entry("service.instance.id", "shop.checkout-7d4b9c-x2x9z.app"),
                entry("service.version", "1.4.2"))
                .doesNotContainKeys("k8s.pod.label.missing", "k8s.pod.label.app", "k8s.statefulset.name");
    }

    @Test
    void serviceNameInTheDocumentedOrder() {
        Map<String, String> labels = new HashMap<>(Map.of("app.kubernetes.io/instance", "checkout-eu",
                "app.kubernetes.io/name", "checkout-svc"));
        Map<String, String> annotations = Map.of("service.name", "checkout-annotated");
        PodMetadata all = pod(labels, annotations, DEPLOYMENT);

        assertThat(serviceName(process("from-env", "service.name=from-attrs", IN_POD), all)).isEqualTo("from-env");
        assertThat(serviceName(process(null, "service.name=from-attrs", IN_POD), all)).isEqualTo("from-attrs");
        assertThat(serviceName(process(null, null, IN_POD), all)).isEqualTo("checkout-annotated");
        assertThat(serviceName(process(null, null, IN_POD), pod(labels, Map.of(), DEPLOYMENT))).isEqualTo("checkout-eu");
        labels.remove("app.kubernetes.io/instance");
        assertThat(serviceName(process(null, null, IN_POD), pod(labels, Map.of(), DEPLOYMENT))).isEqualTo("checkout-svc");
        assertThat(serviceName(process(null, null, IN_POD), pod(Map.of(), Map.of(), DEPLOYMENT))).isEqualTo("checkout");
        assertThat(serviceName(process(null, null, IN_POD), pod(Map.of(), Map.of(),
                new PodOwners(null, "bare-rs", null, null, null, null)))).isEqualTo("bare-rs");
        assertThat(serviceName(process(null, null, IN_POD), pod(Map.of(), Map.of(),
                new PodOwners(null, null, "db", null, null, null)))).isEqualTo("db");
        assertThat(serviceName(process(null, null, IN_POD), pod(Map.of(), Map.of(),
                new PodOwners(null, null, null, "agent", null, null)))).isEqualTo("agent");
        assertThat(serviceName(process(null, null, IN_POD), pod(Map.of(), Map.of(),
                new PodOwners(null, null, null, null, "backup-29000000", "backup")))).isEqualTo("backup");
        assertThat(serviceName(process(null, null, IN_POD), pod(Map.of(), Map.of(),
                new PodOwners(null, null, null, null, "migrate", null)))).isEqualTo("migrate");
        assertThat(serviceName(process(null, null, IN_POD), pod(Map.of(), Map.of(), PodOwners.NONE)))
                .isEqualTo("checkout-7d4b9c-x2x9z");
        assertThat(serviceName(process(null, null, IN_POD), null)).isEqualTo("unknown_service:python3");
    }

    @Test
    void wellKnownLabelsCanBeTurnedOff() {
        PodMetadata pod = pod(Map.of("app.kubernetes.io/name", "checkout-svc"), Map.of(), DEPLOYMENT);
        ResourceMapper mapper = ResourceMapper.builder().wellKnownLabels(false).pods(uid -> pod).build();
        assertThat(Attributes.of(mapper.resourceOf(process(null, null, IN_POD)))).contains(entry("service.name", "checkout"));
    }

    @Test
    void processResourceAttributesWinOverAnnotations() {
        PodMetadata pod = pod(Map.of(), Map.of("service.version", "1.0", "deployment.environment.name", "prod"), DEPLOYMENT);
        ResourceMapper mapper = ResourceMapper.builder().pods(uid -> pod).build();
        assertThat(Attributes.of(mapper.resourceOf(process(null, "service.version=2.0", IN_POD))))
                .contains(entry("service.version", "2.0"), entry("deployment.environment.name", "prod"));
    }

    @Test
    void aChangedPodRebuildsTheResourceAndAnUnchangedOneKeepsIt() {
        PodMetadata[] current = {null};
        ResourceMapper mapper = ResourceMapper.builder().pods(uid -> current[0]).build();
        ProcessInfo p = process(null, null, IN_POD);
        var before = mapper.resourceOf(p);
        assertThat(mapper.resourceOf(p)).isSameAs(before);
        assertThat(Attributes.of(before)).doesNotContainKey("k8s.pod.name");

        current[0] = pod(Map.of(), Map.of(), DEPLOYMENT); // the informer caught up
        var named = mapper.resourceOf(p);
        assertThat(Attributes.of(named)).contains(entry("k8s.pod.name", "checkout-7d4b9c-x2x9z"));
        assertThat(mapper.resourceOf(p)).isSameAs(named);

        current[0] = pod(Map.of("app.kubernetes.io/name", "renamed"), Map.of(), DEPLOYMENT);
        assertThat(Attributes.of(mapper.resourceOf(p))).contains(entry("service.name", "renamed"));
    }
}
