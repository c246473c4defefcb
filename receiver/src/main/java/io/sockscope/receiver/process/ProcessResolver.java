package io.sockscope.receiver.process;

import io.sockscope.receiver.ProcessInfo;

import java.nio.file.Path;
import java.time.Duration;

/** Who a pid is: executable, command line, owner, OpenTelemetry environment. */
public interface ProcessResolver {
    /**
     * @param pid  host pid
     * @param comm the task's command name from the event, used as the name when the process already
     *             exited; may be null
     * @return never null: {@link ProcessInfo#unknown(int)} (named {@code comm} when given) when nothing can be read
     */
    ProcessInfo resolve(int pid, String comm);

    /** Reads {@code /proc} and {@code /etc/passwd}, caching per pid (see {@link ProcfsProcessResolver}). */
    static ProcessResolver fromProc() {
        return new ProcfsProcessResolver(Path.of("/proc"), Path.of("/etc/passwd"), Duration.ofSeconds(2), 16384,
                System::nanoTime);
    }

    /** Resolves nothing: every process is known by its pid and event comm only. */
    static ProcessResolver none() {
        return (pid, comm) -> ProcfsProcessResolver.unknown(pid, comm);
    }
}
