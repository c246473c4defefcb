package io.sockscope.pipeline.connector.servicegraph;

import io.sockscope.pipeline.MetricsConsumer;
import io.sockscope.pipeline.component.ComponentContext;
import io.sockscope.pipeline.component.ConnectorFactory;
import io.sockscope.pipeline.component.Signal;

import java.time.Instant;
import java.util.Set;

/**
 * {@code servicegraph}: the Collector's service graph connector, traces to metrics; see
 * {@link ServiceGraphConnector} for the metrics and how spans are paired. Counts
 * {@code otelcol_connector_servicegraph_total_edges}, {@code _expired_edges} (half edges whose other
 * half did not come within {@code store.ttl}) and {@code _dropped_spans} (the store was full), each
 * with {@code connector="<id>"}, and shows the waiting half edges in
 * {@code sockscope_connector_servicegraph_pending_edges}.
 */
public final class ServiceGraphConnectorFactory implements ConnectorFactory<ServiceGraphConfig> {
    public static final String TYPE = "servicegraph";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<ServiceGraphConfig> configClass() {
        return ServiceGraphConfig.class;
    }

    @Override
    public ServiceGraphConfig defaultConfig() {
        return ServiceGraphConfig.defaults();
    }

    @Override
    public Set<Flow> flows() {
        return Set.of(new Flow(Signal.TRACES, Signal.METRICS));
    }

    @Override
    public TracesConnector createTracesToMetrics(ComponentContext context, ServiceGraphConfig config, MetricsConsumer next) {
        return new ServiceGraphConnector(context, config, next, () -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
    }
}
