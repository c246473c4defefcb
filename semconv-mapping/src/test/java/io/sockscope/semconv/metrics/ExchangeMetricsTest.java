package io.sockscope.semconv.metrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.semconv.Exchanges;
import io.sockscope.semconv.SpanMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeMetricsTest {
    private final SpanMapper spans = SpanMapper.create();

    private ExchangeMetrics.Measurement measure(Exchange e) {
        return ExchangeMetrics.measure(e, spans.map(e));
    }

    private static List<String> keys(ExchangeMetrics.Measurement m) {
        return m.attributes().stream().map(KeyValue::getKey).toList();
    }

    @Test
    void httpServerExchangesKeepOnlyLowCardinalityAttributes() {
        ExchangeMetrics.Measurement m = measure(Exchanges.server()
                .http(Exchanges.http("GET", "/users/42?token=x").status(503).userAgent("curl/8")).build());
        assertThat(m.duration()).isEqualTo(ExchangeMetrics.HTTP_SERVER_DURATION);
        assertThat(keys(m)).containsExactly("http.request.method", "url.scheme", "http.response.status_code", "error.type",
                "network.protocol.version");
        assertThat(m.seconds()).isGreaterThanOrEqualTo(0);
        assertThat(m.opaque()).isFalse();
    }

    @Test
    void httpClientExchangesNameTheServer() {
        ExchangeMetrics.Measurement m = measure(Exchanges.client().http(Exchanges.http("POST", "/a").host("api:8080").status(201)).build());
        assertThat(m.duration()).isEqualTo(ExchangeMetrics.HTTP_CLIENT_DURATION);
        assertThat(keys(m)).containsExactly("http.request.method", "server.address", "server.port", "http.response.status_code",
                "network.protocol.version");
        assertThat(m.attributes().get(1).getValue().getStringValue()).isEqualTo("api");
    }

    @Test
    void aTimedOutExchangeCarriesItsErrorType() {
        ExchangeMetrics.Measurement m = measure(Exchanges.server().http(Exchanges.http("GET", "/")).noResponse()
                .outcome(Outcome.TIMEOUT).build());
        assertThat(m.attributes()).anySatisfy(kv -> {
            assertThat(kv.getKey()).isEqualTo("error.type");
            assertThat(kv.getValue().getStringValue()).isEqualTo(SpanMapper.ERROR_TIMEOUT);
        });
    }

    @Test
    void opaqueExchangesGetTheSockscopeHistogramsWithSizes() {
        ExchangeMetrics.Measurement m = measure(Exchanges.client().bytes(12, 3400).build());
        assertThat(m.duration()).isEqualTo(ExchangeMetrics.EXCHANGE_DURATION);
        assertThat(m.opaque()).isTrue();
        assertThat(m.requestBytes()).isEqualTo(12);
        assertThat(m.responseBytes()).isEqualTo(3400);
        assertThat(keys(m)).startsWith(ExchangeMetrics.ROLE).contains("server.port", "network.transport").doesNotContain("network.peer.port");
    }
}
