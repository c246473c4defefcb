package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.protocol.ProtocolViolation;

/**
 * The start line and the header fields Sockscope keeps from one HTTP/1.x message head, parsed in
 * place from bytes. One instance per direction of a connection, reused for every message: it also
 * remembers the previous values of headers that repeat on keep-alive connections.
 *
 * <p>Strict where garbage shows (start line grammar, control bytes, header names), lenient where real
 * peers differ (LF without CR, missing reason phrase, spaces around values). Never reads outside
 * {@code [from, to)}.
 */
final class Http1Head {
    static final int MAX_METHOD = 24;

    String method;
    String target;
    String version;
    int status;
    /** -1 when absent. */
    long contentLength;
    boolean chunked;
    /** A transfer coding other than chunked is last: the body runs until close. */
    boolean otherCoding;
    String host;
    String userAgent;
    String traceparent;
    String tracestate;

    private final RepeatedValue targets = new RepeatedValue();
    private final RepeatedValue hosts = new RepeatedValue();
    private final RepeatedValue userAgents = new RepeatedValue();
    private final RepeatedValue tracestates = new RepeatedValue();

    private void reset() {
        method = null;
        target = null;
        version = null;
        status = 0;
        contentLength = -1;
        chunked = false;
        otherCoding = false;
        host = null;
        userAgent = null;
        traceparent = null;
        tracestate = null;
    }

    /**
     * Parses a request head starting at {@code from}, checking every byte on the way.
     *
     * @return the index just past the empty line that ends the head, or -1 when {@code to} comes
     *         first: what was there is valid so far, and the fields of complete lines are set (a head
     *         cut by a gap is read that way)
     */
    int parseRequest(byte[] b, int from, int to) {
        reset();
        int nl = Http1Head.indexOf(b, (byte) '\n', from, to);
        if (nl < 0) {
            return -1;
        }
        requestLine(b, from, lineEnd(b, from, nl));
        return fields(b, nl + 1, to);
    }

    /** Parses a response head; see {@link #parseRequest}. */
    int parseResponse(byte[] b, int from, int to) {
        reset();
        int nl = Http1Head.indexOf(b, (byte) '\n', from, to);
        if (nl < 0) {
            return -1;
        }
        statusLine(b, from, lineEnd(b, from, nl));
        return fields(b, nl + 1, to);
    }

    private void requestLine(byte[] b, int from, int end) {
        int sp = from;
        while (sp < end && b[sp] != ' ') {
            if (!isToken(b[sp])) {
                throw violation("bad method");
            }
            sp++;
        }
        if (sp == from || sp - from > MAX_METHOD || sp == end) {
            throw violation("bad method");
        }
        method = method(b, from, sp);
        int t = sp + 1;
        int te = t;
        while (te < end && b[te] != ' ') {
            if (!isTargetByte(b[te])) {
                throw violation("bad target");
            }
            te++;
        }
        if (te == t || te == end) {
            throw violation("bad target");
        }
        target = targets.of(b, t, te);
        version = version(b, te + 1, end);
        if (version == null) {
            throw violation("bad request version");
        }
    }

    private void statusLine(byte[] b, int from, int end) {
        int v = from + 8;
        if (v > end || (version = version(b, from, v)) == null) {
            throw violation("bad status line");
        }
        if (v + 4 > end || b[v] != ' ' || !isDigit(b[v + 1]) || !isDigit(b[v + 2]) || !isDigit(b[v + 3])) {
            throw violation("bad status code");
        }
        status = (b[v + 1] - '0') * 100 + (b[v + 2] - '0') * 10 + (b[v + 3] - '0');
        if (status < 100) {
            throw violation("bad status code");
        }
        for (int i = v + 4; i < end; i++) {
            if (isControl(b[i])) {
                throw violation("control byte in reason");
            }
        }
    }

