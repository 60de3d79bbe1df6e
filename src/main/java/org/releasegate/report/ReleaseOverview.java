package org.releasegate.report;

import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.releasegate.process.ReleasePolicy;
import org.springframework.stereotype.Service;

/**
 * Reads where releases stand, running and finished, from the engine's history and runtime: what Cockpit's free
 * edition does not show (finished releases) next to what it does (open tasks), for the view of every release.
 */
@Service
class ReleaseOverview {

    /** The view lists the latest releases; older ones stay reachable by their id. */
    static final int LISTED = 100;

    private final HistoryService history;
    private final TaskService tasks;
    private final RepositoryService repository;
    private final IdentityService identity;

    ReleaseOverview(HistoryService history, TaskService tasks, RepositoryService repository, IdentityService identity) {
        this.history = history;
        this.tasks = tasks;
        this.repository = repository;
        this.identity = identity;
    }

    /** The latest releases, newest first. */
    List<ReleaseStatus> latest() {
        Reading reading = new Reading();
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY)
                .orderByProcessInstanceStartTime().desc().listPage(0, LISTED).stream().map(reading::status).toList();
    }

    /** One release, or nothing if no release has this id. */
    Optional<ReleaseStatus> of(String releaseId) {
        HistoricProcessInstance release = history.createHistoricProcessInstanceQuery().processInstanceId(releaseId)
                .singleResult();
        if (release == null || !ReleasePolicy.PROCESS_KEY.equals(release.getProcessDefinitionKey())) {
            return Optional.empty();
        }
        return Optional.of(new Reading().status(release));
    }

    /** One reading, sharing the group names and the models' activity names between releases. */
    private final class Reading {

        private final Map<String, String> groupNames = identity.createGroupQuery().list().stream()
                .collect(Collectors.toMap(Group::getId, group -> Objects.requireNonNullElse(group.getName(), group.getId())));
        private final Map<String, Map<String, String>> activityNames = new HashMap<>();

        ReleaseStatus status(HistoricProcessInstance release) {
            List<HistoricActivityInstance> steps = history.createHistoricActivityInstanceQuery()
                    .processInstanceId(release.getId()).orderByHistoricActivityInstanceStartTime().asc()
                    .orderPartiallyByOccurrence().asc().list().stream()
                    .filter(activity -> !ReleaseHistory.NOT_STEPS.contains(activity.getActivityType())).toList();
            boolean running = release.getEndTime() == null;
            // where it stands: the steps under way, not the phase (sub-process) that holds them
            List<String> current = !running ? List.of() : steps.stream().filter(step -> step.getEndTime() == null)
                    .filter(step -> !ActivityTypes.SUB_PROCESS.equals(step.getActivityType()))
                    .map(step -> Objects.requireNonNullElse(step.getActivityName(), step.getActivityId()))
                    .distinct().toList();
            List<ReleaseStatus.OpenTask> open = !running ? List.of()
                    : tasks.createTaskQuery().processInstanceId(release.getId()).orderByTaskCreateTime().asc().list()
                            .stream().map(this::openTask).toList();
            return new ReleaseStatus(release, TARGET_VERSION.findInHistory(history, release.getId()).orElse(null),
                    ReleaseOutcome.of(release, activityId -> activityName(release, activityId)), current, open,
                    Downtime.of(asEntries(steps)));
        }

        private ReleaseStatus.OpenTask openTask(Task task) {
            List<String> groups = tasks.getIdentityLinksForTask(task.getId()).stream()
                    .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
                    .map(IdentityLink::getGroupId).map(id -> groupNames.getOrDefault(id, id)).toList();
            return new ReleaseStatus.OpenTask(task.getId(), task.getName(), task.getAssignee(), groups,
                    task.getCreateTime(), task.getDueDate());
        }

        private String activityName(HistoricProcessInstance release, String activityId) {
            return activityNames.computeIfAbsent(release.getProcessDefinitionId(), definition ->
                    repository.getBpmnModelInstance(definition).getModelElementsByType(FlowElement.class).stream()
                            .filter(element -> element.getName() != null)
                            .collect(Collectors.toMap(FlowElement::getId, FlowElement::getName, (a, b) -> a)))
                    .get(activityId);
        }
    }

    /** The steps as the report's timeline has them, for {@link Downtime}. */
    private static List<Entry> asEntries(List<HistoricActivityInstance> steps) {
        return IntStream.range(0, steps.size()).mapToObj(i -> {
            HistoricActivityInstance step = steps.get(i);
            Fact fact = Fact.of(EntryKind.STEP).with(Fields.ACTIVITY_ID, step.getActivityId())
                    .with(Fields.NAME, Objects.requireNonNullElse(step.getActivityName(), step.getActivityId()))
                    .with(Fields.STARTED_AT, step.getStartTime()).with(Fields.ENDED_AT, step.getEndTime())
                    .with(Fields.DURATION_MS, step.getDurationInMillis()).build();
            return new Entry(i, fact.kind(), fact.fields(), null, null);
        }).toList();
    }
}
