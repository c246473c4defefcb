package io.sockscope.pipeline.component;

/** Sections of the Collector configuration a component can live in. */
public enum Kind {
    RECEIVER("receivers"), PROCESSOR("processors"), EXPORTER("exporters"), CONNECTOR("connectors"), EXTENSION("extensions");

    private final String section;

    Kind(String section) {
        this.section = section;
    }

    /** The top-level YAML key: {@code receivers}, {@code exporters}, ... */
    public String section() {
        return section;
    }
}
