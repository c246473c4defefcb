package io.sockscope.pipeline.processor.attraction;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiled attribute actions, applied in order to one attribute list. Immutable and thread-safe.
 * Hashes are SHA-256 in hex of the value's bytes (strings as UTF-8, booleans as one byte, numbers as
 * 8 little-endian bytes), as the Collector computes them.
 */
public final class AttributeActions {
    private final List<Compiled> actions;

    private record Compiled(AttributeAction spec, AnyValue value, AttributeAction.NamedPattern named) {
        Pattern pattern() {
            return named == null ? null : named.pattern();
        }
    }

    private AttributeActions(List<Compiled> actions) {
        this.actions = actions;
    }

    /** @param specs validated actions */
    public static AttributeActions compile(List<AttributeAction> specs) {
        List<Compiled> out = new ArrayList<>();
        for (AttributeAction a : specs) {
            out.add(new Compiled(a, a.value() == null ? null : anyValue(a.value()), AttributeAction.compile("pattern", a.pattern())));
        }
        return new AttributeActions(List.copyOf(out));
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** The attributes after every action; the input list when nothing changed. */
    public List<KeyValue> apply(List<KeyValue> attributes) {
        Map<String, AnyValue> attrs = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            attrs.put(kv.getKey(), kv.getValue());
        }
        boolean changed = false;
        for (Compiled c : actions) {
            changed |= apply(c, attrs);
        }
        if (!changed) {
            return attributes;
        }
        List<KeyValue> out = new ArrayList<>(attrs.size());
        attrs.forEach((k, v) -> out.add(KeyValue.newBuilder().setKey(k).setValue(v).build()));
        return out;
    }

    private static boolean apply(Compiled c, Map<String, AnyValue> attrs) {
        AttributeAction a = c.spec();
        String key = a.key();
        return switch (a.action()) {
            case INSERT -> {
                AnyValue v = source(c, attrs);
                if (v == null || attrs.containsKey(key)) {
                    yield false;
                }
                attrs.put(key, v);
                yield true;
            }
            case UPDATE -> {
                AnyValue v = source(c, attrs);
                if (v == null || !attrs.containsKey(key)) {
                    yield false;
                }
                attrs.put(key, v);
                yield true;
            }
            case UPSERT -> {
                AnyValue v = source(c, attrs);
                if (v == null) {
                    yield false;
                }
                attrs.put(key, v);
                yield true;
            }
            case DELETE -> {
                boolean removed = key != null && attrs.remove(key) != null;
                if (c.pattern() != null) {
                    removed |= attrs.keySet().removeIf(k -> c.pattern().matcher(k).find());
                }
                yield removed;
            }
            case HASH -> {
                boolean hashed = false;
                for (Map.Entry<String, AnyValue> e : attrs.entrySet()) {
                    boolean selected = key != null ? e.getKey().equals(key) : c.pattern().matcher(e.getKey()).find();
                    if (selected) {
                        e.setValue(AnyValue.newBuilder().setStringValue(sha256(e.getValue())).build());
                        hashed = true;
                    }
                }
                yield hashed;
            }
            case EXTRACT -> {
                AnyValue v = attrs.get(key);
                if (v == null || v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
                    yield false;
                }
                Matcher m = c.pattern().matcher(v.getStringValue());
                if (!m.find()) {
                    yield false;
                }
                for (int i = 0; i < c.named().names().size(); i++) {
                    String g = m.group(c.named().javaNames().get(i));
                    if (g != null) {
                        attrs.put(c.named().names().get(i), AnyValue.newBuilder().setStringValue(g).build());
                    }
                }
                yield true;
            }
            case CONVERT -> {
                AnyValue v = attrs.get(key);
                AnyValue converted = v == null ? null : convert(v, a.convertedType());
                if (converted == null || converted.equals(v)) {
                    yield false;
                }
                attrs.put(key, converted);
                yield true;
            }
        };
    }

    private static AnyValue source(Compiled c, Map<String, AnyValue> attrs) {
        return c.value() != null ? c.value() : attrs.get(c.spec().fromAttribute());
    }

    /** The converted value, or null when it does not convert (left as it is, like the Collector). */
    private static AnyValue convert(AnyValue v, String type) {
        AnyValue.Builder b = AnyValue.newBuilder();
        try {
            return switch (type) {
                case "string" -> b.setStringValue(text(v)).build();
                case "int" -> switch (v.getValueCase()) {
                    case INT_VALUE -> v;
                    case DOUBLE_VALUE -> b.setIntValue((long) v.getDoubleValue()).build();
                    case BOOL_VALUE -> b.setIntValue(v.getBoolValue() ? 1 : 0).build();
                    case STRING_VALUE -> b.setIntValue(Long.parseLong(v.getStringValue().strip())).build();
                    default -> null;
                };
                case "double" -> switch (v.getValueCase()) {
                    case DOUBLE_VALUE -> v;
                    case INT_VALUE -> b.setDoubleValue(v.getIntValue()).build();
                    case BOOL_VALUE -> b.setDoubleValue(v.getBoolValue() ? 1 : 0).build();
                    case STRING_VALUE -> b.setDoubleValue(Double.parseDouble(v.getStringValue().strip())).build();
                    default -> null;
                };
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A value as text, the way it is printed in logs and debug output. */
    public static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<String> items = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(i -> items.add(text(i)));
                yield "[" + String.join(",", items) + "]";
            }
            case KVLIST_VALUE -> {
                List<String> items = new ArrayList<>();
                v.getKvlistValue().getValuesList().forEach(kv -> items.add(kv.getKey() + ":" + text(kv.getValue())));
                yield "{" + String.join(",", items) + "}";
            }
            case STRING_VALUE_STRINDEX -> "#" + v.getStringValueStrindex();
            case VALUE_NOT_SET -> "";
        };
    }

    static String sha256(AnyValue v) {
        byte[] bytes = switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue().getBytes(StandardCharsets.UTF_8);
            case BOOL_VALUE -> new byte[]{(byte) (v.getBoolValue() ? 1 : 0)};
            case INT_VALUE -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v.getIntValue()).array();
            case DOUBLE_VALUE -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(Double.doubleToRawLongBits(v.getDoubleValue())).array();
            default -> new byte[0];
        };
        if (bytes.length == 0) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A YAML value (String, Long, Double, Boolean, List, Map) as an OTLP value. */
    public static AnyValue anyValue(Object o) {
        AnyValue.Builder b = AnyValue.newBuilder();
        switch (o) {
            case null -> {
            }
            case String s -> b.setStringValue(s);
            case Boolean bool -> b.setBoolValue(bool);
            case Long l -> b.setIntValue(l);
            case Integer i -> b.setIntValue(i);
            case Double d -> b.setDoubleValue(d);
            case Float f -> b.setDoubleValue(f);
            case byte[] bytes -> b.setBytesValue(ByteString.copyFrom(bytes));
            case List<?> list -> {
                ArrayValue.Builder arr = ArrayValue.newBuilder();
                list.forEach(i -> arr.addValues(anyValue(i)));
                b.setArrayValue(arr);
            }
            case Map<?, ?> map -> {
                KeyValueList.Builder kvs = KeyValueList.newBuilder();
                map.forEach((k, v) -> kvs.addValues(KeyValue.newBuilder().setKey(String.valueOf(k)).setValue(anyValue(v))));
                b.setKvlistValue(kvs);
            }
            default -> b.setStringValue(String.valueOf(o));
        }
        return b.build();
    }
}
