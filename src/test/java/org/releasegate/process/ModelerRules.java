package org.releasegate.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ComplexGateway;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.InclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.Lane;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.Participant;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TerminateEventDefinition;

/**
 * The structural rules of bpmnlint's {@code recommended} configuration (the checks Camunda Modeler shows), checked
 * with the model API on every flow node of the process and of each sub-process, so that a model edited by hand or by
 * another tool stays as clean as the Modeler wants it. Each finding reads {@code rule-name element-id}.
 * <p>
 * One rule is stricter than bpmnlint's: every flow out of a forking exclusive gateway is labelled, the default one
 * too (bpmnlint only asks it of the flows that carry a condition), since the reader of the diagram picks the way by
 * its label.
 */
final class ModelerRules {

    private ModelerRules() {
    }

    static List<String> check(BpmnModelInstance model) {
        List<String> findings = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            checkNode(node, findings);
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (flow.getConditionExpression() != null) {
                requireLabel(flow, flow.getName(), findings);
            }
        }
        for (Participant participant : model.getModelElementsByType(Participant.class)) {
            requireLabel(participant, participant.getName(), findings);
        }
        for (Lane lane : model.getModelElementsByType(Lane.class)) {
            requireLabel(lane, lane.getName(), findings);
        }
        for (Process process : model.getModelElementsByType(Process.class)) {
            checkContainer(process, process.getFlowElements(), findings);
        }
        for (SubProcess subProcess : model.getModelElementsByType(SubProcess.class)) {
            checkContainer(subProcess, subProcess.getFlowElements(), findings);
        }
        return findings;
    }

    private static void checkNode(FlowNode node, List<String> findings) {
        Collection<SequenceFlow> incoming = node.getIncoming();
        Collection<SequenceFlow> outgoing = node.getOutgoing();
        boolean activityOrEvent = node instanceof Activity || node instanceof Event;
        if (node instanceof Gateway && incoming.size() > 1 && outgoing.size() > 1) {
            findings.add("no-gateway-join-fork " + node.getId());
        }
        if (node instanceof Gateway && incoming.size() == 1 && outgoing.size() == 1) {
            findings.add("superfluous-gateway " + node.getId());
        }
        if (activityOrEvent && incoming.size() > 1) {
            findings.add("fake-join " + node.getId());
        }
        SequenceFlow defaultFlow = defaultFlow(node);
        long unconditional = outgoing.stream()
                .filter(flow -> flow.getConditionExpression() == null && flow != defaultFlow).count();
        if (activityOrEvent && unconditional > 1) {
            findings.add("no-implicit-split " + node.getId());
        }
        boolean conditional = defaultFlow != null || outgoing.stream().anyMatch(f -> f.getConditionExpression() != null);
        if (conditional && unconditional > 0) {
            findings.add("conditional-flows " + node.getId());
        }
        if (incoming.isEmpty() && outgoing.isEmpty() && !(node instanceof SubProcess sub && sub.triggeredByEvent())) {
            findings.add("no-disconnected " + node.getId());
        } else {
            if (incoming.isEmpty() && !(node instanceof StartEvent) && !(node instanceof BoundaryEvent)) {
                findings.add("no-implicit-start " + node.getId());
            }
            if (outgoing.isEmpty() && !(node instanceof EndEvent)) {
                findings.add("no-implicit-end " + node.getId());
            }
        }
        if (node instanceof ComplexGateway) {
            findings.add("no-complex-gateway " + node.getId());
        }
        if (node instanceof InclusiveGateway) {
            findings.add("no-inclusive-gateway " + node.getId());
        }
        if (node instanceof Event && node.getChildElementsByType(EventDefinition.class).size() > 1) {
            findings.add("single-event-definition " + node.getId());
        }
        boolean forkingGateway = node instanceof Gateway && outgoing.size() > 1;
        boolean unlabelledKind = node instanceof ParallelGateway || node instanceof EventBasedGateway
                || node instanceof SubProcess || node instanceof Gateway && !forkingGateway;
        if (!unlabelledKind) {
            requireLabel(node, node.getName(), findings);
        }
        if (node instanceof ExclusiveGateway && forkingGateway) {
            for (SequenceFlow flow : outgoing) {
                requireLabel(flow, flow.getName(), findings);
            }
        }
    }

    private static void checkContainer(BaseElement container, Collection<FlowElement> elements, List<String> findings) {
        List<StartEvent> starts = elements.stream().filter(StartEvent.class::isInstance).map(StartEvent.class::cast).toList();
        if (starts.isEmpty()) {
            findings.add("start-event-required " + container.getId());
        }
        if (elements.stream().noneMatch(EndEvent.class::isInstance)) {
            findings.add("end-event-required " + container.getId());
        }
        long blankStarts = starts.stream().filter(start -> start.getEventDefinitions().isEmpty()).count();
        if (blankStarts > 1) {
            findings.add("single-blank-start-event " + container.getId());
        }
        if (container instanceof SubProcess sub && !sub.triggeredByEvent()) {
            starts.stream().filter(start -> !start.getEventDefinitions().isEmpty())
                    .forEach(start -> findings.add("sub-process-blank-start-event " + start.getId()));
        }
        Set<String> pairs = new HashSet<>();
        for (FlowElement element : elements) {
            if (element instanceof SequenceFlow flow
                    && !pairs.add(flow.getSource().getId() + "->" + flow.getTarget().getId())) {
                findings.add("no-duplicate-sequence-flows " + flow.getId());
            }
        }
        List<FlowNode> ends = elements.stream().filter(FlowNode.class::isInstance).map(FlowNode.class::cast)
                .filter(node -> node.getOutgoing().isEmpty()).toList();
        List<FlowNode> terminateEnds = ends.stream().filter(ModelerRules::terminates).toList();
        boolean onlyWayOut = ends.stream().allMatch(end -> terminates(end) || interruptingEventSubProcess(end));
        if (terminateEnds.size() == 1 && onlyWayOut) {
            findings.add("superfluous-termination " + terminateEnds.get(0).getId());
        }
    }

    private static boolean terminates(FlowNode node) {
        return node instanceof EndEvent end && end.getEventDefinitions().stream()
                .anyMatch(TerminateEventDefinition.class::isInstance);
    }

    private static boolean interruptingEventSubProcess(FlowNode node) {
        return node instanceof SubProcess sub && sub.triggeredByEvent() && sub.getFlowElements().stream()
                .anyMatch(element -> element instanceof StartEvent start && start.isInterrupting());
    }

    private static SequenceFlow defaultFlow(FlowNode node) {
        if (node instanceof ExclusiveGateway gateway) {
            return gateway.getDefault();
        }
        if (node instanceof InclusiveGateway gateway) {
            return gateway.getDefault();
        }
        if (node instanceof ComplexGateway gateway) {
            return gateway.getDefault();
        }
        return node instanceof Activity activity ? activity.getDefault() : null;
    }

    private static void requireLabel(BaseElement element, String name, List<String> findings) {
        if (name == null || name.isBlank()) {
            findings.add("label-required " + element.getId());
        }
    }
}
