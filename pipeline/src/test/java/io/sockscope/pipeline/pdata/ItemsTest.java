package io.sockscope.pipeline.pdata;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.sockscope.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemsTest {
    @Test
    void splitsSpansAcrossResourcesKeepingResourceAndScope() {
        List<ResourceSpans> data = new ArrayList<>(TestData.spans(3));
        data.addAll(TestData.spans(3));
        Items.Split<ResourceSpans> s = Items.splitSpans(data, 4);
        assertThat(Items.spans(s.head())).isEqualTo(4);
        assertThat(Items.spans(s.tail())).isEqualTo(2);
        assertThat(s.head()).hasSize(2);
        assertThat(s.tail().getFirst().getResource()).isEqualTo(data.get(1).getResource());
        assertThat(s.tail().getFirst().getScopeSpans(0).getScope().getName()).isEqualTo("sockscope");
    }

    @Test
    void splitsMetricsByDataPoints() {
        var data = TestData.metrics(TestData.gauge("a", 1, 2, 3));
        Items.Split<io.opentelemetry.proto.metrics.v1.ResourceMetrics> s = Items.splitDataPoints(data, 1);
        assertThat(Items.dataPoints(s.head())).isEqualTo(1);
        assertThat(Items.dataPoints(s.tail())).isEqualTo(2);
        assertThat(s.tail().getFirst().getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0).getAsInt()).isEqualTo(2);
    }
}
