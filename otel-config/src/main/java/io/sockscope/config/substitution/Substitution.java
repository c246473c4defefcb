package io.sockscope.config.substitution;

import io.sockscope.config.ConfigProblems;
import io.sockscope.config.KeyPath;
import io.sockscope.config.yaml.Position;
import io.sockscope.config.yaml.ScalarType;
import io.sockscope.config.yaml.YamlLoader;
import io.sockscope.config.yaml.YamlMapping;
import io.sockscope.config.yaml.YamlNode;
import io.sockscope.config.yaml.YamlScalar;
import io.sockscope.config.yaml.YamlSequence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment references in scalar values, as the Collector expands them: {@code ${env:VAR}},
 * {@code ${VAR}}, {@code ${env:VAR:-default}} (the default only when VAR is unset; an empty VAR
 * stays empty) and {@code $$} for a literal {@code $}. Keys are never expanded.
 *
 * <p>Differences from the Collector, on purpose: an unset variable without a default is an error
 * (the Collector substitutes "" with a warning, which turns into confusing errors later); other
 * providers ({@code ${file:...}}, {@code ${http:...}}) are errors; nested references are errors.
 *
 * <p>Runs after parsing, so every position stays the one in the file. A plain value that is exactly
 * one reference is re-typed from its expansion ({@code ${env:SIZE}} with SIZE=8192 is a number),
 * like the Collector does; a reference inside a longer value or a quoted one gives a string.
 */
public final class Substitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_REF = Pattern.compile("(" + NAME.pattern() + ")(?::-(.*))?", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);

    private final Function<String, String> environment;
    private final ConfigProblems problems;

    private Substitution(Function<String, String> environment, ConfigProblems problems) {
        this.environment = environment;
        this.problems = problems;
    }

    /** Expands with the process environment. */
    public static YamlNode apply(YamlNode root, ConfigProblems problems) {
        return apply(root, System::getenv, problems);
    }

    /**
     * @param environment a variable's value, or null when it is unset
     */
    public static YamlNode apply(YamlNode root, Function<String, String> environment, ConfigProblems problems) {
        return new Substitution(environment, problems).walk(root, "");
    }

    private YamlNode walk(YamlNode node, String path) {
        return switch (node) {
            case YamlScalar s -> expand(s, path);
            case YamlSequence seq -> {
                List<YamlNode> items = new ArrayList<>(seq.items().size());
                for (int i = 0; i < seq.items().size(); i++) {
                    items.add(walk(seq.items().get(i), KeyPath.index(path, i)));
                }
                yield new YamlSequence(items, seq.position());
            }
            case YamlMapping m -> {
                List<YamlMapping.Entry> entries = new ArrayList<>(m.entries().size());
                for (YamlMapping.Entry e : m.entries()) {
                    entries.add(new YamlMapping.Entry(e.key(), walk(e.value(), KeyPath.child(path, e.name()))));
                }
                yield new YamlMapping(entries, m.position());
            }
        };
    }

    private YamlScalar expand(YamlScalar s, String path) {
        String text = s.value();
        if (s.type() != ScalarType.STRING || text.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(text.length());
        int references = 0;
        boolean onlyReference = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                Position at = at(s, i);
                if (end < 0) {
                    problems.error(at, path, "unterminated reference \"" + text.substring(i) + "\"",
                            "close it with }, or write $$ for a literal $");
                    return failed(s);
                }
                String inner = text.substring(i + 2, end);
                if (inner.contains("${")) {
                    problems.error(at, path, "nested references are not supported: \"" + text.substring(i, end + 1) + "\"",
                            "set the whole value in one environment variable");
                    return failed(s);
                }
                String value = resolve(inner, at, path);
                if (value == null) {
                    return failed(s);
                }
                onlyReference = i == 0 && end == text.length() - 1;
                references++;
                out.append(value);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        String expanded = out.toString();
        ScalarType type = s.plain() && references == 1 && onlyReference ? YamlLoader.resolve(expanded) : ScalarType.STRING;
        return new YamlScalar(expanded, type, s.plain(), s.position());
    }

    /** An empty value in place of one that could not be expanded, so it is reported once, not again as a wrong type. */
    private static YamlScalar failed(YamlScalar s) {
        return new YamlScalar("", ScalarType.NULL, s.plain(), s.position());
    }

    /** The value of one reference body ({@code env:NAME:-default}), or null after reporting an error. */
    private String resolve(String inner, Position at, String path) {
        String body = inner;
        Matcher scheme = SCHEME.matcher(inner);
        if (!ENV_REF.matcher(inner).matches() && scheme.matches()) {
            if (!scheme.group(1).equals("env")) {
                problems.error(at, path, "unsupported config provider \"" + scheme.group(1) + "\" in ${" + inner + "}",
                        "Sockscope expands environment variables only: ${env:NAME} or ${env:NAME:-default}");
                return null;
            }
            body = scheme.group(2);
        }
        Matcher ref = ENV_REF.matcher(body);
        if (!ref.matches()) {
            problems.error(at, path, "invalid reference ${" + inner + "}",
                    "write ${env:NAME} or ${env:NAME:-default} with NAME made of letters, digits and _; write $$ for a literal $");
            return null;
        }
        String name = ref.group(1);
        String value = environment.apply(name);
        if (value != null) {
            return value;
        }
        if (ref.group(2) != null) {
            return ref.group(2);
        }
        problems.error(at, path, "environment variable " + name + " is not set",
                "set " + name + ", or give a default: ${env:" + name + ":-value}");
        return null;
    }

    /** Position of character {@code offset} of a plain one-line scalar; the scalar's start otherwise. */
    private static Position at(YamlScalar s, int offset) {
        Position p = s.position();
        if (!s.plain() || !p.known() || s.value().substring(0, offset).contains("\n")) {
            return p;
        }
        return new Position(p.file(), p.line(), p.column() + offset);
    }
}
