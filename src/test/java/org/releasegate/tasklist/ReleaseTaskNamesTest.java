package org.releasegate.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_LABEL;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_CHANGES;
import static org.releasegate.process.ReleasePolicy.Vars.STRATEGIC_PROCESSES;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.VERIFICATION_DUE_DATE;
import static org.releasegate.testsupport.ReleaseVariables.ofTaskLocal;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.releasegate.process.ChangeToVerify;
import org.releasegate.process.NoChangeCalendar;
import org.releasegate.process.ProcessToVerify;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleaseStarted;
import org.releasegate.security.Roles;
import org.releasegate.verification.VerdictRepository;
import org.releasegate.verification.VerificationRecorder;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Every user task of the model, whatever the process owner adds, names its release — its name, the version it
 * installs, who started it — in its name and in the variable its form shows; and every release has its Tasklist
 * filter from its start to its end. On the plain engine with the model's plugins, each release placed at one task.
 */
@Deployment(resources = {"bpmn/release-policy.bpmn", "bpmn/release-policy.dmn"})
class ReleaseTaskNamesTest {

    @RegisterExtension
    static final ProcessEngineCoverageExtension ENGINE = ProcessEngineCoverageExtension
            .builder("release-gate-test.camunda.cfg.xml").build();

    private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";

    ProcessEngine processEngine;
    private JdbcTemplate jdbc;

    @BeforeEach
    void registerDelegates() {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:release-policy-test;DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        Mocks.register("verificationRecorder", new VerificationRecorder(new VerdictRepository(jdbc),
                new WorkaroundRepository(jdbc), Clock.systemUTC()));
        Mocks.register("releaseStarted", new ReleaseStarted(Clock.systemUTC()));
        Mocks.register("rollbackReadinessPreview", (TaskListener) task -> { });
        Mocks.register("lateVerifications", (TaskListener) task -> { });
        Mocks.register("lateTaskNotifier", (ExecutionListener) execution -> { });
        NoChangeCalendar.register();
    }

    @AfterEach
    void reset() {
        processEngine.getRuntimeService().createProcessInstanceQuery().list().forEach(release ->
                processEngine.getRuntimeService().deleteProcessInstance(release.getId(), "test over", true));
        Mocks.reset();
        jdbc.update("DELETE FROM rg_verdict");
    }

    @Test
    void everyUserTaskOfTheModelNamesItsReleaseAndWhoStartedIt() {
        List<UserTask> userTasks = List.copyOf(Bpmn.readModelFromFile(new java.io.File("bpmn/release-policy.bpmn"))
                .getModelElementsByType(UserTask.class));
        assertThat(userTasks).hasSizeGreaterThan(10);
        for (UserTask userTask : userTasks) {
            ProcessInstance release = startedBy("marie", userTask.getId()
                    + (userTask.getLoopCharacteristics() != null ? MULTI_INSTANCE_BODY : ""));
            String label = release.getBusinessKey() + " (lancée par marie)";
            assertThat(release.getBusinessKey()).startsWith("Version 1.1 — ");
            List<Task> tasks = processEngine.getTaskService().createTaskQuery().processInstanceId(release.getId()).list();
            assertThat(tasks).as(userTask.getId()).isNotEmpty();
            for (Task task : tasks) {
                assertThat(task.getName()).as(userTask.getId())
                        .startsWith(userTask.getLoopCharacteristics() != null ? "Vérifier " : userTask.getName())
                        .endsWith(" — " + label)
                        .hasSizeLessThanOrEqualTo(255);
                assertThat(ofTaskLocal(processEngine.getTaskService(), task.getId(), RELEASE_LABEL))
                        .as(userTask.getId()).isEqualTo(label);
            }
        }
    }

    @Test
    void verificationTasksNameTheirItemAndTheirRelease() {
        ProcessInstance release = startedBy("marie", Elements.VERIFY_STRATEGIC_PROCESS + MULTI_INSTANCE_BODY);

        assertThat(processEngine.getTaskService().createTaskQuery().processInstanceId(release.getId()).list())
                .extracting(Task::getName).containsExactlyInAnyOrder(
                        "Vérifier le processus « Facturation » — " + release.getBusinessKey() + " (lancée par marie)",
                        "Vérifier le processus « Paie » — " + release.getBusinessKey() + " (lancée par marie)");
    }

