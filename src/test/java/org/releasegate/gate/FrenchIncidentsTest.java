package org.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.message.Messages;

/**
 * A job of the engine that fails for good (a listener, a timer, an asynchronous step) opens an incident whose message
 * Cockpit shows: French from the bundle, never the engine's code, a library's English or a server path, which stay in
 * the job's stack trace.
 */
class FrenchIncidentsTest {

    private static final String ENGLISH = "Cannot read the change calendar /srv/release-gate/calendar.yaml:"
            + " java.nio.file.AccessDeniedException";

    private ProcessEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aJobFailingInEnglishOpensAFrenchIncidentAndKeepsTheEnglishInItsStackTrace() {
        start(new Failing(new IllegalStateException(ENGLISH)));

        Incident incident = failForGood();

        assertThat(incident.getIncidentMessage()).isEqualTo(Messages.text("incident.job.technical"))
                .doesNotContain("/srv", "Cannot", "ENGINE-", "Exception");
        assertThat(engine.getManagementService().getJobExceptionStacktrace(incident.getConfiguration()))
                .contains(ENGLISH);
    }

    @Test
    void aFrenchTextOfTheBundleIsShownAloneWhereverTheEngineWrappedIt() {
        String french = Messages.text("restore.readiness.nothing-installed");

        assertThat(FrenchIncidents.readable(french)).isEqualTo(french);
        assertThat(FrenchIncidents.readable("ENGINE-03051 There was an exception while invoking the TaskListener."
                + " Message: 'Exception while invoking TaskListener: " + french)).isEqualTo(french);
        assertThat(FrenchIncidents.readable(null)).isEqualTo(Messages.text("incident.job.technical"));
    }

    private void start(Failing failing) {
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("french-incidents-test");
        configuration.setJdbcUrl("jdbc:h2:mem:french-incidents;DB_CLOSE_DELAY=1000");
        configuration.setJobExecutorActivate(false);
        configuration.setBeans(Map.of("erp", failing));
        List<org.camunda.bpm.engine.impl.incident.IncidentHandler> handlers = new ArrayList<>();
        handlers.add(new FrenchIncidents());
        configuration.setCustomIncidentHandlers(handlers);
        engine = configuration.buildProcessEngine();
        engine.getRepositoryService().createDeployment().addModelInstance("failing.bpmn",
                Bpmn.createExecutableProcess("failing").camundaHistoryTimeToLive(1).startEvent()
                        .serviceTask("plan").camundaAsyncBefore().camundaExpression("${erp.run()}")
                        .endEvent().done()).deploy();
        engine.getRuntimeService().startProcessInstanceByKey("failing");
    }

    private Incident failForGood() {
        for (int attempt = 0; attempt < 3; attempt++) {
            Job job = engine.getManagementService().createJobQuery().singleResult();
            assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()));
        }
        return engine.getRuntimeService().createIncidentQuery().singleResult();
    }

    /** A bean of the model's expression that fails as a library would. */
    public static final class Failing {

        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        public void run() {
            throw failure;
        }
    }
}
