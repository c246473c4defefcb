package io.sockscope.config;

/** Builds the key paths shown in errors: {@code service.pipelines.traces.receivers[0]}. */
public final class KeyPath {
    private KeyPath() {
    }

    public static String child(String parent, String key) {
        return parent == null || parent.isEmpty() ? key : parent + "." + key;
    }

    public static String index(String parent, int index) {
        return (parent == null ? "" : parent) + "[" + index + "]";
    }
}
