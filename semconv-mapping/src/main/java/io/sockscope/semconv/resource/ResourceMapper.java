package io.sockscope.semconv.resource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.semconv.ServiceAttributes;
import io.opentelemetry.semconv.TelemetryAttributes;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.semconv.Instrumentation;
import io.sockscope.semconv.otlp.KeyValues;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One OTLP {@link Resource} per traced process, as that process's own OpenTelemetry SDK would
 * describe itself, plus where it runs:
 * <ul>
 *   <li>{@code service.name}: {@code OTEL_SERVICE_NAME} from the process's environment, else
 *       {@code service.name} from its {@code OTEL_RESOURCE_ATTRIBUTES}, else the spec's fallback
 *       {@code unknown_service:<process.executable.name>} ({@code unknown_service} when even that is
 *       unknown);</li>
 *   <li>{@code process.pid} (the host pid: Sockscope sees processes from the host, not from inside their
 *       PID namespace), {@code process.executable.name}, {@code process.executable.path},
 *       {@code process.command_line}, {@code process.owner}, when known;</li>
 *   <li>{@code host.name} of this host;</li>
 *   <li>{@code telemetry.distro.name} = {@value Instrumentation#DISTRO_NAME} and
 *       {@code telemetry.distro.version}. Not {@code telemetry.sdk.*}: those describe an SDK inside
 *       the process, and there is none;</li>
 *   <li>every attribute of the process's {@code OTEL_RESOURCE_ATTRIBUTES}, which wins over the detected
 *       ones above, as in the SDK (a malformed value is ignored entirely and logged once per process).</li>
 * </ul>
 *
 * <p>Resources are cached per process, keyed by (pid, start time) so a reused pid gets a new one, and
 * bounded; the same process gets the same {@code Resource} instance, which {@code SpanBatcher} groups by.
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
    static final String DISTRO_NAME = TelemetryAttributes.TELEMETRY_DISTRO_NAME.getKey();
    static final String DISTRO_VERSION = TelemetryAttributes.TELEMETRY_DISTRO_VERSION.getKey();

    private static final System.Logger LOG = System.getLogger(ResourceMapper.class.getName());
    private static final KeyValue DISTRO_NAME_KV = KeyValues.of(DISTRO_NAME, Instrumentation.DISTRO_NAME);
    private static final KeyValue DISTRO_VERSION_KV = KeyValues.of(DISTRO_VERSION, Instrumentation.VERSION);

    private record ProcessKey(int pid, long startTimeTicks) {
    }

    /** The info a resource was built from: a process whose info changed (late enrichment) is rebuilt. */
    private record Entry(ProcessInfo info, Resource resource) {
    }

    private final KeyValue hostName;
    private final Cache<ProcessKey, Entry> cache;

    /** @param hostName this host's name, for {@code host.name}; null leaves it out */
    public ResourceMapper(String hostName) {
        this(hostName, DEFAULT_MAX_PROCESSES);
    }

    public ResourceMapper(String hostName, int maxProcesses) {
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
        Entry entry = cache.getIfPresent(key);
        if (entry != null && (entry.info() == process || entry.info().equals(process))) {
            return entry.resource();
        }
        Resource resource = build(process);
        cache.put(key, new Entry(process, resource));
        return resource;
    }

    /** How many processes' resources are cached now (for tests and our own telemetry). */
    public long cachedProcesses() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Resource build(ProcessInfo p) {
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
        attrs.put(SERVICE_NAME, KeyValues.of(SERVICE_NAME, serviceName(p, env)));
        if (hostName != null) {
            attrs.put(HOST_NAME, hostName);
        }
        attrs.put(PROCESS_PID, KeyValues.of(PROCESS_PID, p.pid()));
        putIfKnown(attrs, PROCESS_EXECUTABLE_NAME, p.executableName());
        putIfKnown(attrs, PROCESS_EXECUTABLE_PATH, p.executablePath());
        putIfKnown(attrs, PROCESS_COMMAND_LINE, p.commandLine());
        putIfKnown(attrs, PROCESS_OWNER, p.owner());
        attrs.put(DISTRO_NAME, DISTRO_NAME_KV);
        attrs.put(DISTRO_VERSION, DISTRO_VERSION_KV);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().equals(SERVICE_NAME)) {
                attrs.put(e.getKey(), KeyValues.of(e.getKey(), e.getValue()));
            }
        }
        return Resource.newBuilder().addAllAttributes(attrs.values()).build();
    }

    static String serviceName(ProcessInfo p, Map<String, String> env) {
        if (p.serviceName() != null && !p.serviceName().isBlank()) {
            return p.serviceName().strip();
        }
        String fromEnv = env.get(SERVICE_NAME);
        if (fromEnv != null) {
            return fromEnv;
        }
        String exe = p.executableName();
        return exe == null || exe.isEmpty() ? "unknown_service" : "unknown_service:" + exe;
    }

    private static void putIfKnown(Map<String, KeyValue> attrs, String key, String value) {
        if (value != null && !value.isEmpty()) {
            attrs.put(key, KeyValues.of(key, value));
        }
    }
}
