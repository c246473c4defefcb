package io.sockscope.config.model;

import java.util.regex.Pattern;

/**
 * A component id as the Collector writes it: {@code type[/name]}, e.g. {@code otlp_grpc/jaeger}.
 * The type picks the factory; the name tells two instances of one type apart.
 */
public record ComponentId(String type, String name) {
    private static final Pattern TYPE = Pattern.compile("[a-zA-Z][0-9a-zA-Z_]{0,62}");
    private static final Pattern NAME = Pattern.compile("[^\\p{Z}\\p{C}\\p{S}]{1,1024}");

    public ComponentId {
        if (name == null) {
            name = "";
        }
    }

    /** @throws IllegalArgumentException with a message fit for a user */
    public static ComponentId parse(String id) {
        int slash = id.indexOf('/');
        String type = slash < 0 ? id : id.substring(0, slash);
        String name = slash < 0 ? "" : id.substring(slash + 1);
        if (type.isEmpty()) {
            throw new IllegalArgumentException("the type part is empty in \"" + id + "\"");
        }
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid type \"" + type + "\": a type starts with a letter and has only letters, digits and _");
        }
        if (slash >= 0 && name.isEmpty()) {
            throw new IllegalArgumentException("the name part after / is empty in \"" + id + "\"");
        }
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid name \"" + name + "\": no spaces, control characters or symbols");
        }
        return new ComponentId(type, name);
    }

    public ComponentId withType(String otherType) {
        return new ComponentId(otherType, name);
    }

    @Override
    public String toString() {
        return name.isEmpty() ? type : type + "/" + name;
    }
}
