package io.sockscope.receiver;

import io.sockscope.receiver.container.ContainerIdentity;

/**
 * A traced process, as read from {@code /proc/<pid>} once and cached.
 *
 * @param startTimeTicks process start time (field 22 of {@code /proc/<pid>/stat}): tells a reused pid
 * @param serviceName    {@code OTEL_SERVICE_NAME} from the process environment, or null
 * @param resourceAttributes {@code OTEL_RESOURCE_ATTRIBUTES} from the process environment, or null
 * @param container      the container and Kubernetes pod it runs in (from {@code /proc/<pid>/cgroup}),
 *                       or null for a process of the host
 */
public record ProcessInfo(
        int pid,
        long startTimeTicks,
        String executableName,
        String executablePath,
        String commandLine,
        String owner,
        String serviceName,
        String resourceAttributes,
        ContainerIdentity container) {

    /** A process of the host, in no container. */
    public ProcessInfo(int pid, long startTimeTicks, String executableName, String executablePath, String commandLine,
                       String owner, String serviceName, String resourceAttributes) {
        this(pid, startTimeTicks, executableName, executablePath, commandLine, owner, serviceName, resourceAttributes, null);
    }

    public static ProcessInfo unknown(int pid) {
        return new ProcessInfo(pid, 0, null, null, null, null, null, null, null);
    }

    /** This process in {@code container} (null: on the host). */
    public ProcessInfo withContainer(ContainerIdentity container) {
        return new ProcessInfo(pid, startTimeTicks, executableName, executablePath, commandLine, owner, serviceName,
                resourceAttributes, container);
    }
}
