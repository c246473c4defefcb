package io.sockscope.cli;

import io.sockscope.bpf.Addresses;
import io.sockscope.bpf.Direction;
import io.sockscope.bpf.EventKind;
import io.sockscope.bpf.KernelEvent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One line per kernel event, tcpdump-like:
 * {@code 12:00:01.123456 curl[4711/4711] #1234 client 127.0.0.1:50000 > 127.0.0.1:8000 sendto 78B "GET / HTTP/1.1\r\n..."}.
 * Egress shows {@code local > remote}, ingress {@code local < remote}.
 */
final class EventFormatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneId.systemDefault());
    private final int excerpt;
    private long epochOffset;

    EventFormatter(int excerpt) {
        this.excerpt = excerpt;
    }

    void setEpochOffset(long nanos) {
        this.epochOffset = nanos;
    }

    void format(KernelEvent e, StringBuilder b) {
        long epoch = e.timestampNanos() + epochOffset;
        b.append(TIME.format(Instant.ofEpochSecond(0, epoch))).append(' ');
        if (e.pid() != 0) {
            b.append(e.comm()).append('[').append(e.pid()).append('/').append(e.tid()).append("] ");
        } else {
            b.append("[kernel] ");
        }
        b.append('#').append(e.cookie()).append(' ');
        b.append(e.isTcp() ? "tcp " : "udp ");
        b.append(switch (e.role()) {
            case CLIENT -> "client ";
            case SERVER -> "server ";
            case UNKNOWN -> "- ";
        });
        b.append(Addresses.format(e.localAddress(), e.localPort()));
        b.append(e.direction() == Direction.INGRESS ? " < " : " > ");
        b.append(Addresses.format(e.remoteAddress(), e.remotePort())).append(' ');
        if (e.kind() == EventKind.DATA) {
            b.append(e.call().name().toLowerCase()).append(' ').append(e.bytes()).append('B');
            int n = Math.min(e.capturedLength(), excerpt);
            if (n > 0) {
                b.append(" \"");
                for (int i = 0; i < n; i++) {
                    appendPrintable(b, e.payloadByte(i));
                }
                b.append(n < e.bytes() ? "\"..." : "\"");
            }
        } else {
            b.append(e.kind().name());
            if (e.kind() != EventKind.RETRANSMIT && e.kind() != EventKind.RESET) {
                b.append(' ').append(e.oldState()).append("->").append(e.newState());
            } else {
                b.append(' ').append(e.newState());
            }
            if (e.srttMicros() > 0) {
                b.append(" srtt=").append(e.srttMicros()).append("us");
            }
        }
    }

    private static void appendPrintable(StringBuilder b, byte c) {
        switch (c) {
            case '\r' -> b.append("\\r");
            case '\n' -> b.append("\\n");
            case '\t' -> b.append("\\t");
            case '"' -> b.append("\\\"");
            default -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
    }
}