    @Test
    void aTaskAfterACorrectedInstallerNamesTheVersionNowInstalled() {
        ProcessInstance release = startedBy("marie", Elements.PROVIDE_PRODUCTION_FIX);
        complete(release, Elements.PROVIDE_PRODUCTION_FIX, with(INSTALLER_PACKAGE, "gestan-1.1.1.zip")
                .and(TARGET_VERSION, "1.1.1").and(ReleasePolicy.Vars.EMERGENCY, true)
                .and(ReleasePolicy.Vars.EMERGENCY_REASON, "Aucune facture ne sort"));

        assertThat(task(release, Elements.APPROVE_EMERGENCY).getName()).isEqualTo("Approuver l'urgence (second "
                + "responsable) — " + release.getBusinessKey() + " (version 1.1.1, lancée par marie)");
    }

    @Test
    void aReleaseHasItsTasklistFilterFromItsStartToItsEnd() {
        ProcessInstance release = startedBy("marie", Elements.DECIDE_ON_FAILURE);

        Filter filter = releaseFilter(release).orElseThrow(() -> new AssertionError("no filter for the release"));
        assertThat(filter.getName()).isEqualTo(release.getBusinessKey() + " (lancée par marie)");
        assertThat(processEngine.getFilterService().count(filter.getId())).isEqualTo(1);
        assertThat(filter.getProperties()).containsEntry("priority", ReleaseFilter.PRIORITY);
        assertThat(processEngine.getAuthorizationService().createAuthorizationQuery()
                .resourceType(Resources.FILTER).resourceId(filter.getId()).list())
                .extracting(Authorization::getGroupId, Authorization::getUserId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Roles.RELEASE_MANAGERS, null),
                        org.assertj.core.groups.Tuple.tuple(Roles.TESTERS, null),
                        org.assertj.core.groups.Tuple.tuple(Roles.KEY_USERS, null),
                        org.assertj.core.groups.Tuple.tuple(Roles.OPERATIONS, null),
                        org.assertj.core.groups.Tuple.tuple(null, "marie"));

        complete(release, Elements.DECIDE_ON_FAILURE, with(ReleasePolicy.Vars.FAILURE_DECISION, Choices.ABANDON)
                .and(ReleasePolicy.Vars.DECISION_COMMENT, "Reporté"));

        assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().processInstanceId(release.getId())
                .count()).as("abandoned").isZero();
        assertThat(releaseFilter(release)).as("removed at the end event").isEmpty();
        assertThat(processEngine.getAuthorizationService().createAuthorizationQuery()
                .resourceType(Resources.FILTER).resourceId(filter.getId()).count()).isZero();
    }

    @Test
    void aCancelledReleaseLosesItsFilterEvenWithoutListeners() {
        ProcessInstance release = startedBy("marie", Elements.FINAL_ACCEPTANCE);
        assertThat(releaseFilter(release)).isPresent();

        processEngine.getRuntimeService().deleteProcessInstance(release.getId(), "annulée", true);

        assertThat(releaseFilter(release)).isEmpty();
    }

    private ProcessInstance startedBy(String user, String activityId) {
        VariableMap variables = with(TARGET_VERSION, "1.1")
                .and(VERIFICATION_DUE_DATE, Date.from(Instant.now().plus(Duration.ofDays(2))))
                .and(ROAD_BOOK_CHANGES, ReleasePolicy.changesToVerify(List.of(
                        ChangeToVerify.change("GES-1101", "1.1", "Facturation", "Pénalités de retard"))))
                .and(STRATEGIC_PROCESSES, ReleasePolicy.processesToVerify(List.of(
                        new ProcessToVerify("facturation", "Facturation", "Créer une facture"),
                        new ProcessToVerify("paie", "Paie", "Calculer la paie"))));
        // Placed at a task: start instructions are for administrators (the gate).
        processEngine.getIdentityService().setAuthentication(user, List.of(Roles.RELEASE_MANAGERS, Roles.ADMINS));
        try {
            return processEngine.getRuntimeService().createProcessInstanceByKey(ReleasePolicy.PROCESS_KEY)
                    .setVariables(variables).startBeforeActivity(activityId).execute();
        } finally {
            processEngine.getIdentityService().clearAuthentication();
        }
    }

    private Task task(ProcessInstance release, String taskKey) {
        return processEngine.getTaskService().createTaskQuery().processInstanceId(release.getId())
                .taskDefinitionKey(taskKey).singleResult();
    }

    private void complete(ProcessInstance release, String taskKey, Map<String, Object> variables) {
        processEngine.getTaskService().complete(task(release, taskKey).getId(), variables);
    }

    private java.util.Optional<Filter> releaseFilter(ProcessInstance release) {
        return processEngine.getFilterService().createFilterQuery().list().stream()
                .filter(filter -> release.getId().equals(filter.getProperties().get(ReleaseFilter.RELEASE_ID)))
                .findFirst();
    }
}
