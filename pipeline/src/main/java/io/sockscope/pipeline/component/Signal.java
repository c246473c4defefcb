package io.sockscope.pipeline.component;

/** Pipeline data types, named as in {@code service.pipelines}. */
public enum Signal {
    TRACES("traces"), METRICS("metrics"), LOGS("logs");

    private final String id;

    Signal(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
