package io.sockscope.config.model;

import io.sockscope.config.ConfigProblems;
import io.sockscope.config.KeyPath;
import io.sockscope.config.Suggestions;
import io.sockscope.config.substitution.Substitution;
import io.sockscope.config.yaml.Position;
import io.sockscope.config.yaml.YamlLoader;
import io.sockscope.config.yaml.YamlMapping;
import io.sockscope.config.yaml.YamlNode;
import io.sockscope.config.yaml.YamlScalar;
import io.sockscope.config.yaml.YamlSequence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Collector's configuration model, checked for structure only: which sections exist, component
 * ids, pipelines and what they name. It knows no component types; the assembler checks those and
 * binds each component's body to its configuration record.
 *
 * <p>{@link #parse} reports every mistake it finds and still returns what was valid, so later steps
 * can report theirs in the same run.
 *
 * @param components every section, in file order; sections not written are empty
 * @param telemetry  {@code service.telemetry}, or null
 */
public record CollectorConfig(String file, Map<Section, Map<ComponentId, ComponentDef>> components,
                              List<PipelineDef> pipelines, List<ComponentRef> serviceExtensions, YamlNode telemetry) {

    public static final List<String> TOP_LEVEL_KEYS = List.of("receivers", "processors", "exporters", "connectors", "extensions", "service");
    public static final List<String> SERVICE_KEYS = List.of("pipelines", "telemetry", "extensions");
    public static final List<String> PIPELINE_KEYS = List.of("receivers", "processors", "exporters");
    public static final List<String> SIGNALS = List.of("traces", "metrics", "logs");
    public static final List<String> TELEMETRY_KEYS = List.of("logs", "metrics", "traces", "resource");

    public Map<ComponentId, ComponentDef> section(Section section) {
        return components.getOrDefault(section, Map.of());
    }

    /** Reads, expands {@code ${env:...}} with the process environment, and parses a file. */
    public static CollectorConfig load(Path path, ConfigProblems problems) {
        return load(path, System::getenv, problems);
    }

    public static CollectorConfig load(Path path, Function<String, String> environment, ConfigProblems problems) {
        YamlNode root = YamlLoader.load(path, problems);
        return root == null ? null : parse(path.toString(), Substitution.apply(root, environment, problems), problems);
    }

    /** Same as {@link #load(Path, Function, ConfigProblems)} for YAML text; {@code file} names it in errors. */
    public static CollectorConfig load(String file, String yaml, Function<String, String> environment, ConfigProblems problems) {
        YamlNode root = YamlLoader.parse(file, yaml, problems);
        return root == null ? null : parse(file, Substitution.apply(root, environment, problems), problems);
    }

    /** Checks the structure of an expanded tree. */
    public static CollectorConfig parse(String file, YamlNode root, ConfigProblems problems) {
        return new Parser(file, problems).parse(root);
    }

    private static final class Parser {
        private final String file;
        private final ConfigProblems problems;
        private final Map<Section, Map<ComponentId, ComponentDef>> components = new EnumMap<>(Section.class);
        private final List<PipelineDef> pipelines = new ArrayList<>();
        private final List<ComponentRef> serviceExtensions = new ArrayList<>();
        private YamlNode telemetry;

        Parser(String file, ConfigProblems problems) {
            this.file = file;
            this.problems = problems;
            for (Section s : Section.values()) {
                components.put(s, new LinkedHashMap<>());
            }
        }

        CollectorConfig parse(YamlNode root) {
            YamlMapping top = mapping(root, "", "the configuration must be a mapping with receivers, exporters and service");
            YamlMapping service = null;
            if (top != null) {
                for (YamlMapping.Entry e : top.entries()) {
                    Section section = Section.ofKey(e.name());
                    if (section != null) {
                        components(section, e.value());
                    } else if (e.name().equals("service")) {
                        service = mapping(e.value(), "service", "service holds pipelines, telemetry and extensions");
                    } else {
                        unknownKey(e.key(), "", TOP_LEVEL_KEYS);
                    }
                }
            }
            if (service == null) {
                if (top != null && top.get("service").isEmpty()) {
                    problems.error(top.position().known() ? top.position() : Position.ofFile(file), "service",
                            "the service section is missing", "add service: {pipelines: {traces: {receivers: [...], exporters: [...]}}}");
                }
            } else {
                service(service);
            }
            checkUnused();
            Map<Section, Map<ComponentId, ComponentDef>> frozen = new EnumMap<>(Section.class);
            components.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
            return new CollectorConfig(file, Collections.unmodifiableMap(frozen), List.copyOf(pipelines),
                    List.copyOf(serviceExtensions), telemetry);
        }

        private void components(Section section, YamlNode node) {
            YamlMapping m = mapping(node, section.key(), "write each " + section.singular() + " as type[/name]: {settings}");
            if (m == null) {
                return;
            }
            for (YamlMapping.Entry e : m.entries()) {
                String path = KeyPath.child(section.key(), e.name());
                ComponentId id;
                try {
                    id = ComponentId.parse(e.name());
                } catch (IllegalArgumentException ex) {
                    problems.error(e.key().position(), path, ex.getMessage(), "write the id as type or type/name, e.g. otlp_grpc/jaeger");
                    continue;
                }
                components.get(section).put(id, new ComponentDef(section, id, e.key(), e.value()));
            }
        }

        private void service(YamlMapping service) {
            YamlMapping pipelinesNode = null;
            for (YamlMapping.Entry e : service.entries()) {
                switch (e.name()) {
                    case "pipelines" -> pipelinesNode = mapping(e.value(), "service.pipelines",
                            "write pipelines as traces: {receivers: [...], processors: [...], exporters: [...]}");
                    case "telemetry" -> telemetry(e.value());
                    case "extensions" -> {
                        for (ComponentRef ref : references(e.value(), "service.extensions")) {
                            if (!components.get(Section.EXTENSIONS).containsKey(ref.id())) {
                                undefined(ref, Section.EXTENSIONS, Section.EXTENSIONS);
                            }
                            serviceExtensions.add(ref);
                        }
                    }
                    default -> unknownKey(e.key(), "service", SERVICE_KEYS);
                }
            }
            if (pipelinesNode == null || pipelinesNode.isEmpty()) {
                Position at = pipelinesNode != null ? pipelinesNode.position() : service.position();
                problems.error(at, "service.pipelines", "at least one pipeline is required",
                        "add service: {pipelines: {traces: {receivers: [...], exporters: [...]}}}");
                return;
            }
            for (YamlMapping.Entry e : pipelinesNode.entries()) {
                pipeline(e);
            }
        }

        private void telemetry(YamlNode node) {
            telemetry = node;
            YamlMapping m = mapping(node, "service.telemetry", "telemetry holds logs, metrics, traces and resource");
            if (m != null) {
                for (YamlMapping.Entry e : m.entries()) {
                    if (!TELEMETRY_KEYS.contains(e.name())) {
                        unknownKey(e.key(), "service.telemetry", TELEMETRY_KEYS);
                    }
                }
            }
        }

        private void pipeline(YamlMapping.Entry entry) {
            String path = KeyPath.child("service.pipelines", entry.name());
            String written = entry.name();
            int slash = written.indexOf('/');
            String signal = slash < 0 ? written : written.substring(0, slash);
            String name = slash < 0 ? "" : written.substring(slash + 1);
            boolean ok = true;
            if (!SIGNALS.contains(signal)) {
                String hint = Suggestions.closest(signal, SIGNALS)
                        .map(s -> "did you mean \"" + (name.isEmpty() ? s : s + "/" + name) + "\"?")
                        .orElse("a pipeline is named traces, metrics or logs, optionally followed by /name");
                problems.error(entry.key().position(), path, "unknown signal \"" + signal + "\"", hint);
                ok = false;
            }
            if (slash >= 0 && name.isEmpty()) {
                problems.error(entry.key().position(), path, "the name part after / is empty", "write " + signal + " or " + signal + "/name");
                ok = false;
            }
            YamlMapping body = mapping(entry.value(), path, "a pipeline has receivers, processors and exporters lists");
            if (body == null) {
                return;
            }
            List<ComponentRef> receivers = List.of();
            List<ComponentRef> processors = List.of();
            List<ComponentRef> exporters = List.of();
            for (YamlMapping.Entry e : body.entries()) {
                String p = KeyPath.child(path, e.name());
                switch (e.name()) {
                    case "receivers" -> receivers = references(e.value(), p);
                    case "processors" -> processors = references(e.value(), p);
                    case "exporters" -> exporters = references(e.value(), p);
                    default -> unknownKey(e.key(), path, PIPELINE_KEYS);
                }
            }
            for (ComponentRef r : receivers) {
                checkDefined(r, Section.RECEIVERS, Section.CONNECTORS);
            }
            for (ComponentRef r : processors) {
                checkDefined(r, Section.PROCESSORS, null);
            }
            for (ComponentRef r : exporters) {
                checkDefined(r, Section.EXPORTERS, Section.CONNECTORS);
            }
            if (receivers.isEmpty()) {
                problems.error(body.position(), KeyPath.child(path, "receivers"), "a pipeline needs at least one receiver",
                        "add receivers: [" + firstOr(Section.RECEIVERS, "otlp") + "]");
            }
            if (exporters.isEmpty()) {
                problems.error(body.position(), KeyPath.child(path, "exporters"), "a pipeline needs at least one exporter",
                        "add exporters: [" + firstOr(Section.EXPORTERS, "debug") + "]");
            }
            if (ok) {
                pipelines.add(new PipelineDef(new PipelineId(signal, name), entry.key(), receivers, processors, exporters));
            }
        }

        private String firstOr(Section section, String fallback) {
            return components.get(section).keySet().stream().findFirst().map(ComponentId::toString).orElse(fallback);
        }

        /** A list of component ids; reports non-strings, bad ids and repeats. */
        private List<ComponentRef> references(YamlNode node, String path) {
            if (node instanceof YamlScalar s && s.isNull()) {
                return List.of();
            }
            if (!(node instanceof YamlSequence seq)) {
                problems.error(node.position(), path, "expected a list of component ids, got " + node.describe(),
                        "write a list: [a, b] or one \"- id\" per line");
                return List.of();
            }
            List<ComponentRef> refs = new ArrayList<>();
            Set<ComponentId> seen = new HashSet<>();
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                String p = KeyPath.index(path, i);
                if (!(item instanceof YamlScalar s) || s.isNull()) {
                    problems.error(item.position(), p, "expected a component id, got " + item.describe(), "write the id as type or type/name");
                    continue;
                }
                ComponentId id;
                try {
                    id = ComponentId.parse(s.value());
                } catch (IllegalArgumentException ex) {
                    problems.error(s.position(), p, ex.getMessage(), "write the id as type or type/name");
                    continue;
                }
                if (!seen.add(id)) {
                    problems.error(s.position(), p, "\"" + id + "\" is named twice in this list", "remove the repeated entry");
                    continue;
                }
                refs.add(new ComponentRef(id, s, p));
            }
            return refs;
        }

        private void checkDefined(ComponentRef ref, Section primary, Section alternative) {
            if (components.get(primary).containsKey(ref.id())) {
                return;
            }
            if (alternative != null && components.get(alternative).containsKey(ref.id())) {
                return;
            }
            undefined(ref, primary, alternative);
        }

        private void undefined(ComponentRef ref, Section primary, Section alternative) {
            String hint = null;
            for (Section other : Section.values()) {
                if (other != primary && other != alternative && components.get(other).containsKey(ref.id())) {
                    hint = "\"" + ref.id() + "\" is defined under " + other.key() + ", not " + primary.key()
                            + "; move it to the " + other.key() + " list of the pipeline or define it under " + primary.key();
                }
            }
            if (hint == null) {
                List<String> defined = components.get(primary).keySet().stream().map(ComponentId::toString).toList();
                hint = Suggestions.closest(ref.id().toString(), defined).map(s -> "did you mean \"" + s + "\"?")
                        .orElse("define it under " + primary.key() + ": with " + ref.id() + ": {}"
                                + (defined.isEmpty() ? "" : ", or use one of: " + String.join(", ", defined)));
            }
            problems.error(ref.node().position(), ref.path(),
                    primary.singular() + " \"" + ref.id() + "\" is not defined in the " + primary.key() + " section", hint);
        }

        private void checkUnused() {
            Set<ComponentId> usedReceivers = new HashSet<>();
            Set<ComponentId> usedProcessors = new HashSet<>();
            Set<ComponentId> usedExporters = new HashSet<>();
            for (PipelineDef p : pipelines) {
                p.receivers().forEach(r -> usedReceivers.add(r.id()));
                p.processors().forEach(r -> usedProcessors.add(r.id()));
                p.exporters().forEach(r -> usedExporters.add(r.id()));
            }
            Set<ComponentId> usedConnectors = new HashSet<>(usedReceivers);
            usedConnectors.retainAll(usedExporters);
            Set<ComponentId> usedExtensions = new HashSet<>();
            serviceExtensions.forEach(r -> usedExtensions.add(r.id()));
            unused(Section.RECEIVERS, usedReceivers);
            unused(Section.PROCESSORS, usedProcessors);
            unused(Section.EXPORTERS, usedExporters);
            unused(Section.EXTENSIONS, usedExtensions);
            for (ComponentDef c : components.get(Section.CONNECTORS).values()) {
                if (!usedReceivers.contains(c.id()) || !usedExporters.contains(c.id())) {
                    problems.warning(c.key().position(), c.path(), "connector \"" + c.id()
                            + "\" must be an exporter of one pipeline and a receiver of another", "name it in both, or remove it");
                }
            }
        }

        private void unused(Section section, Set<ComponentId> used) {
            for (ComponentDef c : components.get(section).values()) {
                if (!used.contains(c.id())) {
                    String where = section == Section.EXTENSIONS ? "service.extensions" : "any pipeline";
                    problems.warning(c.key().position(), c.path(), section.singular() + " \"" + c.id() + "\" is defined but not used in "
                            + where, "add it to " + (section == Section.EXTENSIONS ? "service.extensions" : "a pipeline") + ", or remove it");
                }
            }
        }

        private YamlMapping mapping(YamlNode node, String path, String hint) {
            if (node instanceof YamlMapping m) {
                return m;
            }
            if (node instanceof YamlScalar s && s.isNull()) {
                return YamlMapping.empty(s.position());
            }
            problems.error(node.position(), path, "expected a mapping, got " + node.describe(), hint);
            return null;
        }

        private void unknownKey(YamlScalar key, String parent, List<String> valid) {
            String hint = Suggestions.closest(key.value(), valid).map(s -> "did you mean \"" + s + "\"?")
                    .orElse("valid keys here: " + String.join(", ", valid));
            problems.error(key.position(), KeyPath.child(parent, key.value()), "unknown key \"" + key.value() + "\"", hint);
        }
    }
}
