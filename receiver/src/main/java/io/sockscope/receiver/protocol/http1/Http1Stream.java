package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.protocol.MessageExtent;
import io.sockscope.receiver.protocol.ProtocolSession;
import io.sockscope.receiver.protocol.ProtocolViolation;
import io.sockscope.receiver.protocol.Segment;

/**
 * One direction of an HTTP/1.x connection as a byte stream: finds where each message starts and ends
 * (head, then a body framed by Content-Length, chunked coding, or the close), across syscalls and
 * across gaps. Subclasses say what a message start looks like and what to do with a parsed head.
 *
 * <p>Gaps (bytes counted but not captured) are skipped by count while the framing is known. When a
 * gap hides what the framing needs (a head, a chunk-size line), the message is <em>lost</em>: its
 * bytes still count, and it ends at the next safe point: a syscall that starts with a complete start
 * line, the peer speaking (HTTP/1.x peers alternate unless they pipeline), the end of the stream, or
 * the quiet time. Reader thread only.
 */
abstract sealed class Http1Stream permits RequestStream, ResponseStream {
    enum State {
        /** Between messages: the next captured byte starts one. */
        IDLE,
        HEAD,
        /** Body of known length: {@code remaining} bytes left. */
        FIXED,
        CHUNK_SIZE,
        /** Chunk data: {@code remaining} bytes left. */
        CHUNK_DATA,
        /** Line end after chunk data: {@code remaining} bytes (2, or 1 after the CR). */
        CHUNK_END,
        TRAILER,
        /** A gap hid chunk framing: the next syscall may start a chunk-size line. */
        CHUNK_RESYNC,
        /** Body delimited by the close of the connection. */
        UNTIL_CLOSE,
        /** Framing unknown: the message ends at the next safe point. */
        LOST,
        /** Not HTTP any more (101 Switching Protocols, CONNECT). */
        TUNNEL
    }

    /** Body framing decided by a head: a length >= 0, or one of these. */
    static final long CHUNKED = -1;
    static final long UNTIL_CLOSE = -2;
    static final long TUNNEL = -3;

    /** Heads longer than this are treated as cut: their framing is lost. */
    static final int MAX_HEAD = 16 * 1024;
    /** Head buffers grown past this are dropped after use, so idle connections stay small. */
    private static final int KEPT_HEAD_BUFFER = 2048;
    private static final int MAX_CHUNK_LINE = 1024;
    private static final byte[] NOTHING = new byte[0];

    protected State state = State.IDLE;
    private MessageExtent extent;
    private long remaining;
    private byte[] headBuffer;
    private int headLength;
    private long chunkSize;
    private int chunkDigits;
    private int chunkLineLength;
    private boolean chunkDigitsDone;
    private boolean chunkExtension;
    private boolean trailerLineHasContent;

    /** True when {@code s} at {@code pos} may begin a message (a prefix is enough). */
    abstract boolean startsMessage(Segment s, int pos);

    /** True when {@code s} surely begins with a complete start line: safe ground after a gap. */
    abstract boolean startsMessageSurely(Segment s);

    /** A message starts with the event of {@code s}; returns the extent to count its bytes in. */
    abstract MessageExtent beginMessage(Segment s);

    /**
     * Parses a head from {@code b[from, ...)}: returns the index past its end, or -1 when {@code to}
     * comes first (the bytes so far are valid).
     */
    abstract int parseHead(byte[] b, int from, int to);

    /** The head just parsed, {@code headBytes} long, is complete: returns the body framing. */
    abstract long headComplete(int headBytes);

    /** A head was cut short (gap or size): keep what {@code b[from, to)} tells; the body is lost. */
    abstract void headCut(byte[] b, int from, int to);

    /** The current message ended where its framing said. */
    abstract void messageEnded();

    /** The current lost message ended at a safe point. */
    abstract void lostEnded();

