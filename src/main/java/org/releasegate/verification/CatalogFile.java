package org.releasegate.verification;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.releasegate.message.Messages;
import org.releasegate.textfile.CompanyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The catalogue file, in YAML:
 *
 * <pre>
 * processes:
 *   - id: facturation
 *     name: Facturation
 *     steps:
 *       - Créer une facture pour un client existant
 * </pre>
 *
 * Read as SnakeYAML nodes (never bound to objects), so every refusal names its line: unknown or repeated fields,
 * missing or empty values, ids that are not simple names or that repeat (ignoring case), YAML anchors and aliases.
 * The same rules check a process sent to the REST API ({@link #check(StrategicProcess)}).
 */
final class CatalogFile {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogFile.class);

    static final int MAX_PROCESSES = 1000;
    static final int MAX_STEPS = 100;
    static final int MAX_NAME = 200;
    static final int MAX_STEP = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> ROOT_FIELDS = List.of("processes");
    private static final List<String> PROCESS_FIELDS = List.of("id", "name", "steps");
    private static final String HEADER = """
            # Catalogue des processus stratégiques, vérifiés par les utilisateurs clés à chaque mise en production.
            # Lu à chaque préparation des vérifications : une modification vaut pour la prochaine mise en production.
            # Modifiable à la main ou par l'API REST /api/strategic-processes (qui réécrit ce fichier sans ses commentaires).
            """;

    private CatalogFile() {
    }

    /** @param source how to name the file in messages */
    static List<StrategicProcess> parse(String text, String source) {
        Node root;
        try {
            root = new Yaml(CompanyFile.yamlOptions(text.length())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // SnakeYAML's words are English and quote the file: the server log has them, people a French reason
            LOG.info("Strategic-process catalogue {} refused, line {}: {}", source, line(e.getProblemMark()),
                    e.getMessage());
            throw rejected(source, e.getProblemMark(), Messages.text(yamlReason(e.getProblem())));
        } catch (YAMLException e) {
            LOG.info("Strategic-process catalogue {} refused: {}", source, e.getMessage());
            throw new CatalogRejectedException(Messages.text("verification.catalog.file", source,
                    Messages.text("verification.catalog.yaml-malformed")));
        }
        if (root == null) {
            throw new CatalogRejectedException(Messages.text("verification.catalog.file", source,
                    Messages.text("verification.catalog.empty")));
        }
        Node processes = fields(root, ROOT_FIELDS, source, Messages.text("verification.catalog.processes-first"))
                .get("processes");
        if (processes == null) {
            throw rejected(source, root.getStartMark(), Messages.text("verification.catalog.processes-missing"));
        }
        if (CompanyFile.isNull(processes)) {
            return List.of();
        }
        if (!(processes instanceof SequenceNode list)) {
            throw rejected(source, processes.getStartMark(),
                    Messages.text("verification.catalog.processes-not-a-list"));
        }
        List<StrategicProcess> catalog = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        for (Node node : list.getValue()) {
            if (catalog.size() >= MAX_PROCESSES) {
                throw rejected(source, node.getStartMark(), Messages.text("verification.catalog.too-many", MAX_PROCESSES));
            }
            StrategicProcess process = process(node, source);
            Integer earlier = lineOfId.putIfAbsent(process.id().toLowerCase(Locale.ROOT), line(node.getStartMark()));
            if (earlier != null) {
                throw rejected(source, node.getStartMark(),
                        Messages.text("verification.catalog.id-twice", process.id(), earlier));
            }
            catalog.add(process);
        }
        return List.copyOf(catalog);
    }

    /** The same rules for one process given by the REST API; the message names the field. */
    static StrategicProcess check(StrategicProcess process) {
        String problem = problem(process.id(), process.name(), process.steps());
        if (problem != null) {
            throw new CatalogRejectedException(problem);
        }
        return process;
    }

    static String write(List<StrategicProcess> processes) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StrategicProcess process : processes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", process.id());
            entry.put("name", process.name());
            entry.put("steps", process.steps());
            list.add(entry);
        }
        YAMLMapper mapper = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
        try {
            return HEADER + mapper.writeValueAsString(Map.of("processes", list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Writing the strategic-process catalogue", e);
        }
    }

    private static StrategicProcess process(Node node, String source) {
        Map<String, Node> fields = fields(node, PROCESS_FIELDS, source,
                Messages.text("verification.catalog.process-not-a-mapping"));
        String id = text(fields.get("id"), "id", source);
        String name = text(fields.get("name"), "name", source);
        Node stepsNode = fields.get("steps");
        List<String> steps = new ArrayList<>();
        if (stepsNode != null && !CompanyFile.isNull(stepsNode)) {
            if (!(stepsNode instanceof SequenceNode stepList)) {
                throw rejected(source, stepsNode.getStartMark(), Messages.text("verification.catalog.steps-not-a-list"));
            }
            for (Node step : stepList.getValue()) {
                String text = text(step, "steps", source);
                if (text == null || text.isBlank()) {
                    throw rejected(source, step.getStartMark(), Messages.text("verification.catalog.step-empty"));
                }
                steps.add(text.strip());
            }
        }
        String problem = problem(id, name, steps);
        if (problem != null) {
            throw rejected(source, node.getStartMark(), problem);
        }
        return new StrategicProcess(id.strip(), name.strip(), steps);
    }

    /** What is wrong with a process, or null. */
    private static String problem(String id, String name, List<String> steps) {
        if (id == null || id.isBlank()) {
            return Messages.text("verification.catalog.id-missing");
        }
        if (!ID.matcher(id.strip()).matches()) {
            return Messages.text("verification.catalog.id-malformed", id);
        }
        if (name == null || name.isBlank()) {
            return Messages.text("verification.catalog.name-missing", id);
        }
        if (name.strip().length() > MAX_NAME) {
            return Messages.text("verification.catalog.name-too-long", id, MAX_NAME);
        }
        if (steps == null || steps.isEmpty()) {
            return Messages.text("verification.catalog.steps-missing", id);
        }
        if (steps.size() > MAX_STEPS) {
            return Messages.text("verification.catalog.too-many-steps", id, MAX_STEPS);
        }
        for (String step : steps) {
            if (step == null || step.isBlank()) {
                return Messages.text("verification.catalog.process-step-empty", id);
            }
            if (step.strip().length() > MAX_STEP) {
                return Messages.text("verification.catalog.step-too-long", id, MAX_STEP);
            }
        }
        return null;
    }

    /** The fields of a mapping, each known by name and given once. */
    private static Map<String, Node> fields(Node node, List<String> known, String source, String notAMapping) {
        noAnchor(node, source);
        if (!(node instanceof MappingNode mapping)) {
            throw rejected(source, node.getStartMark(), notAMapping);
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            String name = key instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (name == null || !known.contains(name)) {
                throw rejected(source, key.getStartMark(), Messages.text("verification.catalog.field-unknown",
                        name == null ? "?" : name, String.join(", ", known)));
            }
            if (fields.put(name, tuple.getValueNode()) != null) {
                throw rejected(source, key.getStartMark(), Messages.text("verification.catalog.field-twice", name));
            }
            noAnchor(tuple.getValueNode(), source);
        }
        return fields;
    }

    private static String text(Node node, String field, String source) {
        if (node == null || CompanyFile.isNull(node)) {
            return null;
        }
        noAnchor(node, source);
        if (!(node instanceof ScalarNode scalar)) {
            throw rejected(source, node.getStartMark(), Messages.text("verification.catalog.not-text", field));
        }
        return scalar.getValue();
    }

    private static void noAnchor(Node node, String source) {
        if (node.getAnchor() != null) {
            throw rejected(source, node.getStartMark(), Messages.text("verification.catalog.anchors"));
        }
    }

    private static CatalogRejectedException rejected(String source, Mark mark, String reason) {
        return new CatalogRejectedException(Messages.text("verification.catalog.file-line", source, line(mark), reason));
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    /** SnakeYAML's problem, in English, as a French reason: its key in the bundle. */
    private static String yamlReason(String problem) {
        String lower = problem == null ? "" : problem.toLowerCase(Locale.ROOT);
        if (lower.contains("duplicate")) {
            return "verification.catalog.yaml-duplicate";
        }
        if (lower.contains("another document")) {
            return "verification.catalog.yaml-documents";
        }
        if (lower.contains("tab")) {
            return "verification.catalog.yaml-tab";
        }
        if (lower.contains("alias") || lower.contains("anchor")) {
            return "verification.catalog.anchors";
        }
        return "verification.catalog.yaml-malformed";
    }
}
