package io.sockscope.receiver.container;

/** The runtimes whose cgroup names are recognized, named as {@code container.runtime.name} reports them. */
public enum ContainerRuntime {
    CONTAINERD("containerd"),
    CRI_O("cri-o"),
    DOCKER("docker"),
    PODMAN("podman");

    private final String semconvName;

    ContainerRuntime(String semconvName) {
        this.semconvName = semconvName;
    }

    /** The value of {@code container.runtime.name}. */
    public String semconvName() {
        return semconvName;
    }
}
