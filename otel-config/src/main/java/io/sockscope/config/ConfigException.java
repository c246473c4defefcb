package io.sockscope.config;

import io.sockscope.config.yaml.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * One configuration mistake, located: file, line and column, the key path
 * ({@code exporters.otlp_grpc.endpoint}), what is wrong, and how to fix it. Its message reads like a
 * compiler's: {@code config.yaml:12:5: exporters.otlp_grpc.endpoint: ... (hint: ...)}.
 *
 * <p>When several mistakes are thrown at once, the first is thrown and the others are attached as
 * suppressed exceptions; {@link #all()} lists them in order.
 */
public class ConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String path;
    private final String detail;
    private final String hint;

    /**
     * @param path   the key path, dotted, with {@code [i]} for list items; empty for the whole file
     * @param detail what is wrong, in a sentence without the location
     * @param hint   what to write instead, or null
     */
    public ConfigException(Position position, String path, String detail, String hint) {
        this(position, path, detail, hint, null);
    }

    public ConfigException(Position position, String path, String detail, String hint, Throwable cause) {
        super(format(position, path, detail, hint), cause);
        this.file = position.file();
        this.line = position.line();
        this.column = position.column();
        this.path = path == null ? "" : path;
        this.detail = detail;
        this.hint = hint;
    }

    /** Throws nothing when the list is empty; else the first, with the others suppressed. */
    public static void throwIfAny(List<ConfigException> errors) {
        if (errors.isEmpty()) {
            return;
        }
        ConfigException first = errors.getFirst();
        for (int i = 1; i < errors.size(); i++) {
            first.addSuppressed(errors.get(i));
        }
        throw first;
    }

    /** This mistake and the ones thrown with it ({@link #throwIfAny}). */
    public List<ConfigException> all() {
        List<ConfigException> out = new ArrayList<>();
        out.add(this);
        for (Throwable t : getSuppressed()) {
            if (t instanceof ConfigException c) {
                out.add(c);
            }
        }
        return out;
    }

    private static String format(Position position, String path, String detail, String hint) {
        StringBuilder sb = new StringBuilder(position.toString()).append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(detail);
        if (hint != null && !hint.isEmpty()) {
            sb.append(" (hint: ").append(hint).append(')');
        }
        return sb.toString();
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the mistake is not on one line (a missing section, an unreadable file). */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public Position position() {
        return new Position(file, line, column);
    }

    public String path() {
        return path;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
