package org.releasegate.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.*;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.releasegate.process.ChangeToVerify;
import org.releasegate.process.ProcessToVerify;
import org.releasegate.process.NoChangeCalendar;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleaseStarted;
import org.releasegate.security.Roles;
import org.releasegate.verification.VerdictConsolidation;
import org.releasegate.verification.VerdictRepository;
import org.releasegate.verification.VerificationRecorder;
import org.releasegate.verification.WorkaroundRegister;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A plain in-memory engine (no Spring) with the notification plugin, the demo's groups and people, and the release
 * model; drives releases as the process tests do, completing automated steps as a worker would.
 */
final class NotificationEngine implements AutoCloseable {

    static final ChangeToVerify CHANGE_1 = ChangeToVerify.change("GES-1101", "1.1", "Facturation", "Pénalités de retard");
    static final ChangeToVerify CHANGE_2 = ChangeToVerify.change("GES-1102", "1.1", "Clients", "Champ pays");
    static final ProcessToVerify INVOICING = new ProcessToVerify("facturation", "Facturation", "1. Créer une facture");

    private static final String WORKER = "test-worker";

    final ProcessEngine engine;
    private final JdbcTemplate jdbc;

    NotificationEngine(NotificationService notifications) {
        String name = "notification-test-" + UUID.randomUUID();
        String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName(name);
        configuration.setJdbcUrl(url);
        configuration.setDatabaseSchemaUpdate("true");
        configuration.setJobExecutorActivate(false);
        configuration.setHistory("full");
        configuration.setDefaultSerializationFormat("application/json");
        configuration.setExpressionManager(new MockExpressionManager());
        // As in application.yaml: the group ids contain hyphens.
        configuration.setGroupResourceWhitelistPattern("[a-zA-Z0-9-]+");
        configuration.setUserResourceWhitelistPattern("[a-zA-Z0-9-]+");
        List<ProcessEnginePlugin> plugins = new ArrayList<>();
        plugins.add(new SpinProcessEnginePlugin());
        plugins.add(new NotificationPlugin(notifications));
        configuration.setProcessEnginePlugins(plugins);
        engine = configuration.buildProcessEngine();

        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
        // Release Gate's own tables (verdicts, workarounds), which the model's listeners read and write.
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        VerdictRepository verdicts = new VerdictRepository(jdbc);
        WorkaroundRepository workarounds = new WorkaroundRepository(jdbc);
        Mocks.register("verificationRecorder", new VerificationRecorder(verdicts, workarounds, Clock.systemUTC()));
        Mocks.register("workaroundRegister", new WorkaroundRegister(verdicts, workarounds, Clock.systemUTC()));
        Mocks.register("verdictConsolidation", new VerdictConsolidation(verdicts));
        Mocks.register("releaseStarted", new ReleaseStarted(Clock.systemUTC()));
        // A rollback is possible: the program production runs is archived (FirstReleaseTest walks the other case).
        Mocks.register("rollbackReadinessPreview", (org.camunda.bpm.engine.delegate.TaskListener) task -> { });
        NoChangeCalendar.register();
        Mocks.register("lateTaskNotifier", new LateTaskNotifier(notifications));

        createPeople();
        engine.getRepositoryService().createDeployment()
                .addClasspathResource("bpmn/release-policy.bpmn")
                .addClasspathResource("bpmn/release-policy.dmn")
                .deploy();
    }

    private void createPeople() {
        IdentityService identity = engine.getIdentityService();
        for (String group : List.of(Roles.RELEASE_MANAGERS, Roles.TESTERS, Roles.KEY_USERS)) {
            identity.saveGroup(identity.newGroup(group));
        }
        person("marie", "Marie", Roles.RELEASE_MANAGERS, true);
        person("paul", "Paul", Roles.RELEASE_MANAGERS, true);
        person("theo", "Théo", Roles.TESTERS, true);
        person("lea", "Léa", Roles.TESTERS, true);
        person("sans-adresse", "Sacha", Roles.TESTERS, false);
        person("karim", "Karim", Roles.KEY_USERS, true);
        person("ines", "Inès", null, true);
    }

    private void person(String id, String firstName, String group, boolean withEmail) {
        IdentityService identity = engine.getIdentityService();
        User user = identity.newUser(id);
        user.setFirstName(firstName);
        user.setLastName("Demo");
        if (withEmail) {
            user.setEmail(address(id));
        }
        identity.saveUser(user);
        if (group != null) {
            identity.createMembership(id, group);
        }
    }

