package io.sockscope.it.containers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The test cgroup goes away even with a process still in it (as after a failed test). */
@Timeout(30)
class KubepodsCgroupTest {
    @Test
    void closeMovesProcessesOutAndRemovesWhatItMade() throws Exception {
        assumeThat(Files.isDirectory(KubepodsCgroup.V2)).isTrue();
        String id = "ab".repeat(32);
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        Path scope;
        try {
            try (KubepodsCgroup cgroup = KubepodsCgroup.create(UUID.randomUUID().toString(), id)) {
                scope = cgroup.scope;
                Files.writeString(scope.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
                assertThat(Files.readString(Path.of("/proc/" + sleeper.pid() + "/cgroup"))).contains("0::" + cgroup.path());
            }
            assertThat(scope).doesNotExist();
            assertThat(scope.getParent()).doesNotExist();
            assertThat(sleeper.isAlive()).isTrue();
            assertThat(Files.readString(Path.of("/proc/" + sleeper.pid() + "/cgroup"))).contains("0::/\n");
        } finally {
            sleeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
