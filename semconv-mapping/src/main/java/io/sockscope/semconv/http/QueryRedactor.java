package io.sockscope.semconv.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scrubs a URL query before it becomes {@code url.query} or part of {@code url.full}: the values of
 * sensitive keys become {@code REDACTED}, keys stay ({@code q=otel&sig=REDACTED}), as the semantic
 * conventions ask. Keys match case-insensitively (privacy first: {@code Token} is as secret as
 * {@code token}); percent-encoded key names are not decoded.
 *
 * <p>Allocation-free when nothing needs redacting: the query comes back as the same instance.
 * Immutable and thread-safe.
 */
public final class QueryRedactor {
    public static final String REDACTED = "REDACTED";

    /**
     * The four keys the semantic conventions name ({@code AWSAccessKeyId}, {@code Signature},
     * {@code sig}, {@code X-Goog-Signature}), the rest of the AWS and Google signed-URL credentials,
     * and the usual names of tokens, keys and passwords.
     */
    public static final Set<String> DEFAULT_SENSITIVE_KEYS = Set.of(
            "AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature",
            "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "X-Goog-Credential",
            "token", "access_token", "refresh_token", "id_token", "jwt",
            "api_key", "apikey", "api-key", "key",
            "password", "passwd", "pwd", "secret", "client_secret",
            "auth", "authorization", "session", "sessionid");

    private static final QueryRedactor DEFAULTS = new QueryRedactor(DEFAULT_SENSITIVE_KEYS, false);
    private static final QueryRedactor ALL_VALUES = new QueryRedactor(Set.of(), true);

    /** Sensitive keys bucketed by length, so a key is compared only with keys as long as itself. */
    private final String[][] keysByLength;
    private final boolean allValues;

    private QueryRedactor(Collection<String> keys, boolean allValues) {
        this.allValues = allValues;
        int max = 0;
        for (String k : keys) {
            max = Math.max(max, k.length());
        }
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            buckets.add(new ArrayList<>());
        }
        for (String k : keys) {
            if (!k.isEmpty()) {
                buckets.get(k.length()).add(k.toLowerCase(Locale.ROOT));
            }
        }
        keysByLength = new String[max + 1][];
        for (int i = 0; i <= max; i++) {
            keysByLength[i] = buckets.get(i).stream().distinct().toArray(String[]::new);
        }
    }

    /** Redacts the values of {@link #DEFAULT_SENSITIVE_KEYS}. */
    public static QueryRedactor defaults() {
        return DEFAULTS;
    }

    /** Redacts the values of these keys only (case-insensitive); an empty set redacts nothing. */
    public static QueryRedactor of(Collection<String> sensitiveKeys) {
        return new QueryRedactor(sensitiveKeys, false);
    }

    /** Redacts every value: {@code a=REDACTED&b=REDACTED}. */
    public static QueryRedactor allValues() {
        return ALL_VALUES;
    }

    /** The query with sensitive values replaced; the same instance when nothing changed. */
    public String redact(String query) {
        if (query == null) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = query.length();
        int start = 0;
        while (start < n) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = n;
            }
            int eq = query.indexOf('=', start);
            if (eq >= 0 && eq < end && !isRedacted(query, eq + 1, end) && (allValues || sensitive(query, start, eq))) {
                if (out == null) {
                    out = new StringBuilder(n + REDACTED.length());
                }
                out.append(query, copied, eq + 1).append(REDACTED);
                copied = end;
            }
            start = end + 1;
        }
        if (out == null) {
            return query;
        }
        return out.append(query, copied, n).toString();
    }

    private boolean sensitive(String s, int from, int to) {
        int len = to - from;
        if (len == 0 || len >= keysByLength.length) {
            return false;
        }
        for (String k : keysByLength[len]) {
            if (s.regionMatches(true, from, k, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /** Already REDACTED (or empty): nothing to hide, keep the original to avoid a copy. */
    private static boolean isRedacted(String s, int from, int to) {
        return from == to || (to - from == REDACTED.length() && s.startsWith(REDACTED, from));
    }
}
