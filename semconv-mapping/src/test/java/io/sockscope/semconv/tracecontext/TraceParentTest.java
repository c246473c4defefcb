package io.sockscope.semconv.tracecontext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class TraceParentTest {

    @Test
    void parsesTheW3cExample() {
        TraceParent tp = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(tp).isEqualTo(new TraceParent(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, 1));
        assertThat(tp.sampled()).isTrue();
    }

    @Test
    void allOnesIsValid() {
        TraceParent tp = TraceParent.parse("00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-00");

        assertThat(tp).isEqualTo(new TraceParent(-1, -1, -1, 0));
        assertThat(tp.sampled()).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero span id
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // not version 00
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", // trailing data on 00
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01x", // misplaced dash
            "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
            "00-4bf92f3577b3 da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // in the trace id's first half
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0bA902b7-01"}) // in the span id
    void rejects(String header) {
        assertThat(TraceParent.parse(header)).isNull();
    }

    @Test
    void idsAreBigEndianBytes() {
        assertThat(HexFormat.of().formatHex(SpanIds.traceId(0x0102030405060708L, 0x090a0b0c0d0e0f10L).toByteArray()))
                .isEqualTo("0102030405060708090a0b0c0d0e0f10");
        assertThat(HexFormat.of().formatHex(SpanIds.spanId(0x00f067aa0ba902b7L).toByteArray()))
                .isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void randomIdsHaveTheRightSize() {
        assertThat(SpanIds.randomTraceId().size()).isEqualTo(16);
        assertThat(SpanIds.randomSpanId().size()).isEqualTo(8);
    }
}
