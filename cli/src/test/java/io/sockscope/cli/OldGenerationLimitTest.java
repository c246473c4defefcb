package io.sockscope.cli;

import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

class OldGenerationLimitTest {

    /**
     * Data that outlives a collection lands in the old generation; once it is past the floor the
     * limit collects and re-arms at twice what is live, so the old generation grows with live data
     * and not with garbage. (This JVM's collector is not the serial one the launcher picks; the
     * limit only needs an old generation with a usage threshold, which both have.)
     */
    @Test
    void anOldGenerationPastItsLimitIsCollectedAndTheLimitFollowsWhatIsLive() throws InterruptedException {
        LongAdder collections = new LongAdder();
        OldGenerationLimit limit = OldGenerationLimit.start(collections);
        assertThat(limit).isNotNull();
        try {
            assertThat(limit.thresholdBytes()).isGreaterThanOrEqualTo(OldGenerationLimit.FLOOR_BYTES);
            List<byte[]> live = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                live.add(new byte[1 << 20]);
            }
            System.gc(); // promotes them: 80 MiB live, past the 64 MiB floor
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (collections.sum() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(collections.sum()).isGreaterThanOrEqualTo(1);
            assertThat(limit.thresholdBytes()).isGreaterThanOrEqualTo(2 * (80L << 20));
            Reference.reachabilityFence(live);
        } finally {
            limit.close();
        }
    }
}
