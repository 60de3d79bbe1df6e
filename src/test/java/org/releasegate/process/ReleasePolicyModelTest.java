package org.releasegate.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TerminateEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.junit.jupiter.api.Test;

/**
 * The model files as the process owner edits them: they must stay in step with {@link ReleasePolicy}, be laid out
 * for the Modeler, reference forms that exist, and carry what the engine and the audit need.
 */
class ReleasePolicyModelTest {

    private static final Path MODELS = Path.of("bpmn");
    private final BpmnModelInstance model = Bpmn.readModelFromFile(MODELS.resolve("release-policy.bpmn").toFile());

    @Test
    void everyIdOfTheBackingClassIsInTheModel() throws IllegalAccessException {
        for (String id : constants(ReleasePolicy.Elements.class)) {
            assertThat((Object) model.getModelElementById(id)).as(id).isNotNull();
        }
        Set<String> topics = model.getModelElementsByType(ServiceTask.class).stream()
                .map(ServiceTask::getCamundaTopic).filter(topic -> topic != null).collect(Collectors.toSet());
        assertThat(topics).containsExactlyInAnyOrderElementsOf(constants(ReleasePolicy.Topics.class));
        Process process = model.getModelElementById(ReleasePolicy.PROCESS_KEY);
        assertThat(process.isExecutable()).isTrue();
        assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    }

    @Test
    void everyFlowNodeAndFlowIsLaidOut() {
        Set<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
                .map(shape -> shape.getBpmnElement().getId()).collect(Collectors.toSet());
        Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
                .map(edge -> edge.getBpmnElement().getId()).collect(Collectors.toSet());
        assertThat(shapes).containsAll(ids(model.getModelElementsByType(FlowNode.class)));
        assertThat(edges).containsAll(ids(model.getModelElementsByType(SequenceFlow.class)));
    }

    /**
     * The top level shows the phases, each collapsed sub-process is drawn on a plane of its own (as Camunda Modeler
     * draws a drill-down), and no two shapes of a plane overlap (a boundary event sits on its activity's border).
     */
    @Test
    void eachSubProcessIsCollapsedOnTheTopLevelWithItsContentOnItsOwnPlaneAndNoShapesOverlap() {
        Map<String, BpmnPlane> planes = model.getModelElementsByType(BpmnPlane.class).stream()
                .collect(Collectors.toMap(plane -> plane.getBpmnElement().getId(), plane -> plane));
        Process process = model.getModelElementById(ReleasePolicy.PROCESS_KEY);
        Collection<SubProcess> subProcesses = model.getModelElementsByType(SubProcess.class);
        assertThat(subProcesses).isNotEmpty();
        for (SubProcess subProcess : subProcesses) {
            assertThat(subProcess.getParentElement()).as(subProcess.getId()).isEqualTo(process);
            BpmnShape shape = shapeOf(subProcess.getId());
            assertThat(shape.isExpanded()).as(subProcess.getId() + " collapsed").isFalse();
            assertThat(planes).as("plane of " + subProcess.getId()).containsKey(subProcess.getId());
            Set<String> drawn = planes.get(subProcess.getId()).getDiagramElements().stream()
                    .map(element -> element instanceof BpmnShape drawnShape ? drawnShape.getBpmnElement()
                            : element instanceof BpmnEdge edge ? edge.getBpmnElement() : null)
                    .filter(java.util.Objects::nonNull).map(BaseElement::getId).collect(Collectors.toSet());
            assertThat(drawn).as("plane of " + subProcess.getId())
                    .containsAll(ids(subProcess.getChildElementsByType(FlowNode.class)))
                    .containsAll(ids(subProcess.getChildElementsByType(SequenceFlow.class)));
        }
        for (BpmnPlane plane : planes.values()) {
            List<BpmnShape> shapes = plane.getDiagramElements().stream().filter(BpmnShape.class::isInstance)
                    .map(BpmnShape.class::cast).filter(shape -> shape.getBpmnElement() instanceof FlowNode).toList();
            for (int i = 0; i < shapes.size(); i++) {
                for (int j = i + 1; j < shapes.size(); j++) {
                    BpmnShape a = shapes.get(i);
                    BpmnShape b = shapes.get(j);
                    if (attached(a, b) || attached(b, a)) {
                        continue;
                    }
                    assertThat(overlap(a, b)).as(a.getBpmnElement().getId() + " overlaps " + b.getBpmnElement().getId())
                            .isFalse();
                }
            }
        }
    }

    /**
     * What Camunda Modeler's linter (bpmnlint, {@code recommended}) reports, on the process and every sub-process: no
     * gateway both joins and forks, flows meet only at a gateway and split only at one, every forking decision and each
     * of its ways is labelled, nothing is left unconnected, a termination is not used where a plain end does.
     */
    @Test
    void theModelBreaksNoRuleOfTheModelersLinter() {
        assertThat(ModelerRules.check(model)).isEmpty();
    }

