package io.sockscope.receiver.protocol;

import java.util.List;

/** Tries the enabled parsers, in configured order, on the first bytes of a message. */
public final class ProtocolDetector {
    private final ProtocolParser[] parsers;

    public ProtocolDetector(List<ProtocolParser> parsers) {
        this.parsers = parsers.toArray(ProtocolParser[]::new);
    }

    public boolean isEmpty() {
        return parsers.length == 0;
    }

    /**
     * The first parser that recognises {@code segment} as the start of a message on {@code side} (a
     * request on the request side, a response on the response side), or null.
     */
    public ProtocolParser find(Segment segment, Side side) {
        if (segment.captured() == 0) {
            return null;
        }
        Detection wanted = side == Side.REQUEST ? Detection.REQUEST : Detection.RESPONSE;
        for (ProtocolParser p : parsers) {
            Detection d = p.detect(segment);
            if (d == wanted || d == Detection.MAYBE) {
                return p;
            }
        }
        return null;
    }

    /** What the first parser that recognises anything sees in {@code segment}: tells a socket's role. */
    public Detection classify(Segment segment) {
        if (segment.captured() == 0) {
            return Detection.NONE;
        }
        for (ProtocolParser p : parsers) {
            Detection d = p.detect(segment);
            if (d == Detection.REQUEST || d == Detection.RESPONSE) {
                return d;
            }
        }
        return Detection.NONE;
    }
}
