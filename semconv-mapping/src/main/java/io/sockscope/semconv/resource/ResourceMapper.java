package io.sockscope.semconv.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.semconv.ServiceAttributes;
import io.opentelemetry.semconv.TelemetryAttributes;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.container.ContainerIdentity;
import io.sockscope.receiver.kubernetes.PodMetadata;
import io.sockscope.receiver.kubernetes.PodMetadataSource;
import io.sockscope.receiver.kubernetes.PodOwners;
import io.sockscope.semconv.Instrumentation;
import io.sockscope.semconv.otlp.KeyValues;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OTLP {@link Resource} per traced process, as that process's own OpenTelemetry SDK would
 * describe itself, plus where it runs:
 * <ul>
 *   <li>{@code service.name}, the first found of: {@code OTEL_SERVICE_NAME} from the process's
 *       environment, {@code service.name} from its {@code OTEL_RESOURCE_ATTRIBUTES}, then, in a pod, as the
 *       semantic conventions order it for Kubernetes: the pod's annotation
 *       {@code resource.opentelemetry.io/service.name}, its labels {@code app.kubernetes.io/instance} and
 *       {@code app.kubernetes.io/name} (unless well-known labels are turned off), the owning workload
 *       (Deployment, ReplicaSet, StatefulSet, DaemonSet, CronJob, Job), the pod's name, the container's
 *       name; else the spec's fallback {@code unknown_service:<process.executable.name>}
 *       ({@code unknown_service} when even that is unknown);</li>
 *   <li>{@code process.pid} (the host pid: Sockscope sees processes from the host, not from inside their
 *       PID namespace), {@code process.executable.name}, {@code process.executable.path},
 *       {@code process.command_line}, {@code process.owner}, when known;</li>
 *   <li>{@code host.name} of this host;</li>
 *   <li>in a container: {@code container.id}, {@code container.runtime.name}; in a pod {@code k8s.pod.uid},
 *       and when the pod's metadata is known ({@link PodMetadataSource}) {@code k8s.pod.name},
 *       {@code k8s.namespace.name}, {@code k8s.container.name}, {@code k8s.node.name}, the owning
 *       workloads' {@code k8s.*.name}, {@code k8s.pod.label.<key>} for the configured labels,
 *       {@code service.namespace} (annotation, else the namespace) and {@code service.instance.id}
 *       ({@code <namespace>.<pod>.<container>}), and every {@code resource.opentelemetry.io/<key>}
 *       annotation as {@code <key>};</li>
 *   <li>{@code telemetry.distro.name} = {@value Instrumentation#DISTRO_NAME} and
 *       {@code telemetry.distro.version}. Not {@code telemetry.sdk.*}: those describe an SDK inside
 *       the process, and there is none;</li>
 *   <li>every attribute of the process's {@code OTEL_RESOURCE_ATTRIBUTES}, which wins over the detected
 *       ones above, as in the SDK (a malformed value is ignored entirely and logged once per process).</li>
 * </ul>
 *
 * <p>Resources are cached per process, keyed by (pid, start time) so a reused pid gets a new one, and
 * bounded; the same process gets the same {@code Resource} instance, which {@code SpanBatcher} groups by.
 * A pod whose metadata changes (a new {@link PodMetadata} instance) gets its resources rebuilt.
 * Thread-safe.
 */
public final class ResourceMapper {
    /** Processes whose resources are kept by default. */
    public static final int DEFAULT_MAX_PROCESSES = 4096;

    static final String SERVICE_NAME = ServiceAttributes.SERVICE_NAME.getKey();
    static final String HOST_NAME = "host.name";
    static final String PROCESS_PID = "process.pid";
    static final String PROCESS_EXECUTABLE_NAME = "process.executable.name";
    static final String PROCESS_EXECUTABLE_PATH = "process.executable.path";
    static final String PROCESS_COMMAND_LINE = "process.command_line";
    static final String PROCESS_OWNER = "process.owner";
    static final String SERVICE_NAMESPACE = "service.namespace";
    static final String SERVICE_INSTANCE_ID = "service.instance.id";
    static final String CONTAINER_ID = "container.id";
    static final String CONTAINER_RUNTIME_NAME = "container.runtime.name";
    static final String K8S_POD_UID = "k8s.pod.uid";
    static final String K8S_POD_NAME = "k8s.pod.name";
    static final String K8S_NAMESPACE_NAME = "k8s.namespace.name";
    static final String K8S_CONTAINER_NAME = "k8s.container.name";
    static final String K8S_NODE_NAME = "k8s.node.name";
    static final String K8S_DEPLOYMENT_NAME = "k8s.deployment.name";
    static final String K8S_REPLICASET_NAME = "k8s.replicaset.name";
    static final String K8S_STATEFULSET_NAME = "k8s.statefulset.name";
    static final String K8S_DAEMONSET_NAME = "k8s.daemonset.name";
    static final String K8S_JOB_NAME = "k8s.job.name";
    static final String K8S_CRONJOB_NAME = "k8s.cronjob.name";
    static final String K8S_POD_LABEL_PREFIX = "k8s.pod.label.";
    static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    static final String LABEL_NAME = "app.kubernetes.io/name";
    static final String DISTRO_NAME = TelemetryAttributes.TELEMETRY_DISTRO_NAME.getKey();
    static final String DISTRO_VERSION = TelemetryAttributes.TELEMETRY_DISTRO_VERSION.getKey();

    private static final System.Logger LOG = System.getLogger(ResourceMapper.class.getName());
    private static final KeyValue DISTRO_NAME_KV = KeyValues.of(DISTRO_NAME, Instrumentation.DISTRO_NAME);
    private static final KeyValue DISTRO_VERSION_KV = KeyValues.of(DISTRO_VERSION, Instrumentation.VERSION);

    private record ProcessKey(int pid, long startTimeTicks) {
    }

    /**
     * The info and pod a resource was built from: a process whose info changed (late enrichment) or whose
     * pod changed is rebuilt.
     */
    private record Entry(ProcessInfo info, PodMetadata pod, Resource resource) {
    }

    private final KeyValue hostName;
    private final Cache<ProcessKey, Entry> cache;
    private final PodMetadataSource pods;
    private final List<String> podLabels;
    private final boolean wellKnownLabels;

    /** @param hostName this host's name, for {@code host.name}; null leaves it out */
    public ResourceMapper(String hostName) {
        this(hostName, DEFAULT_MAX_PROCESSES);
    }

    public ResourceMapper(String hostName, int maxProcesses) {
        this(builder().hostName(hostName).maxProcesses(maxProcesses));
    }

    private ResourceMapper(Builder b) {
        String hostName = b.hostName;
        int maxProcesses = b.maxProcesses;
        this.pods = b.pods;
        this.podLabels = List.copyOf(b.podLabels);
        this.wellKnownLabels = b.wellKnownLabels;
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("maxProcesses must be at least 1, got " + maxProcesses);
        }
        this.hostName = hostName == null ? null : KeyValues.of(HOST_NAME, hostName);
        // Maintenance (eviction) on the calling thread: no hidden pool work, and a bound that holds.
        this.cache = Caffeine.newBuilder().maximumSize(maxProcesses).executor(Runnable::run).build();
    }

    /** The resource of the process that made this exchange ({@code process()} may be null). */
    public Resource resourceOf(Exchange exchange) {
        ProcessInfo process = exchange.process();
        return resourceOf(process != null ? process : ProcessInfo.unknown(exchange.pid()));
    }

    public Resource resourceOf(ProcessInfo process) {
        ProcessKey key = new ProcessKey(process.pid(), process.startTimeTicks());
        ContainerIdentity container = process.container();
        PodMetadata pod = container == null || container.podUid() == null ? null : pods.pod(container.podUid());
        Entry entry = cache.getIfPresent(key);
        if (entry != null && entry.pod() == pod && (entry.info() == process || entry.info().equals(process))) {
            return entry.resource();
        }
        Resource resource = build(process, pod);
        cache.put(key, new Entry(process, pod, resource));
        return resource;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Knobs of a {@link ResourceMapper}; every one has a default. */
    public static final class Builder {
        private String hostName;
        private int maxProcesses = DEFAULT_MAX_PROCESSES;
        private PodMetadataSource pods = PodMetadataSource.none();
        private List<String> podLabels = List.of();
        private boolean wellKnownLabels = true;

        private Builder() {
        }

        /** This host's name, for {@code host.name}; null (the default) leaves it out. */
        public Builder hostName(String hostName) {
            this.hostName = hostName;
            return this;
        }

        public Builder maxProcesses(int maxProcesses) {
            this.maxProcesses = maxProcesses;
            return this;
        }

        /** Where pod metadata comes from; by default none (container ids and pod uids only). */
        public Builder pods(PodMetadataSource pods) {
            this.pods = pods == null ? PodMetadataSource.none() : pods;
            return this;
        }

        /** Pod labels copied as {@code k8s.pod.label.<key>}. */
        public Builder podLabels(List<String> podLabels) {
            this.podLabels = podLabels == null ? List.of() : podLabels;
            return this;
        }

        /**
         * Whether {@code app.kubernetes.io/instance} and {@code app.kubernetes.io/name} may name the service
         * (default true; the semantic conventions ask tools to let users turn that off).
         */
        public Builder wellKnownLabels(boolean wellKnownLabels) {
            this.wellKnownLabels = wellKnownLabels;
            return this;
        }

        public ResourceMapper build() {
            return new ResourceMapper(this);
        }
    }

    /** How many processes' resources are cached now (for tests and our own telemetry). */
    public long cachedProcesses() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Resource build(ProcessInfo p, PodMetadata pod) {
        Map<String, String> env = Map.of();
        if (p.resourceAttributes() != null) {
            try {
                env = OtelResourceAttributes.parse(p.resourceAttributes());
            } catch (OtelResourceAttributes.MalformedException e) {
                LOG.log(System.Logger.Level.WARNING,
                        "pid {0}: ignoring its OTEL_RESOURCE_ATTRIBUTES: {1}", p.pid(), e.getMessage());
            }
        }

        Map<String, KeyValue> attrs = new LinkedHashMap<>();
        ContainerIdentity container = p.container();
        String containerName = pod == null || container == null ? null : pod.containerName(container.containerId());
        attrs.put(SERVICE_NAME, KeyValues.of(SERVICE_NAME, serviceName(p, env, pod, containerName, wellKnownLabels)));
        if (pod != null) {
            String ns = pod.resourceAnnotations().getOrDefault(SERVICE_NAMESPACE, pod.namespace());
            putIfKnown(attrs, SERVICE_NAMESPACE, ns);
        }
        if (hostName != null) {
            attrs.put(HOST_NAME, hostName);
        }
        attrs.put(PROCESS_PID, KeyValues.of(PROCESS_PID, p.pid()));
        putIfKnown(attrs, PROCESS_EXECUTABLE_NAME, p.executableName());
        putIfKnown(attrs, PROCESS_EXECUTABLE_PATH, p.executablePath());
        putIfKnown(attrs, PROCESS_COMMAND_LINE, p.commandLine());
        putIfKnown(attrs, PROCESS_OWNER, p.owner());
        if (container != null) {
            putIfKnown(attrs, CONTAINER_ID, container.containerId());
            putIfKnown(attrs, CONTAINER_RUNTIME_NAME, container.runtime() == null ? null : container.runtime().semconvName());
            putIfKnown(attrs, K8S_POD_UID, container.podUid());
        }
        if (pod != null) {
            putPod(attrs, pod, containerName);
        }
        attrs.put(DISTRO_NAME, DISTRO_NAME_KV);
        attrs.put(DISTRO_VERSION, DISTRO_VERSION_KV);
        if (pod != null) {
            // resource.opentelemetry.io/<key> annotations: over what was detected, under the process's own
            for (Map.Entry<String, String> e : pod.resourceAnnotations().entrySet()) {
                if (!e.getKey().equals(SERVICE_NAME)) {
                    attrs.put(e.getKey(), KeyValues.of(e.getKey(), e.getValue()));
                }
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().equals(SERVICE_NAME)) {
                attrs.put(e.getKey(), KeyValues.of(e.getKey(), e.getValue()));
            }
        }
        return Resource.newBuilder().addAllAttributes(attrs.values()).build();
    }

    private void putPod(Map<String, KeyValue> attrs, PodMetadata pod, String containerName) {
        putIfKnown(attrs, K8S_POD_NAME, pod.name());
        putIfKnown(attrs, K8S_NAMESPACE_NAME, pod.namespace());
        putIfKnown(attrs, K8S_CONTAINER_NAME, containerName);
        putIfKnown(attrs, K8S_NODE_NAME, pod.nodeName());
        PodOwners o = pod.owners();
        putIfKnown(attrs, K8S_DEPLOYMENT_NAME, o.deployment());
        putIfKnown(attrs, K8S_REPLICASET_NAME, o.replicaSet());
        putIfKnown(attrs, K8S_STATEFULSET_NAME, o.statefulSet());
        putIfKnown(attrs, K8S_DAEMONSET_NAME, o.daemonSet());
        putIfKnown(attrs, K8S_JOB_NAME, o.job());
        putIfKnown(attrs, K8S_CRONJOB_NAME, o.cronJob());
        for (String label : podLabels) {
            putIfKnown(attrs, K8S_POD_LABEL_PREFIX + label, pod.labels().get(label));
        }
        if (pod.namespace() != null && pod.name() != null && containerName != null) {
            attrs.put(SERVICE_INSTANCE_ID, KeyValues.of(SERVICE_INSTANCE_ID,
                    pod.namespace() + '.' + pod.name() + '.' + containerName));
        }
    }

    static String serviceName(ProcessInfo p, Map<String, String> env) {
        return serviceName(p, env, null, null, true);
    }

    /** The order in the class javadoc; {@code pod} and {@code containerName} may be null. */
    static String serviceName(ProcessInfo p, Map<String, String> env, PodMetadata pod, String containerName,
                              boolean wellKnownLabels) {
        if (p.serviceName() != null && !p.serviceName().isBlank()) {
            return p.serviceName().strip();
        }
        String fromEnv = env.get(SERVICE_NAME);
        if (fromEnv != null) {
            return fromEnv;
        }
        if (pod != null) {
            String name = firstNonBlank(
                    pod.resourceAnnotations().get(SERVICE_NAME),
                    wellKnownLabels ? pod.labels().get(LABEL_INSTANCE) : null,
                    wellKnownLabels ? pod.labels().get(LABEL_NAME) : null,
                    pod.owners().workloadName(),
                    pod.name(),
                    containerName);
            if (name != null) {
                return name;
            }
        }
        String exe = p.executableName();
        return exe == null || exe.isEmpty() ? "unknown_service" : "unknown_service:" + exe;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static void putIfKnown(Map<String, KeyValue> attrs, String key, String value) {
        if (value != null && !value.isEmpty()) {
            attrs.put(key, KeyValues.of(key, value));
        }
    }
}
