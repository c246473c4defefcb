package io.sockscope.receiver.container;

/**
 * Where a process runs, as its cgroup path tells: the container and the Kubernetes pod. At least one
 * of {@code containerId} and {@code podUid} is set.
 *
 * @param containerId the runtime's full container id (64 lowercase hex digits), or null for a process of
 *                    the pod that is in no container of its own (a runtime's {@code conmon}, a pod-level cgroup)
 * @param runtime     the runtime, or null when the path does not say (cgroupfs driver under {@code /kubepods})
 * @param podUid      the pod's uid with dashes ({@code 3d9c8f6e-2a4b-4c1d-9e8f-0123456789ab}), or null
 *                    outside Kubernetes
 */
public record ContainerIdentity(String containerId, ContainerRuntime runtime, String podUid) {
    public ContainerIdentity {
        if (containerId == null && podUid == null) {
            throw new IllegalArgumentException("a container id or a pod uid is needed");
        }
    }
}
