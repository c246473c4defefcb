package io.sockscope.receiver.container;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Cgroup paths as each runtime and driver writes them (from /proc/<pid>/cgroup on real nodes). */
class CgroupPathTest {
    static final String ID = "8f1a3c5e7b9d0f2a4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f";
    static final String UID = "3d9c8f6e-2a4b-4c1d-9e8f-0123456789ab";
    static final String UID_ = UID.replace('-', '_');

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            containerd, systemd, burstable | /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%2$s.slice/cri-containerd-%1$s.scope | %1$s | CONTAINERD | %3$s
            containerd, systemd, besteffort | /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod%2$s.slice/cri-containerd-%1$s.scope | %1$s | CONTAINERD | %3$s
            containerd, systemd, guaranteed | /kubepods.slice/kubepods-pod%2$s.slice/cri-containerd-%1$s.scope | %1$s | CONTAINERD | %3$s
            cgroupfs, besteffort | /kubepods/besteffort/pod%3$s/%1$s | %1$s | - | %3$s
            cgroupfs, burstable | /kubepods/burstable/pod%3$s/%1$s | %1$s | - | %3$s
            cgroupfs, guaranteed | /kubepods/pod%3$s/%1$s | %1$s | - | %3$s
            CRI-O, systemd | /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%2$s.slice/crio-%1$s.scope | %1$s | CRI_O | %3$s
            CRI-O, nested container leaf | /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%2$s.slice/crio-%1$s.scope/container | %1$s | CRI_O | %3$s
            CRI-O conmon | /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod%2$s.slice/crio-conmon-%1$s.scope | - | CRI_O | %3$s
            CRI-O, cgroupfs | /kubepods/besteffort/pod%3$s/crio-%1$s | %1$s | CRI_O | %3$s
            cri-dockerd, systemd | /kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod%2$s.slice/docker-%1$s.scope | %1$s | DOCKER | %3$s
            kind node (cgroup ns of the node container) | /kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod%2$s.slice/cri-containerd-%1$s.scope | %1$s | CONTAINERD | %3$s
            Docker, systemd | /system.slice/docker-%1$s.scope | %1$s | DOCKER | -
            Docker, cgroupfs | /docker/%1$s | %1$s | DOCKER | -
            Podman, rootful | /machine.slice/libpod-%1$s.scope | %1$s | PODMAN | -
            Podman, rootful, systemd container | /machine.slice/libpod-%1$s.scope/container | %1$s | PODMAN | -
            Podman, rootless | /user.slice/user-1000.slice/user@1000.service/user.slice/libpod-%1$s.scope | %1$s | PODMAN | -
            Podman, cgroupfs | /libpod_parent/libpod-%1$s | %1$s | PODMAN | -
            Podman conmon | /machine.slice/libpod-conmon-%1$s.scope | - | - | -
            nerdctl, systemd | /system.slice/nerdctl-%1$s.scope | %1$s | CONTAINERD | -
            nerdctl, cgroupfs | /default/%1$s | %1$s | CONTAINERD | -
            """)
    void recognizes(String what, String pathFormat, String id, ContainerRuntime runtime, String podUid) {
        String path = pathFormat.formatted(ID, UID_, UID);
        ContainerIdentity parsed = CgroupPath.parse(path);
        if (id == null && podUid == null) {
            assertThat(parsed).as(path).isNull();
            return;
        }
        assertThat(parsed).as(path).isEqualTo(new ContainerIdentity(id == null ? null : ID, runtime,
                podUid == null ? null : UID));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", textBlock = """
            /
            /init.scope
            /user.slice/user-0.slice/session-3.scope
            /system.slice/containerd.service
            /system.slice/docker.service
            /kubepods.slice/kubepods-besteffort.slice
            /system.slice/8f1a3c5e7b9d0f2a4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f.scope
            /user.slice/8f1a3c5e7b9d0f2a4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f
            /system.slice/docker-8f1a3c5e.scope
            -
            """)
    void hostProcessesHaveNone(String path) {
        assertThat(CgroupPath.parse(path)).isNull();
    }

    @Test
    void podLevelCgroupGivesThePodOnly() {
        assertThat(CgroupPath.parse("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice"))
                .isEqualTo(new ContainerIdentity(null, null, UID));
    }

    @Test
    void cgroupV2LineFirst() {
        String text = """
                12:memory:/
                1:name=systemd:/user.slice
                0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/cri-containerd-%s.scope
                """.formatted(UID_, ID);
        assertThat(CgroupPath.fromProcCgroup(text)).isEqualTo(new ContainerIdentity(ID, ContainerRuntime.CONTAINERD, UID));
    }

    @Test
    void hybridHostWithDockerOnCgroupfsNamesTheContainerInV1Lines() {
        String text = """
                12:hugetlb:/docker/%1$s
                11:memory:/docker/%1$s
                4:cpu,cpuacct:/docker/%1$s
                1:name=systemd:/docker/%1$s
                0::/system.slice/docker.service
                """.formatted(ID);
        assertThat(CgroupPath.fromProcCgroup(text)).isEqualTo(new ContainerIdentity(ID, ContainerRuntime.DOCKER, null));
    }

    @Test
    void hybridHostWithKubeletOnCgroupfs() {
        String text = """
                12:pids:/kubepods/besteffort/pod%1$s/%2$s
                11:memory:/kubepods/besteffort/pod%1$s/%2$s
                0::/
                """.formatted(UID, ID);
        assertThat(CgroupPath.fromProcCgroup(text)).isEqualTo(new ContainerIdentity(ID, null, UID));
    }

    @Test
    void hostProcessOnAHybridHost() {
        String text = """
                12:memory:/user.slice/user-0.slice/session-1.scope
                1:name=systemd:/user.slice/user-0.slice/session-1.scope
                0::/user.slice/user-0.slice/session-1.scope
                """;
        assertThat(CgroupPath.fromProcCgroup(text)).isNull();
        assertThat(CgroupPath.fromProcCgroup("")).isNull();
        assertThat(CgroupPath.fromProcCgroup(null)).isNull();
    }
}
