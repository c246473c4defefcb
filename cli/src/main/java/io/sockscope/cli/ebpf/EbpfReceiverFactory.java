package io.sockscope.cli.ebpf;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;
import io.sockscope.pipeline.component.Component;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ReceiverFactory;
import io.sockscope.pipeline.component.Signal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code receivers: ebpf}: kernel capture and exchange reconstruction, as spans and as RED and TCP metrics. */
public final class EbpfReceiverFactory implements ReceiverFactory<EbpfReceiverConfig> {
    public static final String TYPE = "ebpf";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<EbpfReceiverConfig> configClass() {
        return EbpfReceiverConfig.class;
    }

    @Override
    public EbpfReceiverConfig defaultConfig() {
        return EbpfReceiverConfig.defaults();
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES, Signal.METRICS);
    }

    private final List<EbpfReceiver> created = new CopyOnWriteArrayList<>();

    @Override
    public Component create(ComponentContext context, EbpfReceiverConfig config, TracesConsumer traces, MetricsConsumer metrics) {
        EbpfReceiver r = new EbpfReceiver(context, config, traces, metrics);
        created.add(r);
        return r;
    }

    /** What each started receiver attached and traces, for the ready line. */
    public List<String> receivers() {
        return created.stream().map(r -> r.id() + ": " + r.describe()).toList();
    }
}
