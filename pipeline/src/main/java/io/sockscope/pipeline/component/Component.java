package io.sockscope.pipeline.component;

/**
 * Lifecycle of every pipeline component, as in the Collector: started once the whole pipeline is
 * built, shut down in reverse order. {@link #shutdown()} flushes what it holds (bounded by its
 * timeout) and must be safe to call twice.
 */
public interface Component {
    default void start() throws Exception {
    }

    default void shutdown() {
    }
}
