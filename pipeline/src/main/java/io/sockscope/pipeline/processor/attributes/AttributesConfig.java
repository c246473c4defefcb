package io.sockscope.pipeline.processor.attributes;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;
import io.sockscope.pipeline.processor.attraction.AttributeAction;

import java.util.List;

/**
 * The Collector's {@code attributes} processor: {@code actions} applied to span attributes (traces)
 * and data point attributes (metrics). The Collector's {@code include}/{@code exclude} matching is
 * not supported: use the {@code filter} processor to select data.
 */
public record AttributesConfig(List<AttributeAction> actions) implements Validated {
    public static AttributesConfig defaults() {
        return new AttributesConfig(List.of());
    }

    @Override
    public void validate() {
        if (actions == null || actions.isEmpty()) {
            throw new InvalidValueException("actions", "the attributes processor needs at least one action",
                    "add actions: [{key: deployment.environment, value: prod, action: upsert}]");
        }
    }
}
