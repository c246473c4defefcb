package io.sockscope.config.model;

import io.sockscope.config.yaml.YamlScalar;

import java.util.List;

/** One entry of {@code service.pipelines}, with the components it names, in order. */
public record PipelineDef(PipelineId id, YamlScalar key, List<ComponentRef> receivers, List<ComponentRef> processors,
                          List<ComponentRef> exporters) {
    public PipelineDef {
        receivers = List.copyOf(receivers);
        processors = List.copyOf(processors);
        exporters = List.copyOf(exporters);
    }

    /** {@code service.pipelines.traces/ebpf} */
    public String path() {
        return "service.pipelines." + id;
    }
}
