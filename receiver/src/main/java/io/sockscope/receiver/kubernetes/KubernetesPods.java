package io.sockscope.receiver.kubernetes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pod metadata of one node from the API server: an informer on the pods whose {@code spec.nodeName} is
 * this node, each pod reduced to a {@link PodMetadata} when it is added or changes, owners resolved
 * then ({@link OwnerResolver}). Lookups by pod uid are a Caffeine hit and never block.
 *
 * <p>When the API server is unreachable the informer retries with back-off and the last known pods
 * keep answering: {@link #apiErrors()} counts failed calls, {@link #staleLookups()} the lookups answered
 * while the watch was down or the API server did not answer its health check (a {@code GET /version}
 * every {@link #HEALTH_INTERVAL}: a half-open watch can look alive for minutes). A deleted pod keeps answering for {@link #DELETED_GRACE} (its last
 * exchanges are still being assembled).
 *
 * <p>Threading: the informer's thread writes; any thread reads. {@link #close()} stops the informer and
 * closes the client when this instance created it.
 */
public final class KubernetesPods implements PodMetadataSource, AutoCloseable {
    public static final Duration DELETED_GRACE = Duration.ofMinutes(2);
    public static final Duration HEALTH_INTERVAL = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(KubernetesPods.class.getName());

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String nodeName;
    private final OwnerResolver ownerResolver;
    private final Cache<String, PodMetadata> pods = Caffeine.newBuilder().maximumSize(65_536)
            .executor(Runnable::run).build();
    private final Cache<String, PodMetadata> deleted = Caffeine.newBuilder().maximumSize(65_536)
            .expireAfterWrite(DELETED_GRACE).executor(Runnable::run).build();
    private final LongAdder apiErrors = new LongAdder();
    private final LongAdder staleLookups = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final ScheduledExecutorService health;
    private final long healthTimeoutNanos;
    private volatile boolean reachable = true;
    /** When the health check now running began (System.nanoTime), 0 when none runs. */
    private volatile long checkStartedNanos;
    /** The start of the overdue check already counted as an API error. */
    private final AtomicLong overdueCounted = new AtomicLong();
    private SharedIndexInformer<Pod> informer;

    private KubernetesPods(KubernetesClient client, boolean ownsClient, String nodeName, Duration healthInterval) {
        // The client retries with back-off for a long while before it gives up: an unanswered check is an answer.
        this.healthTimeoutNanos = Math.max(healthInterval.toNanos(), Duration.ofSeconds(1).toNanos());
        this.health = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("sockscope-k8s-health").daemon().unstarted(r));
        health.scheduleWithFixedDelay(this::checkHealth, healthInterval.toMillis(), healthInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        this.client = client;
        this.ownsClient = ownsClient;
        this.nodeName = nodeName;
        this.ownerResolver = new OwnerResolver(client, apiErrors);
    }

    /**
     * Starts watching the pods of {@code nodeName} (all pods when null) through {@code client}, without
     * waiting for the first list: lookups answer null until it arrives. The client stays the caller's.
     */
    public static KubernetesPods start(KubernetesClient client, String nodeName) {
        return start(client, nodeName, true);
    }

    /**
     * As {@link #start(KubernetesClient, String)}; without {@code fieldSelector} every pod is listed and
     * other nodes' are dropped here (for API servers that cannot select on {@code spec.nodeName}, such as
     * fabric8's mock server).
     */
    static KubernetesPods start(KubernetesClient client, String nodeName, boolean fieldSelector) {
        return start(client, nodeName, fieldSelector, HEALTH_INTERVAL);
    }

    static KubernetesPods start(KubernetesClient client, String nodeName, boolean fieldSelector, Duration healthInterval) {
        KubernetesPods pods = new KubernetesPods(client, false, nodeName, healthInterval);
        pods.startInformer(fieldSelector);
        return pods;
    }

    /**
     * Connects as {@code options} say, or returns null when they (and the environment) say there is no
     * cluster. A cluster that is configured but unreachable still starts: the informer keeps retrying.
     *
     * @throws IllegalStateException when the client cannot even be configured (a broken kubeconfig) and
     *                               the mode is {@link KubernetesOptions.Mode#ON}; in {@code AUTO} mode that
     *                               is logged and null returned
     */
    public static KubernetesPods connect(KubernetesOptions options, Map<String, String> env) {
        if (!options.enabled(env)) {
            return null;
        }
        KubernetesClient client = null;
        try {
            Config config = options.kubeconfig() != null && !options.kubeconfig().isBlank()
                    ? Config.fromKubeconfig(new File(options.kubeconfig()))
                    : Config.autoConfigure(null);
            client = new KubernetesClientBuilder().withConfig(config).build();
            String node = options.resolveNodeName(env, Path.of("/proc/sys/kernel/hostname"));
            KubernetesPods pods = new KubernetesPods(client, true, node, HEALTH_INTERVAL);
            pods.startInformer(true);
            return pods;
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            if (options.mode() == KubernetesOptions.Mode.ON) {
                throw new IllegalStateException("kubernetes: cannot connect to the API server: " + e.getMessage(), e);
            }
            LOG.log(System.Logger.Level.WARNING, "kubernetes: no pod metadata, container ids only: {0}", e.getMessage());
            return null;
        }
    }

    private void startInformer(boolean fieldSelector) {
        var all = client.pods().inAnyNamespace();
        informer = (nodeName == null || !fieldSelector ? all : all.withField("spec.nodeName", nodeName)).runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            apiErrors.increment();
            LOG.log(System.Logger.Level.DEBUG, "pod informer: {0}", error.toString());
            return true; // keep retrying with back-off, keep what we know meanwhile
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                put(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                put(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                String uid = uid(pod);
                if (uid != null) {
                    PodMetadata last = pods.getIfPresent(uid);
                    pods.invalidate(uid);
                    if (last != null) {
                        deleted.put(uid, last);
                    }
                }
            }
        });
        informer.start();
    }

    private void put(Pod pod) {
        String uid = uid(pod);
        // Field selectors are the server's job; a server (or proxy) that ignores them must not mix nodes in.
        if (uid == null || nodeName != null && pod.getSpec() != null && pod.getSpec().getNodeName() != null
                && !nodeName.equals(pod.getSpec().getNodeName())) {
            return;
        }
        PodMetadata previous = pods.getIfPresent(uid);
        PodMetadata next = toMetadata(pod, ownerResolver.owners(pod));
        if (!next.equals(previous)) {
            pods.put(uid, next); // unchanged pods keep their instance, so resources stay cached
            updates.increment();
        }
    }

    @Override
    public PodMetadata pod(String uid) {
        if (uid == null) {
            return null;
        }
        PodMetadata pod = pods.getIfPresent(uid);
        if (pod == null) {
            pod = deleted.getIfPresent(uid);
        }
        if (pod != null && !watching()) {
            staleLookups.increment();
        }
        return pod;
    }

    /** Calls to the API server that failed (informer list/watch and owner lookups). */
    public long apiErrors() {
        return apiErrors.sum();
    }

    /** Lookups answered from memory while the watch on the API server was down. */
    public long staleLookups() {
        return staleLookups.sum();
    }

    /** Whether the watch on the API server is up and the server answered its last health check. */
    public boolean watching() {
        long started = checkStartedNanos;
        if (started != 0 && System.nanoTime() - started > healthTimeoutNanos) {
            long counted = overdueCounted.get();
            if (counted != started && overdueCounted.compareAndSet(counted, started)) {
                apiErrors.increment();
            }
            return false;
        }
        return reachable && informer != null && informer.isWatching();
    }

    private void checkHealth() {
        long started = System.nanoTime();
        checkStartedNanos = started == 0 ? 1 : started;
        try {
            client.getKubernetesVersion();
            reachable = true;
        } catch (RuntimeException e) {
            if (overdueCounted.get() != checkStartedNanos) {
                apiErrors.increment();
            }
            reachable = false;
        } finally {
            checkStartedNanos = 0;
        }
    }

    /** Pods known now (deleted ones in their grace period not counted). */
    public long podsKnown() {
        pods.cleanUp();
        return pods.estimatedSize();
    }

    /** Pod additions and changes taken in. */
    public long podUpdates() {
        return updates.sum();
    }

    public String nodeName() {
        return nodeName;
    }

    @Override
    public void close() {
        health.shutdownNow();
        if (informer != null) {
            informer.stop();
        }
        if (ownsClient) {
            client.close();
        }
    }

    static PodMetadata toMetadata(Pod pod, PodOwners owners) {
        ObjectMeta meta = pod.getMetadata();
        Map<String, String> annotations = new HashMap<>();
        if (meta.getAnnotations() != null) {
            meta.getAnnotations().forEach((k, v) -> {
                if (k.startsWith(PodMetadata.RESOURCE_ANNOTATION_PREFIX) && v != null && !v.isBlank()
                        && k.length() > PodMetadata.RESOURCE_ANNOTATION_PREFIX.length()) {
                    annotations.put(k.substring(PodMetadata.RESOURCE_ANNOTATION_PREFIX.length()), v);
                }
            });
        }
        Map<String, String> labels = new HashMap<>();
        if (meta.getLabels() != null) {
            meta.getLabels().forEach((k, v) -> {
                if (v != null) {
                    labels.put(k, v);
                }
            });
        }
        Map<String, String> byId = new HashMap<>();
        PodStatus status = pod.getStatus();
        if (status != null) {
            addContainers(byId, status.getContainerStatuses());
            addContainers(byId, status.getInitContainerStatuses());
            addContainers(byId, status.getEphemeralContainerStatuses());
        }
        List<String> spec = new ArrayList<>();
        PodSpec podSpec = pod.getSpec();
        if (podSpec != null && podSpec.getContainers() != null) {
            for (Container c : podSpec.getContainers()) {
                spec.add(c.getName());
            }
        }
        return new PodMetadata(meta.getUid(), meta.getName(), meta.getNamespace(),
                podSpec == null ? null : podSpec.getNodeName(), labels, annotations, byId, spec, owners);
    }

    /** {@code containerd://<id>}, {@code cri-o://<id>}, {@code docker://<id>}: the id without its scheme. */
    private static void addContainers(Map<String, String> byId, List<ContainerStatus> statuses) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus s : statuses) {
            String id = s.getContainerID();
            if (id != null && s.getName() != null) {
                int scheme = id.indexOf("://");
                byId.put(scheme >= 0 ? id.substring(scheme + 3) : id, s.getName());
            }
        }
    }

    private static String uid(Pod pod) {
        return pod.getMetadata() == null ? null : pod.getMetadata().getUid();
    }
}
