package io.sockscope.receiver.protocol.http1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last string made from one header of one connection, reused while the bytes repeat: keep-alive
 * clients send the same Host, User-Agent and often the same target on every request, so the hot path
 * compares bytes instead of allocating a string per request.
 */
final class RepeatedValue {
    private static final int MAX_KEPT = 512;

    private byte[] bytes = new byte[0];
    private String value;

    String of(byte[] b, int from, int to) {
        int n = to - from;
        if (value != null && n == bytes.length && Arrays.equals(b, from, to, bytes, 0, n)) {
            return value;
        }
        String s = new String(b, from, n, StandardCharsets.ISO_8859_1);
        if (n <= MAX_KEPT) {
            bytes = Arrays.copyOfRange(b, from, to);
            value = s;
        }
        return s;
    }
}
