package io.sockscope.config.yaml;

/** How YAML 1.1 reads a plain scalar; quoted scalars are always {@link #STRING}. */
public enum ScalarType {
    NULL, BOOL, INT, FLOAT, STRING
}
