package org.releasegate.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The form contracts of {@link ReleasePolicy.Forms}, which the engine enforces, say exactly what the forms people
 * fill in say: every user task and the start event has one, with the fields of its {@code .form} file (or of
 * {@code verify.html}), the same read-only fields, types and version pattern; a choice the contract restricts (the road
 * book's source) accepts exactly the values its radio offers.
 */
class FormContractTest {

    private static final Path MODELS = Path.of("bpmn");
    /** Marks a field read from a radio or a select: its pattern is the values it offers. */
    private static final String RADIO = "radio or select";
    private static final Pattern HTML_FIELD = Pattern.compile("<(?:input|select|textarea)([^>]*)>");

    private final BpmnModelInstance model = Bpmn.readModelFromFile(MODELS.resolve("release-policy.bpmn").toFile());

    @Test
    void everyFormOfTheModelHasAContractThatMatchesIt() throws IOException {
        Map<String, Map<String, FormField>> formsById = camundaForms();
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            FormContract contract = Forms.ofTask(task.getId()).orElseThrow(
                    () -> new AssertionError("no form contract for user task " + task.getId()));
            Map<String, FormField> declared = task.getCamundaFormRef() != null
                    ? formsById.get(task.getCamundaFormRef())
                    : embeddedForm(task.getCamundaFormKey());
            assertThat(declared).as(task.getId()).isNotNull();
            assertSame(task.getId(), contract, declared);
        }
        StartEvent start = model.getModelElementById(ReleasePolicy.Elements.START);
        Map<String, FormField> startForm = new HashMap<>(formsById.get(start.getCamundaFormRef()));
        // the road book uploaded with a REST start: no field of the start form, part of the contract
        startForm.put(ReleasePolicy.Vars.ROAD_BOOK_FILE, FormField.file(ReleasePolicy.Vars.ROAD_BOOK_FILE));
        assertSame(start.getId(), Forms.START, startForm);
    }

    @Test
    void theRoadBookSourceIsRestrictedToTheValuesTheFormsOffer() throws IOException {
        Map<String, Map<String, FormField>> formsById = camundaForms();
        StartEvent start = model.getModelElementById(ReleasePolicy.Elements.START);
        UserTask retry = model.getModelElementById(ReleasePolicy.Elements.DECIDE_SETUP_FAILURE);
        for (Map<String, FormField> form : List.of(formsById.get(start.getCamundaFormRef()),
                formsById.get(retry.getCamundaFormRef()))) {
            assertThat(form.get(ReleasePolicy.Vars.ROAD_BOOK_SOURCE.name()).pattern().pattern())
                    .isEqualTo("^(reference|text)$").isEqualTo(Forms.ROAD_BOOK_SOURCE_PATTERN);
        }
        assertThat(Forms.START.field(ReleasePolicy.Vars.ROAD_BOOK_SOURCE.name()).orElseThrow().pattern().pattern())
                .isEqualTo(Forms.ROAD_BOOK_SOURCE_PATTERN);
        assertThat(Forms.ofTask(ReleasePolicy.Elements.DECIDE_SETUP_FAILURE).orElseThrow()
                .field(ReleasePolicy.Vars.ROAD_BOOK_SOURCE.name()).orElseThrow().pattern().pattern())
                .isEqualTo(Forms.ROAD_BOOK_SOURCE_PATTERN);
    }

    /** Which release a task is about is the first thing its form says ({@link ReleaseLabel}), without a field to send. */
    @Test
    void everyTaskFormShowsItsReleaseFirst() throws IOException {
        String releaseLabel = ReleasePolicy.Vars.RELEASE_LABEL.name();
        Map<String, JsonNode> formsById = new HashMap<>();
        try (Stream<Path> files = Files.list(MODELS.resolve("forms"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".form")).toList()) {
                JsonNode form = new ObjectMapper().readTree(file.toFile());
                formsById.put(form.path("id").asText(), form);
            }
        }
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            if (task.getCamundaFormRef() != null) {
                JsonNode first = formsById.get(task.getCamundaFormRef()).path("components").path(0);
                assertThat(first.path("type").asText()).as(task.getId()).isEqualTo("text");
                assertThat(first.path("text").asText()).as(task.getId()).contains("{{" + releaseLabel + "}}");
            } else {
                String html = Files.readString(MODELS.resolve(task.getCamundaFormKey().replace("embedded:deployment:", "")));
                assertThat(html).as(task.getId()).contains("fetchVariable('" + releaseLabel + "')")
                        .contains("destroyVariable('" + releaseLabel + "')");
                assertThat(html.indexOf("class=\"verification-release-label\"")).as(task.getId() + ": shown before any field")
                        .isPositive().isLessThan(html.indexOf("<input"));
            }
            assertThat(Forms.ofTask(task.getId()).orElseThrow().field(releaseLabel)).as(task.getId()
                    + ": shown, never accepted back").isEmpty();
        }
    }

    @Test
    void everyContractNamesAUserTaskOfTheModel() {
        for (FormContract contract : Forms.tasks()) {
            assertThat(model.getModelElementById(contract.elementId()) instanceof UserTask)
                    .as(contract.elementId()).isTrue();
        }
    }

    private static void assertSame(String elementId, FormContract contract, Map<String, FormField> form) {
        assertThat(contract.fields().keySet()).as(elementId + ": fields").containsExactlyInAnyOrderElementsOf(form.keySet());
        form.forEach((name, field) -> {
            FormField declared = contract.fields().get(name);
            assertThat(declared.writable()).as(elementId + "." + name + " writable").isEqualTo(field.writable());
            assertThat(declared.type()).as(elementId + "." + name + " type").isEqualTo(field.type());
            if (RADIO.equals(field.patternHintKey()) && declared.pattern() == null) {
                return; // a choice the contract does not restrict (its decision is read by the model's gateways)
            }
            assertThat(declared.pattern() == null ? null : declared.pattern().pattern())
                    .as(elementId + "." + name + " pattern")
                    .isEqualTo(field.pattern() == null ? null : field.pattern().pattern());
        });
    }

    /** Form id → its fields, from every {@code .form} file. */
    private static Map<String, Map<String, FormField>> camundaForms() throws IOException {
        Map<String, Map<String, FormField>> forms = new HashMap<>();
        try (Stream<Path> files = Files.list(MODELS.resolve("forms"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".form")).toList()) {
                JsonNode form = new ObjectMapper().readTree(file.toFile());
                Map<String, FormField> fields = new HashMap<>();
                collect(form.path("components"), fields);
                forms.put(form.path("id").asText(), fields);
            }
        }
        return forms;
    }

    private static void collect(JsonNode components, Map<String, FormField> fields) {
        for (JsonNode component : components) {
            if (component.has("key")) {
                boolean readOnly = component.path("readonly").asBoolean(false) || component.path("disabled").asBoolean(false);
                ValueType type = "checkbox".equals(component.path("type").asText()) ? ValueType.BOOLEAN : ValueType.STRING;
                String pattern = component.path("validate").path("pattern").asText(null);
                String hint = null;
                if (pattern == null && component.path("values").isArray() && !component.path("values").isEmpty()) {
                    // a radio or a select: the values it offers, as the contract's pattern must list them
                    List<String> values = new ArrayList<>();
                    component.path("values").forEach(value -> values.add(value.path("value").asText()));
                    pattern = "^(" + String.join("|", values) + ")$";
                    hint = RADIO;
                }
                fields.put(component.path("key").asText(), new FormField(component.path("key").asText(), type,
                        !readOnly, pattern == null ? null : Pattern.compile(pattern), hint, false));
            }
            collect(component.path("components"), fields);
        }
    }

    /** The fields of an embedded form: {@code cam-variable-name}, its type, and {@code readonly}. */
    private static Map<String, FormField> embeddedForm(String formKey) throws IOException {
        String html = Files.readString(MODELS.resolve(formKey.replace("embedded:deployment:", "")));
        Map<String, FormField> fields = new HashMap<>();
        Matcher field = HTML_FIELD.matcher(html);
        while (field.find()) {
            String attributes = field.group(1);
            Matcher name = Pattern.compile("cam-variable-name=\"([^\"]+)\"").matcher(attributes);
            if (name.find()) {
                boolean file = attributes.contains("cam-variable-type=\"File\"");
                fields.put(name.group(1), new FormField(name.group(1), file ? ValueType.FILE : ValueType.STRING,
                        !attributes.matches("(?s).*\\sreadonly[\\s>=].*|(?s).*\\sreadonly$"), null, null, false));
            }
        }
        return fields;
    }
}
