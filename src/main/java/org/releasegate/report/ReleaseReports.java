package org.releasegate.report;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.releasegate.process.ReleasePolicy;
import org.springframework.stereotype.Service;

/** Makes the records, pages and PDFs of releases, and the list of releases. */
@Service
class ReleaseReports {

    /** The list shows the latest releases; older ones stay reachable by their id. */
    static final int LISTED = 500;

    private final ReleaseHistory history;
    private final HistoryService historyService;
    private final RepositoryService repository;
    private final ReportPdf pdf;
    private final Clock clock;

    ReleaseReports(ReleaseHistory history, HistoryService historyService, RepositoryService repository, ReportPdf pdf,
                   Clock clock) {
        this.history = history;
        this.historyService = historyService;
        this.repository = repository;
        this.pdf = pdf;
        this.clock = clock;
    }

    /** The sealed record of a release, made now for this reader; empty if no release has this id. */
    Optional<ReleaseRecord> record(String processInstanceId, String reader) {
        return history.facts(processInstanceId)
                .map(facts -> ReleaseRecord.seal(processInstanceId, facts, clock.instant(), reader, clock.getZone()));
    }

    String page(ReleaseRecord record) {
        return ReportPage.render(record);
    }

    byte[] pdf(ReleaseRecord record) {
        return pdf.render(ReportPage.render(record), record);
    }

    /** One line of the list of releases. */
    record Listed(HistoricProcessInstance release, String outcome) {
    }

    List<Listed> releases() {
        Map<String, BpmnModelInstance> models = new HashMap<>();
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY)
                .orderByProcessInstanceStartTime().desc().listPage(0, LISTED).stream()
                .map(release -> new Listed(release, ReleaseOutcome.of(release, activityId -> {
                    BpmnModelInstance model = models.computeIfAbsent(release.getProcessDefinitionId(),
                            repository::getBpmnModelInstance);
                    FlowElement element = model.getModelElementById(activityId);
                    return element == null ? null : element.getName();
                })))
                .toList();
    }
}
