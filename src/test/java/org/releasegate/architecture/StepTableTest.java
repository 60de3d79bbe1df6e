package org.releasegate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ProcessVariable;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;

/**
 * The table "Automated steps" of {@code docs/architecture.md} is the model's and the code's: a row per external-task
 * topic of {@code bpmn/release-policy.bpmn}, with the elements that use it, the {@link Step} class subscribed to it,
 * the process variables that class reads and writes, and the BPMN error it raises on a rejection. The model is read
 * with Camunda's model API, the steps from their sources (a topic and a variable name are constants, copied into the
 * compiled class): a step reads a variable with {@code X.from(task)}, {@code X.find(task)} or
 * {@code task.getVariable…(X)}, and writes it with {@code X.on(result, …)} or {@code putValue…(X…)}.
 */
class StepTableTest {

    private static final Path MODEL = Path.of("bpmn", "release-policy.bpmn");
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    private static final String TABLE = "table \"Automated steps\" of " + ArchitectureDocument.PATH;
    /** The input parameter the model gives the steps that act on one environment. */
    private static final String ENVIRONMENT = ReleasePolicy.Vars.ENVIRONMENT.name();

    private static final Pattern SUPER = Pattern.compile(
            "super\\(\\s*(?:ReleasePolicy\\.)?Topics\\.(\\w+)\\s*,\\s*(null|(?:ReleasePolicy\\.)?Errors\\.(\\w+))\\s*\\)");

    private static final Map<String, Row> ROWS = table();
    private static final Map<String, ModelTopic> MODEL_TOPICS = modelTopics();
    private static final Map<String, StepSource> STEPS = steps();

