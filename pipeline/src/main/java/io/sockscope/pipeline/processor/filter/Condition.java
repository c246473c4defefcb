package io.sockscope.pipeline.processor.filter;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed filter condition: the small part of OTTL that {@link ConditionParser} reads. Evaluated
 * against one span or one metric through {@link Fields}. Immutable and thread-safe.
 */
sealed interface Condition {
    boolean test(Fields item);

    /** Reads a path's value from the item under test: String, Long, Double, Boolean, or null when absent. */
    interface Fields {
        Object get(Path path);
    }

    /** {@code name}, {@code attributes["k"]}, {@code resource.attributes["k"]}, ... */
    record Path(String field, String key) {
        @Override
        public String toString() {
            return key == null ? field : field + "[\"" + key + "\"]";
        }
    }

    sealed interface Operand {
        Object value(Fields item);
    }

    record Literal(Object value) implements Operand {
        @Override
        public Object value(Fields item) {
            return value;
        }
    }

    record PathOperand(Path path) implements Operand {
        @Override
        public Object value(Fields item) {
            return item.get(path);
        }
    }

    record Compare(Operand left, boolean equal, Operand right) implements Condition {
        @Override
        public boolean test(Fields item) {
            return same(left.value(item), right.value(item)) == equal;
        }

        /** OTTL equality: numbers compare by value across int and double, other types must match. */
        static boolean same(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                return (x instanceof Long && y instanceof Long) ? x.longValue() == y.longValue() : x.doubleValue() == y.doubleValue();
            }
            return Objects.equals(a, b);
        }
    }

    record IsMatch(Operand target, Pattern pattern) implements Condition {
        @Override
        public boolean test(Fields item) {
            Object v = target.value(item);
            return v != null && pattern.matcher(String.valueOf(v)).find();
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Fields item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Fields item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(Fields item) {
            return !inner.test(item);
        }
    }

    record Constant(boolean value) implements Condition {
        @Override
        public boolean test(Fields item) {
            return value;
        }
    }
}