    static String address(String userId) {
        return userId + "@demo.release-gate.local";
    }

    void deploy(BpmnModelInstance model) {
        engine.getRepositoryService().createDeployment().addModelInstance("test.bpmn", model).deploy();
    }

    /** Starts a release as {@code initiator} (the start event records who) and leaves it at the copy step. */
    String startRelease(String initiator) {
        VariableMap variables = with(TARGET_VERSION, "1.1")
                .and(INSTALLER_PACKAGE, "gestan-1.1.zip")
                .and(ROAD_BOOK, "road-book.md")
                .and(POLICY_LEVEL, "strict")
                .and(RELEASE_KIND, "minor")
                .and(PRODUCTION_WINDOW_PLANNED, false);
        engine.getIdentityService().setAuthenticatedUserId(initiator);
        try {
            return engine.getRuntimeService().startProcessInstanceByKey(ReleasePolicy.PROCESS_KEY, variables).getId();
        } finally {
            engine.getIdentityService().clearAuthentication();
        }
    }

    String businessKey(String releaseId) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(releaseId)
                .singleResult().getBusinessKey();
    }

    /** Copies, installs and plans: the verification tasks of the given changes and strategic processes exist. */
    void prepareTestEnvironment(String releaseId, List<ChangeToVerify> changes, List<ProcessToVerify> processes) {
        runStep(releaseId, ReleasePolicy.Elements.COPY_PRODUCTION_DATA, Map.of());
        runStep(releaseId, ReleasePolicy.Elements.INSTALL_ON_TEST, Map.of());
        runStep(releaseId, ReleasePolicy.Elements.PLAN_VERIFICATIONS, with(VERIFICATION_ROUND, 1)
                .and(ReleasePolicy.Vars.VERIFICATION_DUE_DATE, java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofDays(2))))
                .putValueTyped(ReleasePolicy.Vars.ROAD_BOOK_CHANGES, ReleasePolicy.changesToVerify(changes))
                .putValueTyped(ReleasePolicy.Vars.STRATEGIC_PROCESSES, ReleasePolicy.processesToVerify(processes)));
    }

    /** The copy is rejected and the release manager abandons: the release ends at "abandoned". */
    void abandonAfterRejectedCopy(String releaseId) {
        String copy = lockedStep(releaseId, ReleasePolicy.Elements.COPY_PRODUCTION_DATA);
        engine.getExternalTaskService().handleBpmnError(copy, WORKER, ReleasePolicy.Errors.COPY_REJECTED,
                "clients.dat changed during copy");
        Task decision = tasks(releaseId, ReleasePolicy.Elements.DECIDE_SETUP_FAILURE).get(0);
        engine.getTaskService().complete(decision.getId(), with(SETUP_FAILURE_DECISION, ReleasePolicy.Choices.ABANDON)
                .and(DECISION_COMMENT, "Trop risqué"));
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(releaseId)
                .singleResult().getEndActivityId()).isEqualTo(ReleasePolicy.Elements.END_ABANDONED);
    }

    List<Task> tasks(String processInstanceId, String taskKey) {
        return engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).list();
    }

    void executeJob(Job job) {
        engine.getManagementService().executeJob(job.getId());
    }

    /** An automated step as a worker does it: the async job runs, then the external task is locked and completed. */
    private void runStep(String releaseId, String activityId, Map<String, Object> result) {
        engine.getExternalTaskService().complete(lockedStep(releaseId, activityId), WORKER, result);
    }

    private String lockedStep(String releaseId, String activityId) {
        Job continuation = engine.getManagementService().createJobQuery().processInstanceId(releaseId)
                .activityId(activityId).singleResult();
        if (continuation != null) {
            executeJob(continuation);
        }
        ExternalTask step = engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(releaseId)
                .activityId(activityId).singleResult();
        assertThat(step).as("release %s waits at %s", releaseId, activityId).isNotNull();
        engine.getExternalTaskService().lock(step.getId(), WORKER, 60_000);
        return step.getId();
    }

    @Override
    public void close() {
        Mocks.reset();
        engine.close();
        jdbc.execute("SHUTDOWN");
    }
}
