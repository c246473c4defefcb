package io.sockscope.semconv.http;

/**
 * Turns a URL path into a low-cardinality template by replacing segments that look like identifiers
 * with {@code {id}}: {@code /users/42/orders/9f1c...} becomes {@code /users/{id}/orders/{id}}.
 *
 * <p>This is a heuristic, not a route: a kernel-level tracer cannot know the server framework's
 * routes. It is therefore used only for span names (opt-in), never for {@code http.route}, which the
 * semantic conventions reserve for the framework's real route.
 *
 * <p>A segment (or the stem before a short file extension, {@code 42.json} becomes {@code {id}.json})
 * is an identifier when it is:
 * <ul>
 *   <li>all digits ({@code 42}, {@code 2024}), or digits with {@code - _ . : ,} separators
 *       starting with a digit ({@code 2024-01-31}, {@code 1.5});</li>
 *   <li>a UUID ({@code 8-4-4-4-12} hex digits);</li>
 *   <li>hex of 8 or more characters with at least one digit (object ids, hashes);</li>
 *   <li>a token of 16 or more characters from {@code [A-Za-z0-9-_.~+=]} with at least one digit and
 *       one letter (base64, random keys), or of 32 or more such characters (long slugs);</li>
 *   <li>anything with an {@code @} (e-mail addresses), a percent-escape or a non-ASCII character
 *       (free text).</li>
 * </ul>
 * Hand-written scanning, no regex: it runs once per span when enabled. Thread-safe (stateless).
 */
public final class PathTemplater {
    /** What an identifier segment becomes. */
    public static final String ID = "{id}";

    private static final int MIN_HEX = 8;
    private static final int MIN_TOKEN = 16;
    private static final int MIN_LONG_TOKEN = 32;
    private static final int MAX_EXTENSION = 5;

    private PathTemplater() {
    }

    /** The templated path; the same instance when nothing was replaced. Null stays null. */
    public static String template(String path) {
        if (path == null) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = path.length();
        int start = 0;
        while (start <= n) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                // Free text goes whole (an e-mail's ".com" is no extension); identifiers keep theirs.
                int stemEnd = end;
                boolean replace = isFreeText(path, start, end);
                if (!replace) {
                    stemEnd = stemEnd(path, start, end);
                    replace = isIdentifier(path, start, stemEnd);
                }
                if (replace) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(path, copied, start).append(ID);
                    copied = stemEnd;
                }
            }
            start = end + 1;
        }
        if (out == null) {
            return path;
        }
        return out.append(path, copied, n).toString();
    }

    /** Where the stem ends: before a short extension of letters and digits with a letter, else at to. */
    private static int stemEnd(String s, int from, int to) {
        int dot = s.lastIndexOf('.', to - 1);
        if (dot <= from || to - dot - 1 < 1 || to - dot - 1 > MAX_EXTENSION) {
            return to;
        }
        boolean letter = false;
        for (int i = dot + 1; i < to; i++) {
            char c = s.charAt(i);
            if (isLetter(c)) {
                letter = true;
            } else if (!isDigit(c)) {
                return to;
            }
        }
        return letter ? dot : to;
    }

    static boolean isIdentifier(String s, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return false;
        }
        int digits = 0;
        int letters = 0;
        boolean allHex = true;
        boolean numeric = isDigit(s.charAt(from));
        boolean token = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                digits++;
            } else if (isLetter(c)) {
                letters++;
                numeric = false;
                allHex &= isHex(c);
            } else {
                allHex = false;
                numeric &= c == '-' || c == '_' || c == '.' || c == ':' || c == ',';
                token &= c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '=';
            }
        }
        if (numeric) {
            return true;
        }
        if (allHex && n >= MIN_HEX && digits > 0) {
            return true;
        }
        if (n == 36 && isUuid(s, from)) {
            return true;
        }
        if (token && n >= MIN_LONG_TOKEN) {
            return true;
        }
        return token && n >= MIN_TOKEN && digits > 0 && letters > 0;
    }

    /** E-mail addresses, percent-escaped or non-ASCII text: user data, whatever its length. */
    private static boolean isFreeText(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '@' || c > 0x7f || c == '%' && i + 2 < to && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUuid(String s, int from) {
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(from + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
