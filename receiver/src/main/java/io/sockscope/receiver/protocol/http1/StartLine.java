package io.sockscope.receiver.protocol.http1;

import io.sockscope.receiver.protocol.Segment;

/**
 * Recognises the first bytes of HTTP/1.x messages in place, without copying: how detection tells
 * HTTP from other protocols, how a parser checks each new message of a connection, and how it finds
 * its way back after a gap.
 */
final class StartLine {
    /** Well-known methods with their space: enough to tell HTTP from the first bytes. */
    private static final String[] KNOWN_METHODS = {"GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ",
            "CONNECT ", "TRACE "};
    /** Fewer first bytes than this tell nothing: a binary protocol may start with 'G'. */
    private static final int MIN_DETECT = 3;
    private static final String VERSION_PREFIX = "HTTP/1.";
    /** How far to look for the end of a request line when recognising unusual methods. */
    private static final int MAX_LINE_SCAN = 2048;

    private StartLine() {
    }

    /**
     * True when the bytes at {@code pos} begin a request: a method token and a space followed by the
     * start of a target, or a token the segment ends inside. Lenient: used between messages of a
     * connection already known to speak HTTP.
     */
    static boolean requestPrefix(Segment s, int pos) {
        int cap = s.captured();
        int i = pos;
        while (i < cap && i - pos <= Http1Head.MAX_METHOD) {
            byte c = s.byteAt(i);
            if (c == ' ') {
                return i > pos && (i + 1 >= cap || isTargetStart(s.byteAt(i + 1)));
            }
            if (!Http1Head.isToken(c)) {
                return false;
            }
            i++;
        }
        return i >= cap && i > pos;
    }

    /** True when the bytes at {@code pos} begin a status line, or a prefix of one the segment ends inside. */
    static boolean responsePrefix(Segment s, int pos) {
        int cap = s.captured();
        int n = Math.min(cap - pos, 13);
        for (int i = 0; i < n; i++) {
            byte c = s.byteAt(pos + i);
            boolean ok = switch (i) {
                case 0, 1, 2, 3, 4, 5, 6 -> c == VERSION_PREFIX.charAt(i);
                case 7 -> c == '0' || c == '1';
                case 8 -> c == ' ';
                case 9, 10, 11 -> Http1Head.isDigit(c);
                default -> c == ' ' || c == '\r' || c == '\n';
            };
            if (!ok) {
                return false;
            }
        }
        return n > 0;
    }

    /**
     * Detection on the first bytes of a connection, stricter than {@link #requestPrefix}: a well-known
     * method and a space (or a prefix of one when the syscall was tiny), else any token method on a
     * complete {@code METHOD target HTTP/1.x} line.
     */
    static boolean requestStart(Segment s) {
        int cap = s.captured();
        for (String m : KNOWN_METHODS) {
            if (matches(s, m)) {
                return cap <= m.length() || isTargetStart(s.byteAt(m.length()));
            }
        }
        return requestLine(s);
    }

    /** Detection of a status line: at least {@code HTTP/1.x} with a space, or a shorter prefix of it. */
    static boolean responseStart(Segment s) {
        return s.captured() >= MIN_DETECT + 2 && responsePrefix(s, 0);
    }

    /** The whole (tiny) segment is a prefix of a well-known method or of a status line: too short to tell. */
    static boolean shortPrefix(Segment s) {
        int cap = s.captured();
        if (cap == 0 || cap >= MIN_DETECT + 2) {
            return false;
        }
        if (prefixOf(s, VERSION_PREFIX)) {
            return true;
        }
        for (String m : KNOWN_METHODS) {
            if (prefixOf(s, m)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixOf(Segment s, String ascii) {
        int cap = s.captured();
        if (cap > ascii.length()) {
            return false;
        }
        for (int i = 0; i < cap; i++) {
            if (s.byteAt(i) != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A complete request line at the start of the segment: safe ground to resume parsing after a gap. */
    static boolean requestLine(Segment s) {
        int cap = Math.min(s.captured(), MAX_LINE_SCAN);
        int sp = 0;
        while (sp < cap && Http1Head.isToken(s.byteAt(sp))) {
            sp++;
        }
        if (sp == 0 || sp > Http1Head.MAX_METHOD || sp >= cap || s.byteAt(sp) != ' ') {
            return false;
        }
        int t = sp + 1;
        if (t >= cap || !isTargetStart(s.byteAt(t))) {
            return false;
        }
        int te = t;
        while (te < cap && Http1Head.isTargetByte(s.byteAt(te))) {
            te++;
        }
        int v = te + 1;
        if (v + 9 > cap || s.byteAt(te) != ' ') {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            if (s.byteAt(v + i) != VERSION_PREFIX.charAt(i)) {
                return false;
            }
        }
        byte minor = s.byteAt(v + 7);
        byte end = s.byteAt(v + 8);
        return (minor == '0' || minor == '1') && (end == '\r' || end == '\n');
    }

    /** A complete {@code HTTP/1.x ddd} at the start of the segment. */
    static boolean statusLine(Segment s) {
        return s.captured() >= 12 && responsePrefix(s, 0);
    }

    /** True when the segment starts with a chunk-size line: hex digits, optional extension, line end. */
    static boolean chunkLine(Segment s) {
        int cap = Math.min(s.captured(), 256);
        int i = 0;
        while (i < cap && Character.digit(s.byteAt(i), 16) >= 0) {
            i++;
        }
        if (i == 0 || i > 16) {
            return false;
        }
        while (i < cap) {
            byte c = s.byteAt(i++);
            if (c == '\n') {
                return true;
            }
            if (Http1Head.isControl(c) && c != '\r' && c != '\t') {
                return false;
            }
        }
        return false;
    }

    private static boolean matches(Segment s, String ascii) {
        int n = Math.min(s.captured(), ascii.length());
        for (int i = 0; i < n; i++) {
            if (s.byteAt(i) != ascii.charAt(i)) {
                return false;
            }
        }
        return n == ascii.length() || n >= MIN_DETECT && n == s.captured();
    }

    /** Origin form, asterisk form, absolute form (a scheme) or authority form (CONNECT host:port). */
    private static boolean isTargetStart(byte c) {
        return c == '/' || c == '*' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '[';
    }
}