    /**
     * Feeds one syscall's bytes.
     *
     * @return {@link ProtocolSession#CONTINUE}, or the offset where the stream stopped being HTTP
     * @throws ProtocolViolation when the bytes are not HTTP/1.x
     */
    final int feed(Segment s) {
        int cap = s.captured();
        if (cap > 0 && (state == State.LOST || state == State.CHUNK_RESYNC)) {
            resync(s);
        }
        int pos = 0;
        while (pos < cap) {
            switch (state) {
                case IDLE -> {
                    byte c = s.byteAt(pos);
                    if (c == '\r' || c == '\n') {
                        pos++; // stray line ends between messages are allowed (RFC 9112 2.2)
                        continue;
                    }
                    if (!startsMessage(s, pos)) {
                        throw new ProtocolViolation("not a message start", pos);
                    }
                    extent = beginMessage(s);
                    state = State.HEAD;
                    headLength = 0;
                }
                case HEAD -> pos = head(s, pos, cap);
                case FIXED, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, cap - pos);
                    extent.extend(s, n);
                    pos += n;
                    remaining -= n;
                    if (remaining == 0) {
                        bodyPartDone();
                    }
                }
                case CHUNK_SIZE -> pos = chunkSize(s, pos, cap);
                case CHUNK_END -> pos = chunkEnd(s, pos, cap);
                case TRAILER -> pos = trailer(s, pos, cap);
                case UNTIL_CLOSE, LOST, CHUNK_RESYNC -> {
                    extent.extend(s, cap - pos);
                    pos = cap;
                }
                case TUNNEL -> {
                    return pos;
                }
            }
        }
        if (state == State.TUNNEL) {
            return pos;
        }
        long gap = s.gap();
        if (gap > 0) {
            gap(s, gap);
        }
        return ProtocolSession.CONTINUE;
    }

    /** The sender closed its half: a body delimited by the close ends, a lost message too. */
    final void endOfStream() {
        switch (state) {
            case UNTIL_CLOSE -> complete();
            case LOST, CHUNK_RESYNC -> endLost();
            default -> {
            }
        }
    }

    /** The other direction spoke: a lost message is over (peers alternate). */
    final void peerSpoke() {
        if (isLost()) {
            endLost();
        }
    }

    final boolean isLost() {
        return state == State.LOST || state == State.CHUNK_RESYNC;
    }

    /** True while a message has started and not ended. */
    final boolean inMessage() {
        return state != State.IDLE && state != State.TUNNEL;
    }

    final boolean inHead() {
        return state == State.HEAD;
    }

    final void endLost() {
        State was = state;
        state = State.IDLE;
        if (was == State.LOST || was == State.CHUNK_RESYNC) {
            lostEnded();
        }
    }

    private void resync(Segment s) {
        if (startsMessageSurely(s)) {
            endLost();
        } else if (state == State.CHUNK_RESYNC) {
            if (StartLine.chunkLine(s)) {
                state = State.CHUNK_SIZE;
                resetChunkLine();
            } else {
                state = State.LOST;
            }
        }
    }

    private int head(Segment s, int pos, int cap) {
        byte[] b = s.array();
        if (headLength == 0) {
            // Common case: the whole head is in this syscall, parsed in place in one pass.
            int end = parse(b, pos, cap, pos);
            if (end >= 0) {
                extent.extend(s, end - pos);
                afterHead(headComplete(end - pos));
                return end;
            }
        }
        // Split across syscalls: collect it, and parse once its end is here (searched in new bytes only).
        int before = headLength;
        int take = Math.min(cap - pos, MAX_HEAD - headLength);
        append(b, pos, take);
        int end = headEnd(headBuffer, Math.max(0, before - 3), headLength);
        if (end >= 0) {
            int used = end - before;
            if (parse(headBuffer, 0, end, pos) != end) {
                throw new ProtocolViolation("head end mismatch", pos);
            }
            releaseHead();
            extent.extend(s, used);
            afterHead(headComplete(end));
            return pos + used;
        }
        extent.extend(s, take);
        if (headLength >= MAX_HEAD) {
            cutHead(pos + take);
        }
        return pos + take;
    }

    private int parse(byte[] b, int from, int to, int offset) {
        try {
            return parseHead(b, from, to);
        } catch (ProtocolViolation v) {
            throw new ProtocolViolation(v.getMessage(), offset);
        }
    }

    private void cutHead(int offset) {
        try {
            headCut(headBuffer == null ? NOTHING : headBuffer, 0, headLength);
        } catch (ProtocolViolation v) {
            throw new ProtocolViolation(v.getMessage(), offset);
        }
        releaseHead();
        state = State.LOST;
    }

    private void afterHead(long framing) {
        if (framing == TUNNEL) {
            messageEnded();
            state = State.TUNNEL;
        } else if (framing == CHUNKED) {
            state = State.CHUNK_SIZE;
            resetChunkLine();
        } else if (framing == UNTIL_CLOSE) {
            state = State.UNTIL_CLOSE;
        } else if (framing > 0) {
            state = State.FIXED;
            remaining = framing;
        } else {
            complete();
        }
    }

    private void bodyPartDone() {
        if (state == State.FIXED) {
            complete();
        } else {
            state = State.CHUNK_END;
            remaining = 2;
        }
    }

    private void complete() {
        state = State.IDLE;
        messageEnded();
    }

    private void gap(Segment s, long gap) {
        switch (state) {
            case IDLE -> startLostMessage(s, gap);
            case HEAD -> {
                cutHead(s.captured());
                extent.extend(s, gap);
            }
            case FIXED -> {
                if (gap < remaining) {
                    extent.extend(s, gap);
                    remaining -= gap;
                } else {
                    long rest = gap - remaining;
                    extent.extend(s, remaining);
                    remaining = 0;
                    complete();
                    if (rest > 0) {
                        startLostMessage(s, rest); // the next message began inside the gap
                    }
                }
            }
            case CHUNK_DATA -> {
                extent.extend(s, gap);
                if (gap < remaining) {
                    remaining -= gap;
                } else {
                    long extra = gap - remaining;
                    remaining = 0;
                    chunkResume(extra, 2);
                }
            }
            case CHUNK_END -> {
                extent.extend(s, gap);
                chunkResume(gap, remaining);
            }
            case CHUNK_SIZE, TRAILER -> {
                extent.extend(s, gap);
                state = State.CHUNK_RESYNC;
            }
            case UNTIL_CLOSE, LOST, CHUNK_RESYNC -> extent.extend(s, gap);
            case TUNNEL -> {
            }
        }
    }

    private void startLostMessage(Segment s, long bytes) {
        extent = beginMessage(s);
        extent.extend(s, bytes);
        headLength = 0;
        state = State.LOST;
        headCut(NOTHING, 0, 0);
    }

    /** {@code extra} gap bytes went past the chunk data, where {@code lineEnd} bytes of CRLF were due. */
    private void chunkResume(long extra, long lineEnd) {
        if (extra < lineEnd) {
            state = State.CHUNK_END;
            remaining = lineEnd - extra;
        } else if (extra == lineEnd) {
            state = State.CHUNK_SIZE;
            resetChunkLine();
        } else {
            state = State.CHUNK_RESYNC;
        }
    }

    private int chunkSize(Segment s, int pos, int cap) {
        byte[] b = s.array();
        int start = pos;
        while (pos < cap) {
            byte c = b[pos++];
            if (++chunkLineLength > MAX_CHUNK_LINE) {
                throw new ProtocolViolation("chunk-size line too long", start);
            }
            if (c == '\n') {
                if (chunkDigits == 0) {
                    throw new ProtocolViolation("chunk size missing", start);
                }
                extent.extend(s, pos - start);
                if (chunkSize == 0) {
                    state = State.TRAILER;
                    trailerLineHasContent = false;
                } else {
                    state = State.CHUNK_DATA;
                    remaining = chunkSize;
                }
                return pos;
            }
            if (chunkExtension) {
                if (Http1Head.isControl(c) && c != '\t' && c != '\r') {
                    throw new ProtocolViolation("control byte in chunk extension", start);
                }
                continue;
            }
            int d = Character.digit(c, 16);
            if (d >= 0 && !chunkDigitsDone) {
                if (++chunkDigits > 15) {
                    throw new ProtocolViolation("chunk size too large", start);
                }
                chunkSize = chunkSize << 4 | d;
            } else if (c == ';') {
                chunkExtension = true;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                chunkDigitsDone = true;
            } else {
                throw new ProtocolViolation("bad chunk size", start);
            }
        }
        extent.extend(s, pos - start);
        return pos;
    }

    private int chunkEnd(Segment s, int pos, int cap) {
        byte[] b = s.array();
        int start = pos;
        while (pos < cap && state == State.CHUNK_END) {
            byte c = b[pos];
            if (c == '\r' && remaining == 2) {
                remaining = 1;
            } else if (c == '\n') {
                state = State.CHUNK_SIZE;
                resetChunkLine();
            } else {
                throw new ProtocolViolation("chunk data without line end", start);
            }
            pos++;
        }
        extent.extend(s, pos - start);
        return pos;
    }

    private int trailer(Segment s, int pos, int cap) {
        byte[] b = s.array();
        int start = pos;
        while (pos < cap) {
            byte c = b[pos++];
            if (c == '\n') {
                if (!trailerLineHasContent) {
                    extent.extend(s, pos - start);
                    complete();
                    return pos;
                }
                trailerLineHasContent = false;
            } else if (c != '\r') {
                if (Http1Head.isControl(c) && c != '\t') {
                    throw new ProtocolViolation("control byte in trailer", start);
                }
                trailerLineHasContent = true;
            }
        }
        extent.extend(s, pos - start);
        return pos;
    }

    private void resetChunkLine() {
        chunkSize = 0;
        chunkDigits = 0;
        chunkLineLength = 0;
        chunkDigitsDone = false;
        chunkExtension = false;
    }

    /** Index just past the empty line ending a head in {@code b[from, to)}, or -1. */
    private static int headEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                if (i + 1 < to && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private void append(byte[] b, int from, int n) {
        if (headBuffer == null || headBuffer.length < headLength + n) {
            int size = Math.max(256, Integer.highestOneBit(headLength + n - 1) << 1);
            headBuffer = java.util.Arrays.copyOf(headBuffer == null ? NOTHING : headBuffer, Math.min(size, MAX_HEAD));
        }
        System.arraycopy(b, from, headBuffer, headLength, n);
        headLength += n;
    }

    private void releaseHead() {
        headLength = 0;
        if (headBuffer != null && headBuffer.length > KEPT_HEAD_BUFFER) {
            headBuffer = null;
        }
    }
}
