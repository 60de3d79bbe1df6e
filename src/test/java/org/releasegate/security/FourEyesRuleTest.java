package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_INITIATOR;
import static org.releasegate.testsupport.ReleaseVariables.ofRelease;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.util.List;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.releasegate.process.ReleasePolicy.Elements;

/**
 * The four-eyes rule on a plain engine, with the plugin on and off, on a small model that has the guarded tasks'
 * ids: whoever starts a release may not claim, be assigned or complete its final acceptance or rollback decision.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FourEyesRuleTest {

    private static final String PROCESS = "four-eyes-rule";
    private static final String OTHER_TASK = "Task_Other";
    private static final String ACCEPTANCE_REFUSED =
            "La recette définitive doit être prononcée par un autre responsable que celui qui a lancé la mise en "
                    + "production (marie)";
    private static final String ROLLBACK_REFUSED =
            "La décision sur la production non conforme doit être prise par un autre responsable que celui qui a lancé "
                    + "la mise en production (marie)";

    private ProcessEngine enabled;
    private ProcessEngine disabled;

    @BeforeAll
    void engines() {
        enabled = engine("four-eyes-on", true);
        disabled = engine("four-eyes-off", false);
    }

    @AfterAll
    void close() {
        enabled.close();
        disabled.close();
    }

    @Test
    void initiatorCannotCompleteTheFinalAcceptance() {
        String release = startAs(enabled, "marie");
        Task acceptance = task(enabled, release, Elements.FINAL_ACCEPTANCE);

        assertThatThrownBy(() -> as(enabled, "marie", () -> enabled.getTaskService().complete(acceptance.getId())))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining(ACCEPTANCE_REFUSED)
                .hasRootCauseInstanceOf(AuthorizationException.class);
        assertThat(task(enabled, release, Elements.FINAL_ACCEPTANCE)).as("still waiting").isNotNull();
    }

    @Test
    void initiatorCannotClaimTheFinalAcceptanceNorBeGivenIt() {
        String release = startAs(enabled, "marie");
        Task acceptance = task(enabled, release, Elements.FINAL_ACCEPTANCE);

        assertThatThrownBy(() -> as(enabled, "marie", () -> enabled.getTaskService().claim(acceptance.getId(), "marie")))
                .hasMessageContaining(ACCEPTANCE_REFUSED);
        assertThatThrownBy(() -> as(enabled, "admin", () -> enabled.getTaskService().setAssignee(acceptance.getId(), "marie")))
                .hasMessageContaining(ACCEPTANCE_REFUSED);
        assertThatThrownBy(() -> as(enabled, "paul", () -> enabled.getTaskService().delegateTask(acceptance.getId(), "marie")))
                .hasMessageContaining(ACCEPTANCE_REFUSED);
        assertThat(task(enabled, release, Elements.FINAL_ACCEPTANCE).getAssignee()).isNull();
    }

    @Test
    void anotherReleaseManagerSignsTheAcceptanceAndDecidesTheRollback() {
        String release = startAs(enabled, "marie");

        as(enabled, "paul", () -> {
            enabled.getTaskService().claim(task(enabled, release, Elements.FINAL_ACCEPTANCE).getId(), "paul");
            enabled.getTaskService().complete(task(enabled, release, Elements.FINAL_ACCEPTANCE).getId());
        });
        Task rollback = task(enabled, release, Elements.DECIDE_ROLLBACK);
        assertThatThrownBy(() -> as(enabled, "marie", () -> enabled.getTaskService().complete(rollback.getId())))
                .hasMessageContaining(ROLLBACK_REFUSED);
        as(enabled, "paul", () -> enabled.getTaskService().complete(rollback.getId()));

        assertThat(task(enabled, release, OTHER_TASK)).isNotNull();
    }

    @Test
    void initiatorCannotSignByRewritingTheInitiatorVariable() {
        String release = startAs(enabled, "marie");
        Task acceptance = task(enabled, release, Elements.FINAL_ACCEPTANCE);

        assertThatThrownBy(() -> as(enabled, "marie", () -> enabled.getTaskService().complete(acceptance.getId(),
                with(RELEASE_INITIATOR, "paul"))))
                .hasMessageContaining(ACCEPTANCE_REFUSED);
    }

    @Test
    void assigneeCompletingWithoutAuthenticationIsTheOneChecked() {
        String release = startAs(enabled, "marie");
        Task acceptance = task(enabled, release, Elements.FINAL_ACCEPTANCE);
        // Trusted code (no authenticated user) may complete, but not on behalf of an initiator it assigned before
        // the rule was there: the task is written directly, as an older engine would have left it.
        ((ProcessEngineConfigurationImpl) enabled.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
                .execute(context -> {
                    context.getTaskManager().findTaskById(acceptance.getId()).setAssigneeWithoutCascade("marie");
                    return null;
                });

        assertThatThrownBy(() -> enabled.getTaskService().complete(acceptance.getId()))
                .hasMessageContaining(ACCEPTANCE_REFUSED);
    }

    @Test
    void trustedCodeWithoutAuthenticatedUserIsNotChecked() {
        String release = startAs(enabled, "marie");

        enabled.getTaskService().complete(task(enabled, release, Elements.FINAL_ACCEPTANCE).getId());

        assertThat(task(enabled, release, Elements.DECIDE_ROLLBACK)).isNotNull();
    }

    @Test
    void initiatorCompletesOtherTasksOfTheRelease() {
        String release = startAs(enabled, "marie");
        as(enabled, "paul", () -> {
            enabled.getTaskService().complete(task(enabled, release, Elements.FINAL_ACCEPTANCE).getId());
            enabled.getTaskService().complete(task(enabled, release, Elements.DECIDE_ROLLBACK).getId());
        });

        as(enabled, "marie", () -> enabled.getTaskService().complete(task(enabled, release, OTHER_TASK).getId()));

        assertThat(enabled.getRuntimeService().createProcessInstanceQuery().processInstanceId(release).count()).isZero();
    }

    @Test
    void whenDisabledTheInitiatorSignsAndDecides() {
        String release = startAs(disabled, "marie");

        as(disabled, "marie", () -> {
            disabled.getTaskService().claim(task(disabled, release, Elements.FINAL_ACCEPTANCE).getId(), "marie");
            disabled.getTaskService().complete(task(disabled, release, Elements.FINAL_ACCEPTANCE).getId());
            disabled.getTaskService().complete(task(disabled, release, Elements.DECIDE_ROLLBACK).getId());
        });

        assertThat(task(disabled, release, OTHER_TASK)).isNotNull();
    }

    private static String startAs(ProcessEngine engine, String user) {
        String[] id = new String[1];
        as(engine, user, () -> id[0] = engine.getRuntimeService().startProcessInstanceByKey(PROCESS).getId());
        assertThat(ofRelease(engine.getRuntimeService(), id[0], RELEASE_INITIATOR)).isEqualTo(user);
        return id[0];
    }

    private static Task task(ProcessEngine engine, String release, String key) {
        return engine.getTaskService().createTaskQuery().processInstanceId(release).taskDefinitionKey(key).singleResult();
    }

    private static void as(ProcessEngine engine, String user, Runnable call) {
        engine.getIdentityService().setAuthentication(user, List.of(Roles.RELEASE_MANAGERS));
        try {
            call.run();
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    private static ProcessEngine engine(String name, boolean fourEyes) {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName(name)
                .setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setJobExecutorActivate(false);
        configuration.setProcessEnginePlugins(List.of(new FourEyesPlugin(new FourEyesProperties(fourEyes))));
        ProcessEngine engine = configuration.buildProcessEngine();
        engine.getRepositoryService().createDeployment().addModelInstance(PROCESS + ".bpmn", model()).deploy();
        return engine;
    }

    private static BpmnModelInstance model() {
        return Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
                .startEvent().camundaInitiator(RELEASE_INITIATOR.name())
                .userTask(Elements.FINAL_ACCEPTANCE).camundaCandidateGroups(Roles.RELEASE_MANAGERS)
                .userTask(Elements.DECIDE_ROLLBACK).camundaCandidateGroups(Roles.RELEASE_MANAGERS)
                .userTask(OTHER_TASK).camundaCandidateGroups(Roles.RELEASE_MANAGERS)
                .endEvent()
                .done();
    }
}
