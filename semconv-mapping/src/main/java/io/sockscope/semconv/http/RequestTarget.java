package io.sockscope.semconv.http;

/**
 * The parts of an HTTP/1.x request-target (RFC 9112 section 3.2) that spans need.
 *
 * @param scheme    {@code http} or {@code https} for the absolute form, else null
 * @param authority host[:port] of the absolute or authority form, user info removed, else null
 * @param userInfo  whether the absolute form carried {@code user:pass@} (to redact in url.full)
 * @param path      the path; null for the authority form (CONNECT)
 * @param query     the query without '?', or null when there is none
 */
public record RequestTarget(String scheme, String authority, boolean userInfo, String path, String query) {

    /** Returns null for a null or empty target. */
    public static RequestTarget parse(String target, String method) {
        if (target == null || target.isEmpty()) {
            return null;
        }
        if (target.charAt(0) == '/' || target.equals("*")) {
            return originForm(target);
        }
        int schemeEnd = schemeEnd(target);
        if (schemeEnd > 0) {
            return absoluteForm(target, schemeEnd);
        }
        if ("CONNECT".equals(method)) {
            return new RequestTarget(null, target, false, null, null);
        }
        return originForm(target);
    }

    private static RequestTarget originForm(String target) {
        int q = target.indexOf('?');
        return q < 0
                ? new RequestTarget(null, null, false, target, null)
                : new RequestTarget(null, null, false, target.substring(0, q), target.substring(q + 1));
    }

    /** Index of "://" after http or https (any case), or -1. */
    private static int schemeEnd(String t) {
        if (t.regionMatches(true, 0, "http://", 0, 7)) {
            return 4;
        }
        if (t.regionMatches(true, 0, "https://", 0, 8)) {
            return 5;
        }
        return -1;
    }

    private static RequestTarget absoluteForm(String t, int schemeEnd) {
        String scheme = schemeEnd == 4 ? "http" : "https";
        int authFrom = schemeEnd + 3;
        int authTo = authFrom;
        while (authTo < t.length() && t.charAt(authTo) != '/' && t.charAt(authTo) != '?') {
            authTo++;
        }
        int at = t.lastIndexOf('@', authTo - 1);
        boolean userInfo = at >= authFrom;
        String authority = t.substring(userInfo ? at + 1 : authFrom, authTo);
        int q = t.indexOf('?', authTo);
        String path = q < 0 ? t.substring(authTo) : t.substring(authTo, q);
        String query = q < 0 ? null : t.substring(q + 1);
        return new RequestTarget(scheme, authority, userInfo, path.isEmpty() ? "/" : path, query);
    }
}
