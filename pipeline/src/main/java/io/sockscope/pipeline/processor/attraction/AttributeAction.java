package io.sockscope.pipeline.processor.attraction;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One attribute action, the Collector's {@code attraction} shape shared by the {@code attributes}
 * and {@code resource} processors:
 *
 * <pre>{@code
 * - {key: deployment.environment, value: prod, action: upsert}
 * - {key: http.url, action: delete}
 * - {pattern: ^secret\., action: delete}
 * - {key: user.id, action: hash}
 * - {key: peer.service, from_attribute: server.address, action: insert}
 * - {key: url.path, pattern: ^/users/(?P<user_id>[0-9]+)$, action: extract}
 * - {key: http.status, action: convert, converted_type: int}
 * }</pre>
 *
 * @param key           the attribute acted on
 * @param value         the value to write (string, number, boolean, list or map)
 * @param fromAttribute take the value of this attribute instead of {@code value}
 * @param pattern       delete/hash: a regex on keys (instead of {@code key}); extract: a regex with named groups on the value
 * @param action        insert, update, upsert, delete, hash, extract, convert
 * @param convertedType convert: int, double or string
 */
public record AttributeAction(String key, Object value, String fromAttribute, String pattern, Action action,
                              String convertedType) implements Validated {
    public enum Action {
        INSERT, UPDATE, UPSERT, DELETE, HASH, EXTRACT, CONVERT
    }

    @Override
    public void validate() {
        if (action == null) {
            throw new InvalidValueException("action", "missing action",
                    "add action: insert, update, upsert, delete, hash, extract or convert");
        }
        String name = action.name().toLowerCase(Locale.ROOT);
        switch (action) {
            case INSERT, UPDATE, UPSERT -> {
                requireKey(name);
                if ((value == null) == (fromAttribute == null)) {
                    throw new InvalidValueException(value == null ? "value" : "from_attribute",
                            name + " needs exactly one of value and from_attribute", "keep one of them");
                }
                if (pattern != null) {
                    throw new InvalidValueException("pattern", "pattern is not used by " + name, "remove it");
                }
            }
            case DELETE, HASH -> {
                if (key == null && pattern == null) {
                    throw new InvalidValueException("key", name + " needs a key or a pattern", "add key: <attribute>");
                }
                compile("pattern", pattern);
                if (value != null || fromAttribute != null) {
                    throw new InvalidValueException(value != null ? "value" : "from_attribute", name + " takes no value", "remove it");
                }
            }
            case EXTRACT -> {
                requireKey(name);
                if (pattern == null) {
                    throw new InvalidValueException("pattern", "extract needs a pattern with named groups",
                            "e.g. pattern: ^/users/(?P<user_id>[0-9]+)$");
                }
                if (compile("pattern", pattern).names().isEmpty()) {
                    throw new InvalidValueException("pattern", "the extract pattern has no named group",
                            "name the groups to keep: (?P<name>...)");
                }
            }
            case CONVERT -> {
                requireKey(name);
                if (convertedType == null || !convertedType.matches("int|double|string")) {
                    throw new InvalidValueException("converted_type", "convert needs converted_type int, double or string",
                            "add converted_type: int");
                }
            }
        }
        if (convertedType != null && action != Action.CONVERT) {
            throw new InvalidValueException("converted_type", "converted_type is only used by convert", "remove it");
        }
    }

    private void requireKey(String name) {
        if (key == null || key.isEmpty()) {
            throw new InvalidValueException("key", name + " needs a key", "add key: <attribute name>");
        }
    }

    /**
     * A regular expression with its named groups under the names the user wrote. Go's syntax
     * {@code (?P<user_id>...)} is accepted; Java does not allow {@code _} in group names, so groups
     * are renamed {@code g0, g1, ...} inside the pattern.
     */
    public record NamedPattern(Pattern pattern, List<String> javaNames, List<String> names) {
    }

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<([A-Za-z_][A-Za-z0-9_]*)>");

    static NamedPattern compile(String field, String regex) {
        if (regex == null) {
            return null;
        }
        List<String> javaNames = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = NAMED_GROUP.matcher(regex);
        StringBuilder rewritten = new StringBuilder();
        while (m.find()) {
            // An escaped "\\(" is a literal parenthesis, not a group.
            int backslashes = 0;
            for (int i = m.start() - 1; i >= 0 && regex.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                m.appendReplacement(rewritten, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String javaName = "g" + javaNames.size();
            javaNames.add(javaName);
            names.add(m.group(1));
            m.appendReplacement(rewritten, Matcher.quoteReplacement("(?<" + javaName + ">"));
        }
        m.appendTail(rewritten);
        try {
            return new NamedPattern(Pattern.compile(rewritten.toString()), List.copyOf(javaNames), List.copyOf(names));
        } catch (PatternSyntaxException e) {
            throw new InvalidValueException(field, "invalid regular expression: " + e.getDescription(), "check the pattern near index " + e.getIndex());
        }
    }
}
