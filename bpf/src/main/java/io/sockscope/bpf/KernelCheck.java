package io.sockscope.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks done before loading, so that a user reads why and what to do, not a libbpf errno. */
final class KernelCheck {
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private KernelCheck() {
    }

    static void requireAll() {
        requirePrivileges();
        requireBtf();
        requireKernelVersion();
    }

    static void requirePrivileges() {
        long caps = effectiveCapabilities();
        boolean bpf = (caps & (1L << CAP_BPF)) != 0 || (caps & (1L << CAP_SYS_ADMIN)) != 0;
        boolean perfmon = (caps & (1L << CAP_PERFMON)) != 0 || (caps & (1L << CAP_SYS_ADMIN)) != 0;
        if (!bpf || !perfmon) {
            throw new BpfException("Sockscope needs root, or the capabilities CAP_BPF and CAP_PERFMON (missing: "
                    + (bpf ? "" : "CAP_BPF ") + (perfmon ? "" : "CAP_PERFMON") + "). Run it with sudo, or grant them: "
                    + "setcap cap_bpf,cap_perfmon+ep on the java binary, or securityContext.capabilities in Kubernetes.");
        }
    }

    static void requireBtf() {
        if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) {
            throw new BpfException("This kernel exposes no BTF (/sys/kernel/btf/vmlinux is missing). Sockscope's probes are "
                    + "CO-RE and need a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distributions since 2021).");
        }
    }

    static void requireKernelVersion() {
        String release = System.getProperty("os.version", "0.0");
        int[] v = parseVersion(release);
        // tp_btf/sock_send_length and sock_recv_length appeared in 6.3; bpf_loop in 5.17.
        if (v[0] < 6 || (v[0] == 6 && v[1] < 3)) {
            throw new BpfException("Kernel " + release + " is too old: Sockscope needs Linux 6.3 or newer "
                    + "(for the sock_send_length/sock_recv_length tracepoints).");
        }
    }

    static int[] parseVersion(String release) {
        String[] parts = release.split("[.-]");
        int major = parts.length > 0 ? parseInt(parts[0]) : 0;
        int minor = parts.length > 1 ? parseInt(parts[1]) : 0;
        return new int[] {major, minor};
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long effectiveCapabilities() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: treat as no capabilities, the message tells the user what is needed
        }
        return 0;
    }
}
