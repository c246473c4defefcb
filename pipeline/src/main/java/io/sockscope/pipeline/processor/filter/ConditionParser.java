package io.sockscope.pipeline.processor.filter;

import io.sockscope.config.Suggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the subset of OTTL conditions the {@code filter} processor supports:
 *
 * <pre>
 * condition  := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" or ")" | IsMatch(operand, "regex") | operand ("==" | "!=") operand | true | false
 * operand    := path | "string" | 123 | 1.5 | true | false | nil | ENUM
 * span paths   : name, kind, status.code, attributes["k"], resource.attributes["k"], instrumentation_scope.name
 * metric paths : name, description, unit, type, resource.attributes["k"], instrumentation_scope.name
 * ENUM       : SPAN_KIND_SERVER, ..., STATUS_CODE_ERROR, ..., METRIC_DATA_TYPE_SUM, ...
 * </pre>
 *
 * Anything else (other functions, {@code <}, converters) is rejected with a message saying what is
 * supported, so a condition never silently matches nothing.
 */
final class ConditionParser {
    enum Context {
        SPAN(Set.of("name", "kind", "status.code", "attributes", "resource.attributes", "instrumentation_scope.name",
                "instrumentation_scope.version")),
        METRIC(Set.of("name", "description", "unit", "type", "resource.attributes", "instrumentation_scope.name",
                "instrumentation_scope.version"));

        final Set<String> paths;

        Context(Set<String> paths) {
            this.paths = paths;
        }
    }

    static final Map<String, Long> ENUMS = Map.ofEntries(
            Map.entry("SPAN_KIND_UNSPECIFIED", 0L), Map.entry("SPAN_KIND_INTERNAL", 1L), Map.entry("SPAN_KIND_SERVER", 2L),
            Map.entry("SPAN_KIND_CLIENT", 3L), Map.entry("SPAN_KIND_PRODUCER", 4L), Map.entry("SPAN_KIND_CONSUMER", 5L),
            Map.entry("STATUS_CODE_UNSET", 0L), Map.entry("STATUS_CODE_OK", 1L), Map.entry("STATUS_CODE_ERROR", 2L),
            Map.entry("METRIC_DATA_TYPE_NONE", 0L), Map.entry("METRIC_DATA_TYPE_GAUGE", 1L), Map.entry("METRIC_DATA_TYPE_SUM", 2L),
            Map.entry("METRIC_DATA_TYPE_HISTOGRAM", 3L), Map.entry("METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM", 4L),
            Map.entry("METRIC_DATA_TYPE_SUMMARY", 5L));

    static final String SUPPORTED = "supported: name == \"x\", kind == SPAN_KIND_SERVER, status.code == STATUS_CODE_ERROR, "
            + "attributes[\"k\"] != \"v\", resource.attributes[\"k\"] == \"v\", IsMatch(attributes[\"k\"], \"regex\"), "
            + "combined with and, or, not and parentheses";

    private record Token(String kind, String text, int at) {
    }

    private final String source;
    private final Context context;
    private final List<Token> tokens;
    private int pos;

    private ConditionParser(String source, Context context) {
        this.source = source;
        this.context = context;
        this.tokens = tokenize(source);
    }

