package io.sockscope.receiver;

/** Application protocols Sockscope recognises. {@link #UNKNOWN} is a protocol too: paired by direction. */
public enum Protocol {
    HTTP1("http"),
    UNKNOWN("unknown");

    private final String id;

    Protocol(String id) {
        this.id = id;
    }

    /** The name used in configuration ({@code protocols: [http]}) and in the events view. */
    public String id() {
        return id;
    }
}