    @Test
    void everyTopicOfTheModelHasItsRowAndEveryRowItsTopic() {
        List<String> problems = new ArrayList<>();
        MODEL_TOPICS.keySet().stream().filter(topic -> !ROWS.containsKey(topic)).forEach(topic -> problems.add("topic `"
                + topic + "` of " + MODEL + " has no row in the " + TABLE + ": add one (elements, step, variables)"));
        ROWS.values().stream().filter(row -> !MODEL_TOPICS.containsKey(row.topic())).forEach(row -> problems.add("row `"
                + row.topic() + "` (line " + row.line() + ") of the " + TABLE + " names a topic " + MODEL
                + " no longer has: remove the row"));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void eachRowNamesTheElementsOfItsTopic() {
        List<String> problems = new ArrayList<>();
        ROWS.values().stream().filter(row -> MODEL_TOPICS.containsKey(row.topic())).forEach(row -> {
            Set<String> elements = MODEL_TOPICS.get(row.topic()).elements();
            if (!row.elements().equals(elements)) {
                problems.add("row `" + row.topic() + "` (line " + row.line() + ") of the " + TABLE + " names the elements "
                        + row.elements() + "; " + MODEL + " gives that topic to " + elements);
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void eachRowNamesTheStepSubscribedToItsTopic() {
        List<String> problems = new ArrayList<>();
        STEPS.values().stream().filter(step -> !ROWS.containsKey(step.topic())).forEach(step -> problems.add(
                step.name() + " runs topic `" + step.topic() + "`, which has no row in the " + TABLE));
        ROWS.values().forEach(row -> {
            StepSource step = STEPS.get(row.topic());
            if (step == null) {
                problems.add("no Step class runs topic `" + row.topic() + "` (row line " + row.line() + " of the "
                        + TABLE + ")");
            } else if (!row.step().equals(step.name())) {
                problems.add("row `" + row.topic() + "` (line " + row.line() + ") of the " + TABLE + " names `"
                        + row.step() + "`; the class that runs that topic is `" + step.name() + "`");
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void eachRowNamesTheVariablesItsStepReadsAndWritesAndItsError() {
        List<String> problems = new ArrayList<>();
        ROWS.values().stream().filter(row -> STEPS.containsKey(row.topic())).forEach(row -> {
            StepSource step = STEPS.get(row.topic());
            String where = "row `" + row.topic() + "` (line " + row.line() + ") of the " + TABLE;
            problems.addAll(step.unclear());
            if (!row.reads().equals(step.reads())) {
                problems.add(where + " says " + step.name() + " reads " + row.reads() + "; its source reads "
                        + step.reads());
            }
            if (!row.writes().equals(step.writes())) {
                problems.add(where + " says " + step.name() + " writes " + row.writes() + "; its source writes "
                        + step.writes());
            }
            if (!row.error().equals(step.error())) {
                problems.add(where + " says its rejection is `" + row.error() + "`; " + step.name() + " raises `"
                        + step.error() + "`");
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theModelGivesAnEnvironmentToEveryStepThatReadsOne() {
        List<String> problems = new ArrayList<>();
        ROWS.values().stream().filter(row -> MODEL_TOPICS.containsKey(row.topic())).forEach(row -> {
            Set<String> without = MODEL_TOPICS.get(row.topic()).withoutEnvironment();
            if (row.reads().contains(ENVIRONMENT) && !without.isEmpty()) {
                problems.add(without + " of topic `" + row.topic() + "` set no input parameter `" + ENVIRONMENT
                        + "`, which its step reads");
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** One row: the topic, the model's elements, the step (package.Class), variables read and written, error. */
    record Row(int line, String topic, Set<String> elements, String step, Set<String> reads, Set<String> writes,
               String error) {
    }

    record ModelTopic(Set<String> elements, Set<String> withoutEnvironment) {
    }

    record StepSource(String name, String topic, String error, Set<String> reads, Set<String> writes,
                      List<String> unclear) {
    }

    private static Map<String, Row> table() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (ArchitectureDocument.Row row : ArchitectureDocument.read().table("topic")) {
            List<String> error = row.codeSpans(5);
            Row parsed = new Row(row.line(), single(row, 0), new TreeSet<>(row.codeSpans(1)), single(row, 2),
                    new TreeSet<>(row.codeSpans(3)), new TreeSet<>(row.codeSpans(4)),
                    error.isEmpty() ? "—" : error.get(0));
            assertThat(rows.put(parsed.topic(), parsed)).as("line %d of %s: a second row for `%s`", row.line(),
                    ArchitectureDocument.PATH, parsed.topic()).isNull();
        }
        return rows;
    }

    private static String single(ArchitectureDocument.Row row, int cell) {
        List<String> spans = row.codeSpans(cell);
        assertThat(spans).as("line %d of %s, cell %d: one `name`", row.line(), ArchitectureDocument.PATH, cell + 1)
                .hasSize(1);
        return spans.get(0);
    }

    /** Every external-task topic of the model (service, send and business rule tasks, message events alike). */
    private static Map<String, ModelTopic> modelTopics() {
        BpmnModelInstance model = Bpmn.readModelFromFile(MODEL.toFile());
        Map<String, Set<String>> elements = new TreeMap<>();
        Map<String, Set<String>> withoutEnvironment = new TreeMap<>();
        for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
            String topic = element.getAttributeValueNs(CAMUNDA, "topic");
            if (topic == null) {
                continue;
            }
            BaseElement owner = element instanceof EventDefinition ? (BaseElement) element.getParentElement() : element;
            elements.computeIfAbsent(topic, t -> new TreeSet<>()).add(owner.getId());
            boolean hasEnvironment = owner.getExtensionElements() != null && owner.getExtensionElements()
                    .getElementsQuery().filterByType(CamundaInputOutput.class).list().stream()
                    .flatMap(io -> io.getCamundaInputParameters().stream())
                    .map(CamundaInputParameter::getCamundaName).anyMatch(ENVIRONMENT::equals);
            if (!hasEnvironment) {
                withoutEnvironment.computeIfAbsent(topic, t -> new TreeSet<>()).add(owner.getId());
            }
        }
        return elements.keySet().stream().collect(Collectors.toMap(Function.identity(),
                topic -> new ModelTopic(elements.get(topic), withoutEnvironment.getOrDefault(topic, Set.of())),
                (a, b) -> a, TreeMap::new));
    }

    /** Every concrete {@link Step} of the application, read from its source, by topic. */
    private static Map<String, StepSource> steps() {
        Map<String, String> topics = constants(ReleasePolicy.Topics.class);
        Map<String, String> variables = variableConstants();
        Map<String, StepSource> steps = new TreeMap<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.releasegate").stream()
                .filter(type -> type.isAssignableTo(Step.class) && !type.getName().equals(Step.class.getName())
                        && !type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT))
                .forEach(type -> {
                    StepSource step = read(type, topics, variables);
                    assertThat(steps.put(step.topic(), step)).as("two Step classes run topic %s", step.topic()).isNull();
                });
        return steps;
    }

    private static StepSource read(JavaClass type, Map<String, String> topics, Map<String, String> variables) {
        String name = type.getName().substring("org.releasegate.".length());
        Path file = SOURCES.resolve(type.getPackageName().replace('.', '/')).resolve(type.getSimpleName() + ".java");
        String source;
        try {
            source = code(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher constructor = SUPER.matcher(source);
        assertThat(constructor.find()).as("%s: its constructor must call super(ReleasePolicy.Topics.…,"
                + " ReleasePolicy.Errors.… or null), which this test reads", file).isTrue();
        String topic = topics.get(constructor.group(1));
        assertThat(topic).as("%s: Topics.%s", file, constructor.group(1)).isNotNull();
        String error = constructor.group(3) == null ? "—" : constructor.group(3);
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        List<String> unclear = new ArrayList<>();
        variables.forEach((constant, variable) -> {
            Matcher use = Pattern.compile("(?<![\\w.])(?:(?:ReleasePolicy\\.)?Vars\\.)?" + constant + "\\b")
                    .matcher(source);
            while (use.find()) {
                String before = source.substring(Math.max(0, use.start() - 30), use.start());
                String after = source.substring(use.end(), Math.min(source.length(), use.end() + 8));
                if (after.matches("(?s)\\.(from|find)\\(.*") || before.matches("(?s).*getVariable\\w*\\(\\s*$")) {
                    reads.add(variable);
                } else if (after.startsWith(".on(") || before.matches("(?s).*putValue\\w*\\(\\s*$")) {
                    writes.add(variable);
                } else {
                    unclear.add(file + ": cannot tell whether " + constant + " is read or written at offset "
                            + use.start() + " — read with " + constant + ".from(task) / .find(task), write with "
                            + constant + ".on(result, …), so that this table can be checked");
                }
            }
        });
        return new StepSource(name, topic, error, reads, writes, unclear);
    }

    /** The source without its imports, comments, and string literals (so that only code is matched). */
    private static String code(String source) {
        return source.replaceAll("(?m)^import .*$", "")
                .replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("'(\\\\.|[^'\\\\])'", "' '")
                .replaceAll("\"(\\\\.|[^\"\\\\\\n])*\"", "\"\"")
                .replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("//[^\\n]*", " ");
    }

    /** The variables of {@link ReleasePolicy}: constant name → variable name (typed, or a plain String name). */
    private static Map<String, String> variableConstants() {
        Map<String, String> variables = new TreeMap<>();
        for (Class<?> nested : ReleasePolicy.class.getDeclaredClasses()) {
            boolean holdsVariables = Arrays.stream(nested.getDeclaredFields())
                    .anyMatch(field -> field.getType() == ProcessVariable.class);
            if (holdsVariables) {
                for (Field field : nested.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())) {
                        Object value = get(field);
                        variables.put(field.getName(), value instanceof ProcessVariable<?> typed ? typed.name() : String.valueOf(value));
                    }
                }
            }
        }
        return variables;
    }

    private static Map<String, String> constants(Class<?> holder) {
        Map<String, String> constants = new TreeMap<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.put(field.getName(), (String) get(field));
            }
        }
        return constants;
    }

    private static Object get(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
