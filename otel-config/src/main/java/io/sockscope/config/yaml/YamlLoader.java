package io.sockscope.config.yaml;

import io.sockscope.config.ConfigProblems;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one YAML document into a {@link YamlNode} tree that remembers where every key and value
 * is. Plain scalars are typed with the YAML 1.2 core schema, as the Collector's parser does
 * ({@code yes}, {@code on} stay strings). Merge keys ({@code <<: *anchor}) are applied. Duplicate
 * keys and syntax errors are reported to {@link ConfigProblems}, with their line.
 */
public final class YamlLoader {
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN");

    private final String file;
    private final ConfigProblems problems;
    private final Resolver snakeResolver = new Resolver();
    private final Map<Node, YamlNode> converted = new IdentityHashMap<>();

    private YamlLoader(String file, ConfigProblems problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Reads {@code path}; the file name in positions is the path as given. Returns null when the
     * file cannot be read or parsed (the reason is in {@code problems}); an empty file is an empty mapping.
     */
    public static YamlNode load(Path path, ConfigProblems problems) {
        String name = path.toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.error(Position.ofFile(name), "", "file not found",
                    "check the path given to --config (relative paths start from the working directory)");
            return null;
        } catch (IOException e) {
            problems.error(Position.ofFile(name), "", "cannot read the file: " + e.getMessage(), null);
            return null;
        }
        return parse(name, text, problems);
    }

    /** Parses YAML text; {@code file} is the name shown in positions. */
    public static YamlNode parse(String file, String text, ConfigProblems problems) {
        return parse(file, new StringReader(text), problems);
    }

    public static YamlNode parse(String file, Reader reader, ConfigProblems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report them ourselves, with both lines
        options.setProcessComments(false);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Position at = mark == null ? Position.ofFile(file) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " " + e.getContext() : "";
            problems.error(at, "", "invalid YAML: " + what + context,
                    "check the indentation (spaces, not tabs) and the quotes on this line and the one above");
            return null;
        } catch (YAMLException e) {
            problems.error(Position.ofFile(file), "", "invalid YAML: " + e.getMessage(), null);
            return null;
        }
        if (root == null) {
            return YamlMapping.empty(new Position(file, 1, 1));
        }
        return new YamlLoader(file, problems).convert(root);
    }

    private Position position(Node node) {
        Mark m = node.getStartMark();
        return m == null ? Position.ofFile(file) : new Position(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private YamlNode convert(Node node) {
        YamlNode done = converted.get(node);
        if (done != null) {
            return done;
        }
        YamlNode out = switch (node) {
            case ScalarNode s -> scalar(s);
            case SequenceNode s -> {
                List<YamlNode> items = new ArrayList<>();
                for (Node item : s.getValue()) {
                    items.add(convert(item));
                }
                yield new YamlSequence(items, position(s));
            }
            case MappingNode m -> mapping(m);
            default -> new YamlScalar("", ScalarType.NULL, true, position(node));
        };
        converted.put(node, out);
        return out;
    }

    private YamlScalar scalar(ScalarNode s) {
        String value = s.getValue();
        ScalarType type;
        if (!s.isPlain()) {
            type = ScalarType.STRING;
        } else if (s.getTag().equals(snakeResolver.resolve(NodeId.scalar, value, true))) {
            type = resolve(value);
        } else {
            type = explicit(s.getTag());
        }
        return new YamlScalar(value, type, s.isPlain(), position(s));
    }

    private static ScalarType explicit(Tag tag) {
        if (tag.equals(Tag.NULL)) {
            return ScalarType.NULL;
        } else if (tag.equals(Tag.BOOL)) {
            return ScalarType.BOOL;
        } else if (tag.equals(Tag.INT)) {
            return ScalarType.INT;
        } else if (tag.equals(Tag.FLOAT)) {
            return ScalarType.FLOAT;
        }
        return ScalarType.STRING;
    }

    /** YAML 1.2 core schema typing of a plain scalar. */
    public static ScalarType resolve(String plain) {
        if (NULL.matcher(plain).matches()) {
            return ScalarType.NULL;
        } else if (BOOL.matcher(plain).matches()) {
            return ScalarType.BOOL;
        } else if (INT.matcher(plain).matches()) {
            return ScalarType.INT;
        } else if (FLOAT.matcher(plain).matches()) {
            return ScalarType.FLOAT;
        }
        return ScalarType.STRING;
    }

    private YamlMapping mapping(MappingNode m) {
        List<YamlMapping.Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<YamlMapping> merges = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (k instanceof ScalarNode ks && ks.getTag().equals(Tag.MERGE)) {
                collectMerges(convert(t.getValueNode()), merges);
                continue;
            }
            if (!(k instanceof ScalarNode ks)) {
                problems.error(position(k), "", "a key must be a plain name, not " + convert(k).describe(), null);
                continue;
            }
            YamlScalar key = new YamlScalar(ks.getValue(), ScalarType.STRING, ks.isPlain(), position(ks));
            if (!seen.add(key.value())) {
                Position first = entries.stream().filter(e -> e.name().equals(key.value()))
                        .findFirst().map(e -> e.key().position()).orElse(key.position());
                problems.error(key.position(), key.value(), "key is defined twice (first at line " + first.line() + ")",
                        "keep one of them; YAML does not merge repeated keys");
                continue;
            }
            entries.add(new YamlMapping.Entry(key, convert(t.getValueNode())));
        }
        // Keys written in the mapping win over merged ones; earlier merges win over later ones.
        for (YamlMapping merged : merges) {
            for (YamlMapping.Entry e : merged.entries()) {
                if (seen.add(e.name())) {
                    entries.add(e);
                }
            }
        }
        return new YamlMapping(entries, position(m));
    }

    private void collectMerges(YamlNode value, List<YamlMapping> into) {
        switch (value) {
            case YamlMapping mm -> into.add(mm);
            case YamlSequence seq -> seq.items().forEach(i -> collectMerges(i, into));
            default -> problems.error(value.position(), "<<", "a merge key takes a mapping or a list of mappings, not "
                    + value.describe(), "write <<: *anchor where &anchor names a mapping");
        }
    }
}
