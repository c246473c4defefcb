package io.sockscope.pipeline.processor.resource;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.pipeline.processor.attraction.AttributeAction;

import java.util.List;

/** The Collector's {@code resource} processor: {@code attributes} actions on resource attributes. */
public record ResourceConfig(List<AttributeAction> attributes) implements Validated {
    public static ResourceConfig defaults() {
        return new ResourceConfig(List.of());
    }

    @Override
    public void validate() {
        if (attributes == null || attributes.isEmpty()) {
            throw new InvalidValueException("attributes", "the resource processor needs at least one action",
                    "add attributes: [{key: deployment.environment, value: prod, action: upsert}]");
        }
    }
}
