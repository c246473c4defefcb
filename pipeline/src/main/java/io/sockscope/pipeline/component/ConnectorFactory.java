package io.sockscope.pipeline.component;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.TracesConsumer;

import java.util.EnumSet;
import java.util.Set;

/**
 * Creates connectors: components that are an exporter at the end of one pipeline and a receiver at
 * the start of another, as in the Collector ({@code spanmetrics}, {@code servicegraph}). A connector
 * named in the exporters of a traces pipeline and the receivers of a metrics pipeline is a traces to
 * metrics connector; the assembler creates one instance per connector id and signal pair, fed by
 * every pipeline naming it as an exporter and feeding (through a fan-out) every pipeline naming it
 * as a receiver.
 *
 * <p>Lifecycle: a connector starts after the pipelines it feeds and before the pipelines feeding it;
 * it shuts down after the pipelines feeding it have flushed into it, and must hand what it still holds
 * downstream in {@link Component#shutdown()}, which runs before the pipelines it feeds shut down.
 */
public interface ConnectorFactory<C extends Record> extends ComponentFactory<C> {
    @Override
    default Kind kind() {
        return Kind.CONNECTOR;
    }

    /** One supported way through a connector: what it takes as an exporter, what it emits as a receiver. */
    record Flow(Signal from, Signal to) {
        @Override
        public String toString() {
            return from.id() + " to " + to.id();
        }
    }

    /** The flows this connector supports. */
    Set<Flow> flows();

    /** Signals of the pipelines this connector may end or start: those of its {@link #flows()}. */
    @Override
    default Set<Signal> signals() {
        Set<Signal> s = EnumSet.noneOf(Signal.class);
        flows().forEach(f -> {
            s.add(f.from());
            s.add(f.to());
        });
        return s;
    }

    default boolean supports(Signal from, Signal to) {
        return flows().contains(new Flow(from, to));
    }

    /**
     * Creates the traces to metrics connector of one connector id.
     *
     * @param next every metrics pipeline that names this connector as a receiver
     */
    default TracesConnector createTracesToMetrics(ComponentContext context, C config, MetricsConsumer next) throws Exception {
        throw new UnsupportedOperationException(type() + " does not connect traces to metrics");
    }

    /** A connector that takes spans. */
    interface TracesConnector extends TracesConsumer, Component {
    }
}