    @Test
    void theLinterRulesFindWhatTheyAreAbout() {
        BpmnModelInstance joinAndFork = Bpmn.createExecutableProcess("p").startEvent("start").name("Début")
                .parallelGateway("split").userTask("a").name("A").exclusiveGateway("decide").name("Suite ?")
                .condition("Oui", "${ok}").endEvent("done").name("Fini")
                .moveToNode("decide").condition(null, "${!ok}").endEvent("stopped").name("Arrêté")
                .moveToNode("split").userTask("b").name("B").connectTo("decide")
                .done();
        assertThat(ModelerRules.check(joinAndFork)).contains("no-gateway-join-fork decide", "label-required "
                + flowBetween(joinAndFork, "decide", "stopped"));
        BpmnModelInstance fakeJoinAndSplit = Bpmn.createExecutableProcess("p").startEvent("start").name("Début")
                .userTask("a").name("A").userTask("b").name("B").endEvent("end").name("Fin")
                .moveToNode("a").connectTo("end")
                .done();
        assertThat(ModelerRules.check(fakeJoinAndSplit)).contains("no-implicit-split a", "fake-join end");
        BpmnModelInstance loneTermination = Bpmn.createExecutableProcess("p").startEvent("start").name("Début")
                .subProcess("phase").embeddedSubProcess().startEvent("inner").name("Début de phase")
                .userTask("work").name("Travail").endEvent("innerEnd").name("Fin de phase")
                .subProcessDone().endEvent("end").name("Fin")
                .done();
        TerminateEventDefinition terminate = loneTermination.newInstance(TerminateEventDefinition.class);
        terminate.setId("terminate");
        ((EndEvent) loneTermination.getModelElementById("innerEnd")).getEventDefinitions().add(terminate);
        UserTask orphan = loneTermination.newInstance(UserTask.class);
        orphan.setId("orphan");
        orphan.setName("Seule");
        ((Process) loneTermination.getModelElementById("p")).addChildElement(orphan);
        assertThat(ModelerRules.check(loneTermination))
                .containsExactlyInAnyOrder("superfluous-termination innerEnd", "no-disconnected orphan");
    }

    private static String flowBetween(BpmnModelInstance model, String source, String target) {
        return model.getModelElementsByType(SequenceFlow.class).stream()
                .filter(flow -> flow.getSource().getId().equals(source) && flow.getTarget().getId().equals(target))
                .findFirst().orElseThrow().getId();
    }

    private BpmnShape shapeOf(String id) {
        return model.getModelElementsByType(BpmnShape.class).stream()
                .filter(shape -> shape.getBpmnElement().getId().equals(id)).findFirst().orElseThrow();
    }

    private static boolean attached(BpmnShape boundary, BpmnShape activity) {
        return boundary.getBpmnElement() instanceof BoundaryEvent event && event.getAttachedTo() == activity.getBpmnElement();
    }

    private static boolean overlap(BpmnShape a, BpmnShape b) {
        Bounds x = a.getBounds();
        Bounds y = b.getBounds();
        return x.getX() < y.getX() + y.getWidth() && y.getX() < x.getX() + x.getWidth()
                && x.getY() < y.getY() + y.getHeight() && y.getY() < x.getY() + x.getHeight();
    }

    @Test
    void everyIdIsReadable() {
        for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
            if (element.getId() != null && !(element instanceof BpmnShape) && !(element instanceof BpmnEdge)) {
                assertThat(element.getId()).as("generated-looking id").doesNotMatch(".*_[0-9a-z]{7}$");
            }
        }
    }

    private static final String EMBEDDED_DEPLOYMENT_FORM = "embedded:deployment:";

    @Test
    void everyFormReferencedExistsAndUserTasksHaveCandidateGroups() throws IOException {
        Set<String> formIds = new java.util.HashSet<>();
        try (Stream<Path> forms = Files.list(MODELS.resolve("forms"))) {
            for (Path form : forms.filter(file -> file.toString().endsWith(".form")).toList()) {
                JsonNode json = new ObjectMapper().readTree(form.toFile());
                formIds.add(json.get("id").asText());
            }
        }
        List<String> referenced = new ArrayList<>();
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            assertThat(task.getCamundaCandidateGroups()).as(task.getId()).isNotBlank();
            String embedded = task.getCamundaFormKey();
            if (embedded != null) {
                // Verification tasks use an embedded form: only those can attach evidence files in Tasklist.
                assertThat(embedded).as(task.getId()).startsWith(EMBEDDED_DEPLOYMENT_FORM);
                assertThat(MODELS.resolve(embedded.substring(EMBEDDED_DEPLOYMENT_FORM.length()))).isRegularFile();
                continue;
            }
            assertThat(task.getCamundaFormRefBinding()).as(task.getId()).isEqualTo("deployment");
            referenced.add(task.getCamundaFormRef());
        }
        for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
            if (start.getParentElement() instanceof Process) {
                referenced.add(start.getCamundaFormRef()); // a sub-process's start event takes no form
            }
        }
        assertThat(formIds).containsAll(referenced);
    }

    @Test
    void decisionTableHasTheDecisionTheProcessCalls() {
        DmnModelInstance dmn = Dmn.readModelFromFile(MODELS.resolve("release-policy.dmn").toFile());
        Decision decision = dmn.getModelElementById(ReleasePolicy.CHECKS_DECISION);
        assertThat(decision).isNotNull();
        assertThat(decision.getCamundaHistoryTimeToLiveString()).isNotBlank();
    }

    private static List<String> ids(Collection<? extends BaseElement> elements) {
        return elements.stream().map(BaseElement::getId).toList();
    }

    private static List<String> constants(Class<?> holder) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }
}
