package io.sockscope.semconv.resource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code OTEL_RESOURCE_ATTRIBUTES} as the OpenTelemetry SDK does: {@code k1=v1,k2=v2}, keys and
 * values trimmed and percent-decoded (UTF-8), all values strings. As the resource SDK spec says, any
 * error (an entry without {@code =}, an empty key, a bad percent-escape or invalid UTF-8) discards the
 * whole value. Empty entries ({@code a=1,,b=2}) and empty values are skipped.
 */
public final class OtelResourceAttributes {
    private OtelResourceAttributes() {
    }

    /**
     * The parsed attributes in their order, later duplicates winning; empty for null or blank.
     *
     * @throws MalformedException naming the bad entry by position only: values may be private
     */
    public static Map<String, String> parse(String value) throws MalformedException {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        int start = 0;
        int n = value.length();
        int index = 0;
        while (start <= n) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            index++;
            String entry = value.substring(start, end).strip();
            if (!entry.isEmpty()) {
                int eq = entry.indexOf('=');
                if (eq < 0) {
                    throw new MalformedException("entry " + index + " has no '='");
                }
                String key = decode(entry.substring(0, eq).strip(), index);
                String val = decode(entry.substring(eq + 1).strip(), index);
                if (key.isEmpty()) {
                    throw new MalformedException("entry " + index + " has an empty key");
                }
                if (!val.isEmpty()) {
                    out.put(key, val);
                }
            }
            start = end + 1;
        }
        return out;
    }

    private static String decode(String s, int index) throws MalformedException {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '%') {
                continue;
            }
            bytes.writeBytes(s.substring(run, i).getBytes(StandardCharsets.UTF_8));
            int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
            int lo = hi >= 0 ? hex(s.charAt(i + 2)) : -1;
            if (lo < 0) {
                throw new MalformedException("entry " + index + " has a bad percent-escape");
            }
            bytes.write(hi << 4 | lo);
            i += 2;
            run = i + 1;
        }
        bytes.writeBytes(s.substring(run).getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("entry " + index + " decodes to invalid UTF-8");
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The value cannot be used; the message says why without quoting it. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }
}
