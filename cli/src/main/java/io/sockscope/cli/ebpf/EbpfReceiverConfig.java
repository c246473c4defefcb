package io.sockscope.cli.ebpf;

import io.sockscope.bpf.EventLayout;
import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.pipeline.aggregation.MetricAggregator;
import io.sockscope.pipeline.aggregation.Temporality;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.kubernetes.KubernetesOptions;

import java.time.Duration;
import java.util.List;

/**
 * {@code receivers: ebpf:}. With no options ({@code ebpf: {}}) it traces every process on the host
 * but Sockscope itself.
 *
 * <pre>{@code
 * receivers:
 *   ebpf:
 *     pids: [4711]                 # only these processes (in the kernel)
 *     ports: [80, 8080]            # only connections with one of these ports (in the kernel)
 *     cgroups: [/sys/fs/cgroup/unified/kubepods.slice/...]   # only tasks in these cgroup v2 dirs (in the kernel)
 *     executables: [nginx, python3]                          # only these executable names
 *     exclude: {ports: [22], executables: [sshd]}
 *     protocols: [http]            # parsed exactly; everything else is paired by direction as UNKNOWN
 *     capture_bytes: 4096          # payload prefix per socket call (0-16384)
 *     ring_buffer_mib: 32
 *     request_timeout: 10s         # a request with no response after this is a TIMEOUT span
 *     idle_timeout: 5m             # a silent connection is forgotten after this
 *     max_connections: 65536
 *     path_templating: false       # GET /users/{id} span names from ids, uuids and hashes in paths
 *     poll_interval: 20ms          # wait for events when the ring buffer is quiet (doubled after each empty look, up to 8x)
 *     cpu_priority: background     # Sockscope's threads yield the CPU to traced programs while the ring
 *                                  # buffer keeps up (SCHED_IDLE), and compete normally once it fills; or normal
 *     # Metrics, when a metrics pipeline names this receiver:
 *     metrics_interval: 10s        # how often metrics are exported
 *     metrics_temporality: cumulative   # or delta
 *     metrics_cardinality_limit: 2000   # series per metric; more go to otel.metric.overflow=true
 *     l4_metrics: true             # sockscope.tcp.* per process and peer, besides the RED metrics
 *     network_local_attributes: false   # network.local.address/port on spans (opt-in in semconv); lets the
 *                                       # servicegraph connector pair client and server spans by their connection
 *     # Pods: container.id, container.runtime.name and k8s.pod.uid come from cgroups always; names from the API:
 *     kubernetes:
 *       enabled: auto              # auto: when KUBERNETES_SERVICE_HOST or a kubeconfig is set; true; false
 *       node_name: ${env:K8S_NODE_NAME:-}   # whose pods to watch; empty: K8S_NODE_NAME, else the host name
 *       kubeconfig: /root/.kube/config    # unset: in-cluster service account, or KUBECONFIG
 *       pod_labels: [app, team]    # copied as k8s.pod.label.<key>
 *       well_known_labels: true    # app.kubernetes.io/instance and /name may name the service
 * }</pre>
 */
