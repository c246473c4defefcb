package io.sockscope.receiver.container;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.sockscope.receiver.container.CgroupPathTest.ID;
import static io.sockscope.receiver.container.CgroupPathTest.UID;
import static org.assertj.core.api.Assertions.assertThat;

class ContainerResolverTest {
    @TempDir
    Path proc;

    private void cgroup(int pid, String text) throws IOException {
        Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(proc.resolve(pid + "/cgroup"), text);
    }

    @Test
    void cachesByCgroupIdWhenTheV2PathDecides() throws IOException {
        cgroup(10, "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID.replace('-', '_')
                + ".slice/cri-containerd-" + ID + ".scope\n");
        ContainerResolver resolver = new ContainerResolver(proc, 100);
        ContainerIdentity expected = new ContainerIdentity(ID, ContainerRuntime.CONTAINERD, UID);
        assertThat(resolver.resolve(10, 4242)).isEqualTo(expected);
        // A second process of the same cgroup is answered without reading procfs (it has no files at all).
        assertThat(resolver.resolve(11, 4242)).isEqualTo(expected);
        assertThat(resolver.cachedCgroups()).isEqualTo(1);
    }

    @Test
    void hybridV1AnswersAreNotCachedByTheSharedV2Cgroup() throws IOException {
        String other = ID.replace('8', '9');
        cgroup(20, "11:memory:/docker/" + ID + "\n0::/system.slice/docker.service\n");
        cgroup(21, "11:memory:/docker/" + other + "\n0::/system.slice/docker.service\n");
        ContainerResolver resolver = new ContainerResolver(proc, 100);
        assertThat(resolver.resolve(20, 77).containerId()).isEqualTo(ID);
        assertThat(resolver.resolve(21, 77).containerId()).isEqualTo(other);
        assertThat(resolver.cachedCgroups()).isZero();
    }

    @Test
    void hostProcessesOnAPureV2HostAreCachedToo() throws IOException {
        cgroup(30, "0::/user.slice/user-0.slice/session-1.scope\n");
        ContainerResolver resolver = new ContainerResolver(proc, 100);
        assertThat(resolver.resolve(30, 5)).isNull();
        assertThat(resolver.cachedCgroups()).isEqualTo(1);
        assertThat(resolver.resolve(31, 5)).isNull();
    }

    @Test
    void goneProcessResolvesToNone() {
        assertThat(new ContainerResolver(proc, 100).resolve(999, 5)).isNull();
    }
}
