package io.sockscope.config.yaml;

/**
 * Where a node starts in its file, as an editor shows it: 1-based line and column. Line 0 means
 * "not in the file" (a default value, a whole-file problem).
 */
public record Position(String file, int line, int column) {
    public static Position ofFile(String file) {
        return new Position(file, 0, 0);
    }

    public boolean known() {
        return line > 0;
    }

    @Override
    public String toString() {
        return known() ? file + ":" + line + ":" + column : file;
    }
}
