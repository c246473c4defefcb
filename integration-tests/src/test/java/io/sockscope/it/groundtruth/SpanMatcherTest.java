package io.sockscope.it.groundtruth;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The matcher on its own, with the case that fooled closest-start matching on a real run. */
class SpanMatcherTest {
    private static final long MS = 1_000_000;

    @Test
    void threeRequestsWithinTwoMillisecondsOnOneConnectionPairInOrder() {
        // Node SDK starts at 609, 610, 611 ms (millisecond resolution); the kernel saw them 2-3 ms later each.
        List<ExportedSpan> sdk = List.of(span("/missing", 40862, 609 * MS, 0.8), span("/boom", 40862, 610 * MS, 0.5),
                span("/slow", 40862, 611 * MS, 51.2));
        List<ExportedSpan> kernel = List.of(span("/missing", 40862, 609_200_000, 0.3), span("/boom", 40862, 611_400_000, 0.3),
                span("/slow", 40862, 611_800_000, 50.7));
        SpanMatcher.Result r = SpanMatcher.match(sdk, kernel);
        assertThat(r.missing()).isEmpty();
        assertThat(r.extra()).isEmpty();
        assertThat(r.matched()).allMatch(p -> p.sdk().attribute("url.path").equals(p.kernel().attribute("url.path")));
    }

    @Test
    void aSpanWithoutATwinIsMissingOrExtraAndTheRestStillPair() {
        List<ExportedSpan> sdk = List.of(span("/a", 1000, 0, 1), span("/b", 1000, 10 * MS, 1), span("/c", 2000, 0, 1));
        List<ExportedSpan> kernel = List.of(span("/b", 1000, 10 * MS + 200_000, 1), span("/d", 3000, 0, 1),
                span("/c", 2000, 5 * 1000 * MS, 1));
        SpanMatcher.Result r = SpanMatcher.match(sdk, kernel);
        assertThat(r.matched()).extracting(p -> p.sdk().attribute("url.path")).containsExactly("/b");
        assertThat(r.missing()).extracting(s -> s.attribute("url.path")).containsExactlyInAnyOrder("/a", "/c");
        assertThat(r.extra()).extracting(s -> s.attribute("url.path")).containsExactlyInAnyOrder("/d", "/c");
    }

    private static ExportedSpan span(String path, int peerPort, long start, double durationMillis) {
        List<KeyValue> attributes = List.of(
                KeyValue.newBuilder().setKey("url.path").setValue(AnyValue.newBuilder().setStringValue(path)).build(),
                KeyValue.newBuilder().setKey("network.peer.port").setValue(AnyValue.newBuilder().setIntValue(peerPort)).build());
        return new ExportedSpan(SpanKind.SPAN_KIND_SERVER, "GET", 1, "svc", "t", "s", "", start,
                start + (long) (durationMillis * MS), attributes);
    }
}
