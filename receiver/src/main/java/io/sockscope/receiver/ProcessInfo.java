package io.sockscope.receiver;

/**
 * A traced process, as read from {@code /proc/<pid>} once and cached.
 *
 * @param startTimeTicks process start time (field 22 of {@code /proc/<pid>/stat}): tells a reused pid
 * @param serviceName    {@code OTEL_SERVICE_NAME} from the process environment, or null
 * @param resourceAttributes {@code OTEL_RESOURCE_ATTRIBUTES} from the process environment, or null
 */
public record ProcessInfo(
        int pid,
        long startTimeTicks,
        String executableName,
        String executablePath,
        String commandLine,
        String owner,
        String serviceName,
        String resourceAttributes) {

    public static ProcessInfo unknown(int pid) {
        return new ProcessInfo(pid, 0, null, null, null, null, null, null);
    }
}
