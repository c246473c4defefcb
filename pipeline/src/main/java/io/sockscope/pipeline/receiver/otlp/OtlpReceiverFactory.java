package io.sockscope.pipeline.receiver.otlp;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ReceiverFactory;
import io.sockscope.pipeline.component.Signal;

import java.util.Set;

/** {@code otlp}: receives OTLP over gRPC and HTTP (protobuf or JSON), as the Collector's otlpreceiver. */
public final class OtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {
    public static final String TYPE = "otlp";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<OtlpReceiverConfig> configClass() {
        return OtlpReceiverConfig.class;
    }

    @Override
    public OtlpReceiverConfig defaultConfig() {
        return OtlpReceiverConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    @Override
    public OtlpReceiver create(ComponentContext context, OtlpReceiverConfig config, TracesConsumer traces,
                               MetricsConsumer metrics) {
        config.validate();
        return new OtlpReceiver(context, config, traces, metrics);
    }
}
