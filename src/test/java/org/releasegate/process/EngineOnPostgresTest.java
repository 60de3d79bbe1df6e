package org.releasegate.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Elements.CONSOLIDATE_VERDICTS;
import static org.releasegate.process.ReleasePolicy.Elements.COPY_PRODUCTION_DATA;
import static org.releasegate.process.ReleasePolicy.Elements.FINAL_ACCEPTANCE;
import static org.releasegate.process.ReleasePolicy.Elements.INSTALL_ON_TEST;
import static org.releasegate.process.ReleasePolicy.Elements.PLAN_VERIFICATIONS;
import static org.releasegate.process.ReleasePolicy.Elements.VERIFY_CHANGE;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.data.TestPostgres;
import org.releasegate.verification.VerdictConsolidation;
import org.releasegate.verification.VerdictRepository;
import org.releasegate.verification.VerificationRecorder;
import org.releasegate.workaround.WorkaroundRepository;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The engine on a real PostgreSQL server with the settings of the {@code postgres} profile: Camunda creates its schema,
 * Release Gate's {@code schema.sql} runs, and a release goes from its start to the final acceptance, its verdict
 * recorded. A plain engine, not a second Spring context beside the integration tests'.
 */
class EngineOnPostgresTest {

    private static final String DATABASE = "rg_engine";

    private ProcessEngine engine;

    @AfterEach
    void close() {
        Mocks.reset();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aReleaseRunsOnPostgresWithThePostgresProfileSettings() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)",
                "CREATE DATABASE " + DATABASE + " OWNER " + TestPostgres.ROLE);
        StandardEnvironment profile = postgresProfile(Map.of("RELEASEGATE_DB_URL", postgres.url(DATABASE),
                "RELEASEGATE_DB_USER", TestPostgres.ROLE, "RELEASEGATE_DB_PASSWORD", TestPostgres.PASSWORD));
        String url = profile.getRequiredProperty("spring.datasource.url");
        String user = profile.getRequiredProperty("spring.datasource.username");
        String password = profile.getRequiredProperty("spring.datasource.password");
        assertThat(profile.getProperty("spring.datasource.driver-class-name")).isEqualTo("org.postgresql.Driver");
        assertThat(url).isEqualTo(postgres.url(DATABASE));

        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("release-gate-on-postgres");
        configuration.setJdbcUrl(url);
        configuration.setJdbcDriver(profile.getProperty("spring.datasource.driver-class-name"));
        configuration.setJdbcUsername(user);
        configuration.setJdbcPassword(password);
        configuration.setDatabaseSchemaUpdate("true");
        configuration.setJobExecutorActivate(false);
        configuration.setHistory("full");
        configuration.setEnforceHistoryTimeToLive(true);
        configuration.setDefaultSerializationFormat("application/json");
        configuration.setExpressionManager(new MockExpressionManager());
        configuration.setProcessEnginePlugins(List.of(new SpinProcessEnginePlugin()));
        engine = configuration.buildProcessEngine();
        assertThat(configuration.getDatabaseType()).isEqualTo("postgres");

        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, user, password);
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource); // every start runs it
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        VerdictRepository verdicts = new VerdictRepository(jdbc);
        Mocks.register("verificationRecorder", new VerificationRecorder(verdicts, new WorkaroundRepository(jdbc), Clock.systemUTC()));
        Mocks.register("verdictConsolidation", new VerdictConsolidation(verdicts));
        Mocks.register("releaseStarted", new ReleaseStarted(Clock.systemUTC()));
        // A rollback is possible: the program production runs is archived (FirstReleaseTest walks the other case).
        Mocks.register("rollbackReadinessPreview", (org.camunda.bpm.engine.delegate.TaskListener) task -> { });
        NoChangeCalendar.register();
        engine.getRepositoryService().createDeployment().name("release-policy")
                .addClasspathResource("bpmn/release-policy.bpmn").addClasspathResource("bpmn/release-policy.dmn")
                .deploy();

        ProcessInstance release = engine.getRuntimeService().startProcessInstanceByKey(ReleasePolicy.PROCESS_KEY,
                with(ReleasePolicy.Vars.TARGET_VERSION, "1.1")
                        .and(ReleasePolicy.Vars.INSTALLER_PACKAGE, "gestan-1.1.zip")
                        .and(ReleasePolicy.Vars.ROAD_BOOK, "road-book.md")
                        .and(ReleasePolicy.Vars.POLICY_LEVEL, "strict")
                        .and(ReleasePolicy.Vars.RELEASE_KIND, "minor")
                        .and(ReleasePolicy.Vars.PRODUCTION_WINDOW_PLANNED, false));
        runStep(COPY_PRODUCTION_DATA, ReleasePolicy.Topics.COPY_PRODUCTION_DATA, with(ReleasePolicy.Vars.TEST_DATA_DIGEST, "ab".repeat(32)));
        runStep(INSTALL_ON_TEST, ReleasePolicy.Topics.INSTALL_VERSION, Variables.createVariables());
        runStep(PLAN_VERIFICATIONS, ReleasePolicy.Topics.PLAN_VERIFICATIONS, with(ReleasePolicy.Vars.VERIFICATION_ROUND, 1)
                .and(ReleasePolicy.Vars.VERIFICATION_DUE_DATE, java.util.Date.from(Instant.now().plusSeconds(3600)))
                .putValueTyped(ReleasePolicy.Vars.ROAD_BOOK_CHANGES, ReleasePolicy.changesToVerify(List.of(
                        ChangeToVerify.change("GES-1101", "1.1", "Facturation", "Pénalités de retard"))))
                .putValueTyped(ReleasePolicy.Vars.STRATEGIC_PROCESSES, ReleasePolicy.processesToVerify(List.of())));
        String verification = engine.getTaskService().createTaskQuery().taskDefinitionKey(VERIFY_CHANGE).singleResult()
                .getId();
        engine.getTaskService().complete(verification, with(ReleasePolicy.Vars.VERDICT, "OK"));
        runContinuation(CONSOLIDATE_VERDICTS);

        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(release.getId()).singleResult()
                .getTaskDefinitionKey()).isEqualTo(FINAL_ACCEPTANCE);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rg_verdict WHERE process_instance_id = ? AND verdict = 'OK'",
                Integer.class, release.getId())).isEqualTo(1);
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(release.getId())
                .activityId(COPY_PRODUCTION_DATA).finished().count()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT current_setting('server_version_num')::int / 10000", Integer.class))
                .isGreaterThanOrEqualTo(14);
    }

    /** The {@code postgres} profile's settings, its placeholders resolved against the given environment variables. */
    private static StandardEnvironment postgresProfile(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application-postgres.yaml",
                new ClassPathResource("application-postgres.yaml"))) {
            environment.getPropertySources().addLast(source);
        }
        return environment;
    }

    private void runStep(String activityId, String topic, VariableMap result) {
        runContinuation(activityId);
        List<LockedExternalTask> locked = engine.getExternalTaskService().fetchAndLock(1, "test-worker")
                .topic(topic, 60_000).execute();
        assertThat(locked).extracting(LockedExternalTask::getActivityId).containsExactly(activityId);
        engine.getExternalTaskService().complete(locked.get(0).getId(), "test-worker", result);
    }

    private void runContinuation(String activityId) {
        Job continuation = engine.getManagementService().createJobQuery().activityId(activityId).singleResult();
        if (continuation != null) {
            engine.getManagementService().executeJob(continuation.getId());
        }
    }
}
