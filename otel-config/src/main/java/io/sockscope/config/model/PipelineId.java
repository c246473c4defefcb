package io.sockscope.config.model;

/** A pipeline id: {@code signal[/name]}, e.g. {@code traces/ebpf}. */
public record PipelineId(String signal, String name) {
    public PipelineId {
        if (name == null) {
            name = "";
        }
    }

    @Override
    public String toString() {
        return name.isEmpty() ? signal : signal + "/" + name;
    }
}