public record EbpfReceiverConfig(
        List<Integer> pids,
        List<Integer> ports,
        List<String> cgroups,
        List<String> executables,
        Exclude exclude,
        List<String> protocols,
        int captureBytes,
        int ringBufferMib,
        Duration requestTimeout,
        Duration idleTimeout,
        int maxConnections,
        boolean pathTemplating,
        Duration pollInterval,
        Duration metricsInterval,
        Temporality metricsTemporality,
        int metricsCardinalityLimit,
        boolean l4Metrics,
        Kubernetes kubernetes,
        boolean networkLocalAttributes,
        CpuPriority cpuPriority) implements Validated {

    /**
     * {@code cpu_priority}: {@code background} runs Sockscope's threads at SCHED_IDLE while the ring
     * buffer keeps up and at the normal policy once it fills or loses events
     * ({@link io.sockscope.bpf.BackgroundPriority}); {@code normal} keeps the normal policy always.
     */
    public enum CpuPriority { BACKGROUND, NORMAL }


    /** As before {@code network_local_attributes} and {@code cpu_priority} existed: off, and background. */
    public EbpfReceiverConfig(List<Integer> pids, List<Integer> ports, List<String> cgroups, List<String> executables,
                              Exclude exclude, List<String> protocols, int captureBytes, int ringBufferMib,
                              Duration requestTimeout, Duration idleTimeout, int maxConnections, boolean pathTemplating,
                              Duration pollInterval, Duration metricsInterval, Temporality metricsTemporality,
                              int metricsCardinalityLimit, boolean l4Metrics, Kubernetes kubernetes) {
        this(pids, ports, cgroups, executables, exclude, protocols, captureBytes, ringBufferMib, requestTimeout,
                idleTimeout, maxConnections, pathTemplating, pollInterval, metricsInterval, metricsTemporality,
                metricsCardinalityLimit, l4Metrics, kubernetes, false, CpuPriority.BACKGROUND);
    }

    /** As before {@code kubernetes} existed: with its defaults. */
    public EbpfReceiverConfig(List<Integer> pids, List<Integer> ports, List<String> cgroups, List<String> executables,
                              Exclude exclude, List<String> protocols, int captureBytes, int ringBufferMib,
                              Duration requestTimeout, Duration idleTimeout, int maxConnections, boolean pathTemplating,
                              Duration pollInterval, Duration metricsInterval, Temporality metricsTemporality,
                              int metricsCardinalityLimit, boolean l4Metrics) {
        this(pids, ports, cgroups, executables, exclude, protocols, captureBytes, ringBufferMib, requestTimeout,
                idleTimeout, maxConnections, pathTemplating, pollInterval, metricsInterval, metricsTemporality,
                metricsCardinalityLimit, l4Metrics, Kubernetes.defaults());
    }

    /** {@code kubernetes:}: pod metadata from the API server. */
    public record Kubernetes(Enabled enabled, String nodeName, String kubeconfig, List<String> podLabels,
                             boolean wellKnownLabels) {
        /** {@code enabled: auto | true | false}. */
        public enum Enabled { AUTO, TRUE, FALSE }

        public static Kubernetes defaults() {
            return new Kubernetes(Enabled.AUTO, null, null, List.of(), true);
        }

        public KubernetesOptions options() {
            KubernetesOptions.Mode mode = switch (enabled == null ? Enabled.AUTO : enabled) {
                case AUTO -> KubernetesOptions.Mode.AUTO;
                case TRUE -> KubernetesOptions.Mode.ON;
                case FALSE -> KubernetesOptions.Mode.OFF;
            };
            return new KubernetesOptions(mode, nodeName, kubeconfig);
        }
    }

    /** What not to trace, applied after the include lists. */
    public record Exclude(List<Integer> ports, List<String> executables) {
        public static Exclude defaults() {
            return new Exclude(List.of(), List.of());
        }
    }

    public static EbpfReceiverConfig defaults() {
        return new EbpfReceiverConfig(List.of(), List.of(), List.of(), List.of(), Exclude.defaults(), List.of("http"), 4096, 32,
                Duration.ofSeconds(10), Duration.ofMinutes(5), 65536, false, Duration.ofMillis(20),
                Duration.ofSeconds(10), Temporality.CUMULATIVE, MetricAggregator.DEFAULT_CARDINALITY_LIMIT, true,
                Kubernetes.defaults(), false, CpuPriority.BACKGROUND);
    }

    private static void checkPorts(List<Integer> ports, String key) {
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new InvalidValueException(key, "port " + p + " is not between 1 and 65535", "list TCP/UDP port numbers");
            }
        }
    }

    @Override
    public void validate() {
        if (captureBytes < 0 || captureBytes > EventLayout.MAX_CAPTURE) {
            throw new InvalidValueException("capture_bytes", "must be between 0 and " + EventLayout.MAX_CAPTURE,
                    "4096 holds ordinary HTTP headers; 16384 is the most one event carries");
        }
        if (ringBufferMib < 1 || ringBufferMib > 1024 || Integer.bitCount(ringBufferMib) != 1) {
            throw new InvalidValueException("ring_buffer_mib", "must be a power of two between 1 and 1024", "use 32 or 64");
        }
        checkPorts(ports, "ports");
        checkPorts(exclude.ports(), "exclude.ports");
        for (String name : protocols) {
            if (protocol(name) == null) {
                throw new InvalidValueException("protocols", "unknown protocol \"" + name + "\"", "known: http");
            }
        }
        if (maxConnections < 1) {
            throw new InvalidValueException("max_connections", "must be at least 1", "65536 suits a busy host");
        }
        positive(requestTimeout, "request_timeout");
        positive(idleTimeout, "idle_timeout");
        positive(pollInterval, "poll_interval");
        positive(metricsInterval, "metrics_interval");
        if (metricsInterval.toMillis() < 100) {
            throw new InvalidValueException("metrics_interval", "must be at least 100ms", "10s suits a dashboard; 60s is the SDK's default");
        }
        if (metricsTemporality == null) {
            throw new InvalidValueException("metrics_temporality", "must be cumulative or delta", "cumulative suits Prometheus");
        }
        if (cpuPriority == null) {
            throw new InvalidValueException("cpu_priority", "must be background or normal",
                    "background yields the CPU to traced programs while Sockscope keeps up");
        }
        if (metricsCardinalityLimit < 2) {
            throw new InvalidValueException("metrics_cardinality_limit", "must be at least 2", "2000 is the SDK's default");
        }
        if (kubernetes != null && kubernetes.podLabels() != null) {
            for (String label : kubernetes.podLabels()) {
                if (label == null || label.isBlank()) {
                    throw new InvalidValueException("kubernetes.pod_labels", "a label key is empty", "list label keys, e.g. [app, team]");
                }
            }
        }
    }

    static Protocol protocol(String name) {
        for (Protocol p : Protocol.values()) {
            if (p != Protocol.UNKNOWN && p.id().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static void positive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidValueException(key, "must be a positive duration", "for example 10s or 200ms");
        }
    }
}