    /** @throws IllegalArgumentException saying what is wrong and where (1-based character) */
    static Condition parse(String source, Context context) {
        ConditionParser p = new ConditionParser(source, context);
        Condition c = p.or();
        if (p.peek().kind.equals("op") && !p.peek().text.equals("==") && !p.peek().text.equals("!=")) {
            throw p.error("operator " + p.peek().text + " is not supported, only == and !=");
        }
        if (!p.peek().kind.equals("end")) {
            throw p.error("unexpected \"" + p.peek().text + "\"");
        }
        return c;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private boolean accept(String kind, String text) {
        Token t = peek();
        if (t.kind.equals(kind) && (text == null || t.text.equals(text))) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String kind, String text, String what) {
        if (!accept(kind, text)) {
            throw error("expected " + what + " but found " + describe(peek()));
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at character " + (peek().at + 1) + " of: " + source);
    }

    private static String describe(Token t) {
        return t.kind.equals("end") ? "the end" : "\"" + t.text + "\"";
    }

    private Condition or() {
        Condition left = and();
        while (accept("ident", "or")) {
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = unary();
        while (accept("ident", "and")) {
            left = new Condition.And(left, unary());
        }
        return left;
    }

    private Condition unary() {
        if (accept("ident", "not")) {
            return new Condition.Not(unary());
        }
        if (accept("punct", "(")) {
            Condition inner = or();
            expect("punct", ")", ")");
            return inner;
        }
        if (peek().kind.equals("ident") && tokens.get(pos + 1).text.equals("(")) {
            Token fn = next();
            if (!fn.text.equals("IsMatch")) {
                pos--;
                throw error("function " + fn.text + " is not supported; only IsMatch(target, \"regex\")");
            }
            expect("punct", "(", "(");
            Condition.Operand target = operand();
            expect("punct", ",", ",");
            Token regex = next();
            if (!regex.kind.equals("string")) {
                pos--;
                throw error("IsMatch takes a \"regex\" string as its second argument");
            }
            expect("punct", ")", ")");
            try {
                return new Condition.IsMatch(target, Pattern.compile(regex.text));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression \"" + regex.text + "\": " + e.getDescription());
            }
        }
        Condition.Operand left = operand();
        Token op = peek();
        if (!op.kind.equals("op")) {
            if (left instanceof Condition.Literal(Boolean b)) {
                return new Condition.Constant(b);
            }
            throw error("expected == or != after " + describe(tokens.get(pos - 1)));
        }
        if (!op.text.equals("==") && !op.text.equals("!=")) {
            throw error("operator " + op.text + " is not supported, only == and !=");
        }
        pos++;
        Condition.Operand right = operand();
        return new Condition.Compare(left, op.text.equals("=="), right);
    }

    private Condition.Operand operand() {
        Token t = next();
        switch (t.kind) {
            case "string":
                return new Condition.Literal(t.text);
            case "number":
                return new Condition.Literal(t.text.matches("[-+]?[0-9]+") ? (Object) Long.parseLong(t.text) : (Object) Double.parseDouble(t.text));
            case "ident":
                break;
            default:
                pos--;
                throw error("expected a path or a value but found " + describe(t));
        }
        switch (t.text) {
            case "true", "false" -> {
                return new Condition.Literal(Boolean.parseBoolean(t.text));
            }
            case "nil" -> {
                return new Condition.Literal(null);
            }
            default -> {
            }
        }
        if (ENUMS.containsKey(t.text)) {
            return new Condition.Literal(ENUMS.get(t.text));
        }
        StringBuilder path = new StringBuilder(t.text);
        while (accept("punct", ".")) {
            Token part = next();
            if (!part.kind.equals("ident")) {
                pos--;
                throw error("expected a name after \".\"");
            }
            path.append('.').append(part.text);
        }
        String field = path.toString();
        if (!context.paths.contains(field)) {
            pos--;
            String hint = Suggestions.closest(field, new ArrayList<>(context.paths)).map(s -> "; did you mean " + s + "?")
                    .orElse("; " + context.name().toLowerCase() + " paths are " + String.join(", ", context.paths.stream().sorted().toList()));
            if (field.equals(field.toUpperCase()) && field.contains("_")) {
                hint = Suggestions.closest(field, ENUMS.keySet()).map(s -> "; did you mean " + s + "?").orElse(hint);
            }
            throw error("unknown path " + field + hint);
        }
        String key = null;
        if (field.endsWith("attributes")) {
            expect("punct", "[", "[\"key\"] after " + field);
            Token k = next();
            if (!k.kind.equals("string")) {
                pos--;
                throw error("expected a quoted key in " + field + "[...]");
            }
            key = k.text;
            expect("punct", "]", "]");
        }
        return new Condition.PathOperand(new Condition.Path(field, key));
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                int start = i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        char e = s.charAt(++i);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        sb.append(s.charAt(i));
                    }
                    i++;
                }
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated string at character " + (start + 1) + " of: " + s);
                }
                i++;
                out.add(new Token("string", sb.toString(), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token("ident", s.substring(start, i), start));
            } else if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    i++;
                }
                out.add(new Token("number", s.substring(start, i), start));
            } else if ("=!<>".indexOf(c) >= 0) {
                int start = i++;
                if (i < s.length() && s.charAt(i) == '=') {
                    i++;
                }
                String op = s.substring(start, i);
                if (op.equals("=") || op.equals("!")) {
                    throw new IllegalArgumentException("\"" + op + "\" is not an operator (write == or !=) at character "
                            + (start + 1) + " of: " + s);
                }
                out.add(new Token("op", op, start));
            } else if ("()[],.".indexOf(c) >= 0) {
                out.add(new Token("punct", String.valueOf(c), i));
                i++;
            } else {
                throw new IllegalArgumentException("unexpected character '" + c + "' at character " + (i + 1) + " of: " + s);
            }
        }
        out.add(new Token("end", "", s.length()));
        return out;
    }
}
