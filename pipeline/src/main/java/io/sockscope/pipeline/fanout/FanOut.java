package io.sockscope.pipeline.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The delivery rule both signals' fan-outs share: each consumer gets its own list, since ownership
 * passes to it (the proto messages themselves are immutable and shared), and every consumer is
 * called even when one throws; the first failure is rethrown with the others suppressed.
 */
final class FanOut {
    private FanOut() {
    }

    static <C, T> void deliver(C[] consumers, List<T> items, BiConsumer<C, List<T>> send) {
        RuntimeException failure = null;
        for (int i = 0; i < consumers.length; i++) {
            List<T> own = i == consumers.length - 1 ? items : new ArrayList<>(items);
            try {
                send.accept(consumers[i], own);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
