package io.sockscope.config.model;

/** The top-level sections that define components. */
public enum Section {
    RECEIVERS("receivers", "receiver"),
    PROCESSORS("processors", "processor"),
    EXPORTERS("exporters", "exporter"),
    CONNECTORS("connectors", "connector"),
    EXTENSIONS("extensions", "extension");

    private final String key;
    private final String singular;

    Section(String key, String singular) {
        this.key = key;
        this.singular = singular;
    }

    /** The YAML key: {@code receivers}. */
    public String key() {
        return key;
    }

    /** For messages: {@code receiver}. */
    public String singular() {
        return singular;
    }

    public static Section ofKey(String key) {
        for (Section s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
