package io.sockscope.receiver.container;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the container and pod out of a cgroup path, for the systemd and cgroupfs cgroup drivers:
 * <pre>
 * containerd (CRI)  /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod&lt;uid_with_underscores&gt;.slice/cri-containerd-&lt;id&gt;.scope
 * CRI-O             .../kubepods-besteffort-pod&lt;uid&gt;.slice/crio-&lt;id&gt;.scope (and crio-conmon-&lt;id&gt;.scope, crio-&lt;id&gt;.scope/container)
 * cgroupfs driver   /kubepods/besteffort/pod&lt;uid&gt;/&lt;id&gt;, /kubepods/pod&lt;uid&gt;/&lt;id&gt; (Guaranteed QoS)
 * Docker            /system.slice/docker-&lt;id&gt;.scope, /docker/&lt;id&gt;
 * Podman            /machine.slice/libpod-&lt;id&gt;.scope, /user.slice/.../libpod-&lt;id&gt;.scope, /libpod_parent/libpod-&lt;id&gt;
 * nerdctl           /system.slice/nerdctl-&lt;id&gt;.scope, /default/&lt;id&gt; (containerd without Kubernetes)
 * kind              /kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort-pod&lt;uid&gt;.slice/cri-containerd-&lt;id&gt;.scope
 * </pre>
 * Ids are the 64 hex digits every one of these runtimes uses. The deepest container segment wins:
 * runtimes nest a {@code container} or {@code init.scope} leaf below the container's scope. A
 * {@code conmon} scope is the runtime's monitor, not the container: it gets the pod, not the container id.
 * Stateless and thread-safe.
 */
public final class CgroupPath {
    private static final String HEX64 = "([0-9a-f]{64})";
    /** A container's own segment: the runtime's prefix (or none), the id, an optional {@code .scope}. */
    private static final Pattern CONTAINER = Pattern.compile(
            "(cri-containerd-|crio-conmon-|crio-|docker-|libpod-conmon-|libpod-|nerdctl-)?" + HEX64 + "(\\.scope)?");
    /** systemd driver: {@code kubepods-pod<uid>.slice}, {@code kubepods-besteffort-pod<uid>.slice}. */
    private static final Pattern POD_SLICE = Pattern.compile(
            "(?:kubelet-)?kubepods(?:-besteffort|-burstable|-guaranteed)?-pod([0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12})\\.slice");
    /** cgroupfs driver: {@code pod<uid>} below {@code kubepods}. */
    private static final Pattern POD_DIR = Pattern.compile(
            "pod([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private CgroupPath() {
    }

    /** The container and pod of one cgroup path (the part after the second colon of a {@code /proc/<pid>/cgroup} line), or null. */
    public static ContainerIdentity parse(String path) {
        if (path == null || path.length() < 64) {
            return null; // shorter than any id: the common case of host processes, decided without a split
        }
        String[] segments = path.split("/");
        String podUid = null;
        boolean underKubepods = false;
        String id = null;
        ContainerRuntime runtime = null;
        boolean conmon = false;
        String parent = "";
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("kubepods") || segment.startsWith("kubepods.") || segment.startsWith("kubepods-")
                    || segment.startsWith("kubelet-kubepods")) {
                underKubepods = true;
                Matcher pod = POD_SLICE.matcher(segment);
                if (pod.matches()) {
                    podUid = pod.group(1).replace('_', '-');
                }
            } else if (underKubepods && podUid == null && segment.startsWith("pod")) {
                Matcher pod = POD_DIR.matcher(segment);
                if (pod.matches()) {
                    podUid = pod.group(1);
                }
            } else {
                Matcher c = CONTAINER.matcher(segment);
                if (c.matches()) {
                    String prefix = c.group(1);
                    // A bare id is a container only below a parent that says so.
                    if (prefix != null || underKubepods || parent.equals("docker") || parent.equals("default")
                            || parent.equals("libpod_parent")) {
                        id = c.group(2);
                        conmon = prefix != null && prefix.contains("conmon");
                        runtime = runtime(prefix, parent);
                    }
                }
            }
            parent = segment;
        }
        if (conmon) {
            id = null;
        }
        if (id == null && podUid == null) {
            return null;
        }
        return new ContainerIdentity(id, runtime, podUid);
    }

    /**
     * The container and pod of a process from the text of {@code /proc/<pid>/cgroup}: the cgroup v2 line
     * ({@code 0::/path}) first, then the v1 lines of a hybrid host in their order (with Docker's cgroupfs
     * driver there, the v2 path says nothing and {@code memory}, {@code cpu} and the rest name the container).
     *
     * @return null when no line names a container or pod
     */
    public static ContainerIdentity fromProcCgroup(String text) {
        return fromProcCgroup(text, null);
    }

    /** As {@link #fromProcCgroup(String)}; {@code v2PathOut[0]} receives the cgroup v2 path when non-null. */
    static ContainerIdentity fromProcCgroup(String text, String[] v2PathOut) {
        if (text == null) {
            return null;
        }
        String v2 = null;
        int start = 0;
        int n = text.length();
        while (start < n && v2 == null) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            if (text.startsWith("0::", start)) {
                v2 = text.substring(start + 3, end);
            }
            start = end + 1;
        }
        if (v2PathOut != null) {
            v2PathOut[0] = v2;
        }
        ContainerIdentity fromV2 = parse(v2);
        if (fromV2 != null && fromV2.containerId() != null) {
            return fromV2;
        }
        start = 0;
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            if (!text.startsWith("0::", start)) {
                int colon = text.indexOf(':', start);
                int second = colon < 0 || colon >= end ? -1 : text.indexOf(':', colon + 1);
                if (second >= 0 && second < end) {
                    ContainerIdentity v1 = parse(text.substring(second + 1, end));
                    if (v1 != null && (v1.containerId() != null || fromV2 == null)) {
                        return v1;
                    }
                }
            }
            start = end + 1;
        }
        return fromV2;
    }

    private static ContainerRuntime runtime(String prefix, String parent) {
        if (prefix == null) {
            return switch (parent) {
                case "docker" -> ContainerRuntime.DOCKER;
                case "default" -> ContainerRuntime.CONTAINERD;
                default -> null; // cgroupfs below kubepods: containerd, CRI-O and cri-dockerd look alike
            };
        }
        return switch (prefix) {
            case "cri-containerd-", "nerdctl-" -> ContainerRuntime.CONTAINERD;
            case "crio-", "crio-conmon-" -> ContainerRuntime.CRI_O;
            case "docker-" -> ContainerRuntime.DOCKER;
            default -> ContainerRuntime.PODMAN; // libpod-, libpod-conmon-
        };
    }
}
