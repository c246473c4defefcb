package io.sockscope.config.binding;

import io.sockscope.config.ConfigProblems;
import io.sockscope.config.InvalidValueException;
import io.sockscope.config.KeyPath;
import io.sockscope.config.Suggestions;
import io.sockscope.config.Validated;
import io.sockscope.config.yaml.Position;
import io.sockscope.config.yaml.ScalarType;
import io.sockscope.config.yaml.YamlMapping;
import io.sockscope.config.yaml.YamlNode;
import io.sockscope.config.yaml.YamlScalar;
import io.sockscope.config.yaml.YamlSequence;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a component's YAML onto its configuration record, as the Collector's confmap does with Go
 * structs: record component {@code sendBatchSize} ↔ key {@code send_batch_size} (or {@link ConfigKey}),
 * keys not written keep the value of the defaults record, and every mistake (unknown key, wrong type)
 * is reported with its line. Then {@link Validated#validate()} runs on each bound record, inner ones
 * first; an {@link InvalidValueException} becomes an error at the line of the key it names.
 *
 * <p>Types: String; int, long, double, boolean and their boxes (null = unset); {@link Duration}
 * ({@code 5s}, {@code 200ms}, {@code 1m30s}); enums by lower-case name; {@code List<T>},
 * {@code Set<T>}, {@code Map<String, T>} and nested records of any of these; {@code Object} (and
 * {@code Map<String, Object>}) for free-form values: String, Long, Double, Boolean, List, Map.
 *
 * <p>A nested record or list item with no defaults from its parent takes them from a public static
 * {@code defaults()} method of its class, if it has one; otherwise unset components are null, 0 or false.
 */
public final class Binder {
    private final ConfigProblems problems;
    private int errors;

    private Binder(ConfigProblems problems) {
        this.problems = problems;
    }

    /**
     * Binds {@code body} (a mapping, or an empty value for all defaults) to a record.
     *
     * @param path     the key path of {@code body}, {@code exporters.file/traces}
     * @param defaults values for keys not written; null to use {@code type}'s static {@code defaults()} or zeros
     * @param fallback where to point when a problem has no line of its own (the component's key)
     * @return the record, or null when there were errors (all of them in {@code problems})
     */
    public static <R extends Record> R bind(YamlNode body, String path, Class<R> type, R defaults, Position fallback,
                                            ConfigProblems problems) {
        Binder binder = new Binder(problems);
        YamlNode node = body == null ? new YamlScalar("", ScalarType.NULL, true, fallback) : body;
        Object value = binder.record(node, path, type, defaults != null ? defaults : staticDefaults(type), fallback);
        return binder.errors == 0 ? type.cast(value) : null;
    }

    /** The YAML key of a record component: its {@link ConfigKey}, else its name in snake_case. */
    public static String keyOf(RecordComponent component) {
        ConfigKey key = component.getAnnotation(ConfigKey.class);
        if (key == null) {
            key = component.getAccessor().getAnnotation(ConfigKey.class);
        }
        return key != null ? key.value() : snakeCase(component.getName());
    }

    public static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean previousLower = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                if (i > 0 && (previousLower || nextLower)) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private void error(Position at, String path, String detail, String hint) {
        errors++;
        problems.error(at, path, detail, hint);
    }

    private Object convert(YamlNode node, Type type, Object defaultValue, String path) {
        Class<?> raw = rawClass(type);
        if (node instanceof YamlScalar s && s.isNull() && !raw.isRecord()) {
            return defaultValue;
        }
        if (raw.isRecord()) {
            Object defaults = defaultValue != null ? defaultValue : staticDefaults(raw);
            return record(node, path, raw, defaults, node.position());
        }
        if (raw == List.class || raw == java.util.Collection.class) {
            return list(node, typeArgument(type, 0), path);
        }
        if (raw == java.util.Set.class) {
            return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(list(node, typeArgument(type, 0), path)));
        }
        if (raw == Map.class) {
            Type keyType = typeArgument(type, 0);
            if (rawClass(keyType) != String.class) {
                throw new IllegalStateException("configuration maps must have String keys: " + type);
            }
            return map(node, typeArgument(type, 1), path);
        }
        if (raw == Object.class) {
            return plain(node);
        }
        if (!(node instanceof YamlScalar s)) {
            error(node.position(), path, "expected " + expected(raw) + ", got " + node.describe(), hintFor(raw));
            return defaultValue;
        }
        try {
            return scalar(s, raw);
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(s.position(), path, "expected " + expected(raw) + ", got " + s.describe(), hintFor(raw));
            return defaultValue;
        }
    }

    private Object scalar(YamlScalar s, Class<?> raw) {
        String text = s.value().strip();
        if (raw == String.class) {
            return s.value();
        } else if (raw == int.class || raw == Integer.class) {
            return Math.toIntExact(integer(text).longValueExact());
        } else if (raw == long.class || raw == Long.class) {
            return integer(text).longValueExact();
        } else if (raw == double.class || raw == Double.class) {
            return floating(text);
        } else if (raw == float.class || raw == Float.class) {
            return (float) floating(text);
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (text.equalsIgnoreCase("true")) {
                return true;
            } else if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException(text);
        } else if (raw == Duration.class) {
            return Durations.parse(text);
        } else if (raw.isEnum()) {
            for (Object constant : raw.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                if (name.equalsIgnoreCase(text) || name.equalsIgnoreCase(text.replace('-', '_'))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(text);
        }
        throw new IllegalStateException("the configuration binder does not support " + raw.getName());
    }

    private static BigInteger integer(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        BigInteger v;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            v = new BigInteger(t.substring(2), 16);
        } else if (t.startsWith("0o")) {
            v = new BigInteger(t.substring(2), 8);
        } else {
            v = new BigInteger(t);
        }
        return negative ? v.negate() : v;
    }

    private static double floating(String text) {
        return switch (text) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            default -> {
                if (!text.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException(text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    private static String expected(Class<?> raw) {
        if (raw == String.class) {
            return "a string";
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "a whole number";
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "a number";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        } else if (raw == Duration.class) {
            return "a duration like 5s";
        } else if (raw.isEnum()) {
            return "one of " + enumNames(raw);
        }
        return "a value of type " + raw.getSimpleName();
    }

    private static String hintFor(Class<?> raw) {
        if (raw == Duration.class) {
            return "write a number with a unit: 200ms, 5s, 1m30s (units ns, us, ms, s, m, h)";
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "write digits only, e.g. 8192";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return "write true or false";
        } else if (raw.isEnum()) {
            return "write one of " + enumNames(raw);
        } else if (raw == String.class) {
            return "quote the value if it is meant as text";
        }
        return null;
    }

    private static String enumNames(Class<?> raw) {
        return String.join(", ", Arrays.stream(raw.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList());
    }

    private List<Object> list(YamlNode node, Type itemType, String path) {
        if (!(node instanceof YamlSequence seq)) {
            error(node.position(), path, "expected a list, got " + node.describe(), "write [a, b] or one \"- item\" per line");
            return List.of();
        }
        List<Object> out = new ArrayList<>(seq.items().size());
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String p = KeyPath.index(path, i);
            if (item instanceof YamlScalar s && s.isNull() && !rawClass(itemType).isRecord()) {
                error(item.position(), p, "empty list item", "remove the empty \"-\" line");
                continue;
            }
            out.add(convert(item, itemType, null, p));
        }
        return java.util.Collections.unmodifiableList(out);
    }

    private Map<String, Object> map(YamlNode node, Type valueType, String path) {
        if (!(node instanceof YamlMapping m)) {
            error(node.position(), path, "expected a mapping, got " + node.describe(), "write key: value pairs, one per line");
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (YamlMapping.Entry e : m.entries()) {
            out.put(e.name(), convert(e.value(), valueType, null, KeyPath.child(path, e.name())));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Free-form YAML as plain Java values; maps keep the file order. */
    private static Object plain(YamlNode node) {
        return switch (node) {
            case YamlScalar s -> switch (s.type()) {
                case NULL -> null;
                case BOOL -> Boolean.parseBoolean(s.value().toLowerCase(Locale.ROOT));
                case INT -> {
                    try {
                        yield integer(s.value()).longValueExact();
                    } catch (ArithmeticException e) {
                        yield s.value();
                    }
                }
                case FLOAT -> floating(s.value());
                case STRING -> s.value();
            };
            case YamlSequence seq -> {
                List<Object> out = new ArrayList<>();
                seq.items().forEach(i -> out.add(plain(i)));
                yield java.util.Collections.unmodifiableList(out);
            }
            case YamlMapping m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach(e -> out.put(e.name(), plain(e.value())));
                yield java.util.Collections.unmodifiableMap(out);
            }
        };
    }

    private Object record(YamlNode node, String path, Class<?> type, Object defaults, Position fallback) {
        YamlMapping m;
        if (node instanceof YamlMapping mm) {
            m = mm;
        } else if (node instanceof YamlScalar s && s.isNull()) {
            m = YamlMapping.empty(s.position().known() ? s.position() : fallback);
        } else {
            error(node.position(), path, "expected a mapping, got " + node.describe(), "write key: value pairs, one per line"
                    + (keys(type).isEmpty() ? "" : " (valid keys: " + String.join(", ", keys(type)) + ")"));
            return defaults;
        }
        int errorsBefore = errors;
        RecordComponent[] components = type.getRecordComponents();
        List<String> valid = keys(type);
        Object[] args = new Object[components.length];
        boolean[] set = new boolean[components.length];
        // File order, so errors read top to bottom.
        for (YamlMapping.Entry e : m.entries()) {
            int i = valid.indexOf(e.name());
            if (i < 0) {
                String hint = Suggestions.hint(e.name(), valid, "valid keys");
                error(e.key().position(), KeyPath.child(path, e.name()), "unknown key \"" + e.name() + "\"", hint);
                continue;
            }
            RecordComponent c = components[i];
            Object defaultValue = defaults == null ? null : read(c, defaults);
            args[i] = convert(e.value(), c.getGenericType(), defaultValue, KeyPath.child(path, e.name()));
            set[i] = true;
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            if (!set[i]) {
                args[i] = defaults == null ? null : read(c, defaults);
            }
            if (args[i] == null && c.getType().isPrimitive()) {
                args[i] = zero(c.getType());
            }
        }
        if (errors > errorsBefore) {
            return defaults;
        }
        Object built;
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            built = ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            invalid(e.getCause(), m, path);
            return defaults;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct configuration record " + type.getName(), e);
        }
        if (built instanceof Validated v) {
            try {
                v.validate();
            } catch (RuntimeException e) {
                invalid(e, m, path);
                return defaults;
            }
        }
        return built;
    }

    private void invalid(Throwable t, YamlMapping m, String path) {
        if (t instanceof InvalidValueException iv) {
            String key = iv.key() == null ? "" : iv.key();
            error(locate(m, key), key.isEmpty() ? path : KeyPath.child(path, key), iv.getMessage(), iv.hint());
        } else if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            error(m.position(), path, t.getMessage(), null);
        } else if (t instanceof RuntimeException r) {
            throw r;
        } else if (t instanceof Error err) {
            throw err;
        } else {
            throw new IllegalStateException(t);
        }
    }

    /** The position of a dotted key ({@code rotation.max_megabytes}, {@code actions[1].key}) under m. */
    static Position locate(YamlMapping m, String key) {
        YamlNode current = m;
        Position best = m.position();
        if (key.isEmpty()) {
            return best;
        }
        for (String part : key.split("\\.")) {
            String name = part;
            List<Integer> indexes = new ArrayList<>();
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                name = part.substring(0, bracket);
                for (String ix : part.substring(bracket + 1).split("\\]\\[?")) {
                    if (!ix.isEmpty()) {
                        indexes.add(Integer.parseInt(ix.replace("]", "")));
                    }
                }
            }
            if (!name.isEmpty()) {
                if (!(current instanceof YamlMapping cm)) {
                    return best;
                }
                Optional<YamlMapping.Entry> e = cm.entry(name);
                if (e.isEmpty()) {
                    return best;
                }
                best = e.get().key().position();
                current = e.get().value();
                if (!(current instanceof YamlMapping) && !(current instanceof YamlSequence)) {
                    best = current.position();
                }
            }
            for (int ix : indexes) {
                if (!(current instanceof YamlSequence seq) || ix < 0 || ix >= seq.items().size()) {
                    return best;
                }
                current = seq.items().get(ix);
                best = current.position();
            }
        }
        return best;
    }

    private static List<String> keys(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(Binder::keyOf).toList();
    }

    private static Object read(RecordComponent c, Object instance) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    /** A record class's {@code public static T defaults()}, or null. */
    static Object staticDefaults(Class<?> type) {
        try {
            Method m = type.getDeclaredMethod("defaults");
            if (Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType())) {
                m.setAccessible(true);
                return m.invoke(null);
            }
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + type.getName() + ".defaults()", e);
        }
        return null;
    }

    private static Object zero(Class<?> primitive) {
        if (primitive == boolean.class) {
            return false;
        } else if (primitive == int.class) {
            return 0;
        } else if (primitive == long.class) {
            return 0L;
        } else if (primitive == double.class) {
            return 0.0;
        } else if (primitive == float.class) {
            return 0.0f;
        } else if (primitive == short.class) {
            return (short) 0;
        } else if (primitive == byte.class) {
            return (byte) 0;
        }
        return '\0';
    }

    private static Class<?> rawClass(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            case WildcardType w -> rawClass(w.getUpperBounds()[0]);
            default -> Object.class;
        };
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[index];
            return arg instanceof WildcardType w ? w.getUpperBounds()[0] : arg;
        }
        return Object.class;
    }
}