    /** Header lines from {@code from}: the index past the empty line, or -1 if {@code to} comes first. */
    private int fields(byte[] b, int from, int to) {
        int line = from;
        while (line < to) {
            // One pass per line: find its end and reject control bytes (binary data is not a head).
            int i = line;
            byte c = 0;
            while (i < to && (c = b[i]) != '\n') {
                if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
                    throw violation("control byte in header");
                }
                i++;
            }
            if (i == to) {
                return -1;
            }
            int end = i > line && b[i - 1] == '\r' ? i - 1 : i;
            if (end == line) {
                return i + 1;
            }
            field(b, line, end);
            line = i + 1;
        }
        return -1;
    }

    private void field(byte[] b, int from, int end) {
        if (b[from] == ' ' || b[from] == '\t') {
            return; // obsolete line folding: continuation of a header we do not keep
        }
        int colon = from;
        while (colon < end && b[colon] != ':') {
            if (!isToken(b[colon])) {
                throw violation("bad header name");
            }
            colon++;
        }
        if (colon == end || colon == from) {
            throw violation("header without colon");
        }
        int vs = colon + 1;
        while (vs < end && (b[vs] == ' ' || b[vs] == '\t')) {
            vs++;
        }
        int ve = end;
        while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        int n = colon - from;
        switch (n) {
            case 4 -> {
                if (nameIs(b, from, "host")) {
                    host = hosts.of(b, vs, ve);
                }
            }
            case 10 -> {
                if (nameIs(b, from, "user-agent")) {
                    userAgent = userAgents.of(b, vs, ve);
                } else if (nameIs(b, from, "tracestate")) {
                    tracestate = tracestates.of(b, vs, ve);
                }
            }
            case 11 -> {
                if (nameIs(b, from, "traceparent")) {
                    traceparent = new String(b, vs, ve - vs, java.nio.charset.StandardCharsets.ISO_8859_1);
                }
            }
            case 14 -> {
                if (nameIs(b, from, "content-length")) {
                    contentLength(b, vs, ve);
                }
            }
            case 17 -> {
                if (nameIs(b, from, "transfer-encoding")) {
                    transferEncoding(b, vs, ve);
                }
            }
            default -> {
            }
        }
    }

    private void contentLength(byte[] b, int from, int to) {
        if (from == to || to - from > 18) {
            throw violation("bad content-length");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(b[i])) {
                throw violation("bad content-length");
            }
            v = v * 10 + (b[i] - '0');
        }
        if (contentLength >= 0 && contentLength != v) {
            throw violation("conflicting content-length");
        }
        contentLength = v;
    }

    /** The last coding decides: chunked must be last when present (RFC 9112 6.3). */
    private void transferEncoding(byte[] b, int from, int to) {
        int start = to;
        while (start > from && b[start - 1] != ',') {
            start--;
        }
        while (start < to && (b[start] == ' ' || b[start] == '\t')) {
            start++;
        }
        chunked = to - start == 7 && nameIs(b, start, "chunked");
        otherCoding = !chunked && to > from;
    }

    private static String method(byte[] b, int from, int to) {
        return switch (to - from) {
            case 3 -> is(b, from, "GET") ? "GET" : is(b, from, "PUT") ? "PUT" : latin1(b, from, to);
            case 4 -> is(b, from, "POST") ? "POST" : is(b, from, "HEAD") ? "HEAD" : latin1(b, from, to);
            case 5 -> is(b, from, "PATCH") ? "PATCH" : is(b, from, "TRACE") ? "TRACE" : latin1(b, from, to);
            case 6 -> is(b, from, "DELETE") ? "DELETE" : latin1(b, from, to);
            case 7 -> is(b, from, "OPTIONS") ? "OPTIONS" : is(b, from, "CONNECT") ? "CONNECT" : latin1(b, from, to);
            default -> latin1(b, from, to);
        };
    }

    /** "1.1" or "1.0" (as the semantic conventions spell network.protocol.version), null otherwise. */
    private static String version(byte[] b, int from, int to) {
        if (to - from != 8 || !is(b, from, "HTTP/1.")) {
            return null;
        }
        return switch (b[from + 7]) {
            case '1' -> "1.1";
            case '0' -> "1.0";
            default -> null;
        };
    }

    static int lineEnd(byte[] b, int from, int nl) {
        return nl > from && b[nl - 1] == '\r' ? nl - 1 : nl;
    }

    static int indexOf(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static boolean is(byte[] b, int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (b[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive compare with a lower-case ASCII name. */
    private static boolean nameIs(byte[] b, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if ((b[from + i] | 0x20) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean isControl(byte c) {
        return (c >= 0 && c < 0x20) || c == 0x7f;
    }

    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (int c = 0x21; c < 0x7f; c++) {
            TOKEN[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }

    /** tchar of RFC 9110 5.6.2. */
    static boolean isToken(byte c) {
        return c >= 0 && TOKEN[c];
    }

    /** Visible ASCII or obs-text: a request-target byte (raw UTF-8 paths are common enough to allow). */
    static boolean isTargetByte(byte c) {
        return c < 0 || (c > 0x20 && c != 0x7f);
    }

    private static ProtocolViolation violation(String reason) {
        return new ProtocolViolation(reason, 0);
    }
}
