package org.releasegate.verification;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.releasegate.textfile.CompanyFile;
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
            throw rejected(source, e.getProblemMark(), e.getProblem());
        } catch (YAMLException e) {
            throw new CatalogRejectedException(prefix(source) + firstLine(e.getMessage()));
        }
        if (root == null) {
            throw new CatalogRejectedException(prefix(source)
                    + "le fichier est vide (écrivez « processes: [] » pour un catalogue sans processus)");
        }
        Node processes = fields(root, ROOT_FIELDS, source, "le catalogue doit commencer par la liste « processes »")
                .get("processes");
        if (processes == null) {
            throw rejected(source, root.getStartMark(), "liste « processes » manquante");
        }
        if (CompanyFile.isNull(processes)) {
            return List.of();
        }
        if (!(processes instanceof SequenceNode list)) {
            throw rejected(source, processes.getStartMark(), "« processes » doit être une liste de processus");
        }
        List<StrategicProcess> catalog = new ArrayList<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        for (Node node : list.getValue()) {
            if (catalog.size() >= MAX_PROCESSES) {
                throw rejected(source, node.getStartMark(), "plus de " + MAX_PROCESSES + " processus");
            }
            StrategicProcess process = process(node, source);
            Integer earlier = lineOfId.putIfAbsent(process.id().toLowerCase(Locale.ROOT), line(node.getStartMark()));
            if (earlier != null) {
                throw rejected(source, node.getStartMark(), "identifiant « " + process.id()
                        + " » en double (déjà utilisé ligne " + earlier + ")");
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
                "chaque processus doit être une table avec « id », « name » et « steps »");
        String id = text(fields.get("id"), "id", source);
        String name = text(fields.get("name"), "name", source);
        Node stepsNode = fields.get("steps");
        List<String> steps = new ArrayList<>();
        if (stepsNode != null && !CompanyFile.isNull(stepsNode)) {
            if (!(stepsNode instanceof SequenceNode stepList)) {
                throw rejected(source, stepsNode.getStartMark(), "« steps » doit être une liste d'étapes");
            }
            for (Node step : stepList.getValue()) {
                String text = text(step, "steps", source);
                if (text == null || text.isBlank()) {
                    throw rejected(source, step.getStartMark(), "étape vide");
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
            return "« id » manquant";
        }
        if (!ID.matcher(id.strip()).matches()) {
            return "identifiant « " + id + " » invalide (lettres, chiffres, « . », « _ » ou « - », 64 caractères au plus)";
        }
        if (name == null || name.isBlank()) {
            return "processus « " + id + " » : « name » manquant ou vide";
        }
        if (name.strip().length() > MAX_NAME) {
            return "processus « " + id + " » : « name » dépasse " + MAX_NAME + " caractères";
        }
        if (steps == null || steps.isEmpty()) {
            return "processus « " + id + " » : « steps » doit lister au moins une étape à vérifier";
        }
        if (steps.size() > MAX_STEPS) {
            return "processus « " + id + " » : plus de " + MAX_STEPS + " étapes";
        }
        for (String step : steps) {
            if (step == null || step.isBlank()) {
                return "processus « " + id + " » : étape vide";
            }
            if (step.strip().length() > MAX_STEP) {
                return "processus « " + id + " » : une étape dépasse " + MAX_STEP + " caractères";
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
                throw rejected(source, key.getStartMark(), "champ inconnu « " + (name == null ? "?" : name)
                        + " » (attendus : " + String.join(", ", known) + ")");
            }
            if (fields.put(name, tuple.getValueNode()) != null) {
                throw rejected(source, key.getStartMark(), "champ « " + name + " » en double");
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
            throw rejected(source, node.getStartMark(), "« " + field + " » doit être un texte");
        }
        return scalar.getValue();
    }

    private static void noAnchor(Node node, String source) {
        if (node.getAnchor() != null) {
            throw rejected(source, node.getStartMark(), "ancres et alias YAML (&nom, *nom) interdits");
        }
    }

    private static CatalogRejectedException rejected(String source, Mark mark, String reason) {
        return new CatalogRejectedException(prefix(source) + "ligne " + line(mark) + " : " + firstLine(reason));
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static String prefix(String source) {
        return "Catalogue des processus stratégiques " + source + " : ";
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "mal formé";
        }
        String first = message.strip().split("\\R", 2)[0].strip();
        return first.length() <= 300 ? first : first.substring(0, 300) + "…";
    }
}
