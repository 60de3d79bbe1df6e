package org.releasegate.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStoreUnavailableException;
import org.releasegate.data.PermanentStoreFailureException;

class StepRunnerTest {

    private final ScheduledExecutorService lockKeeper = Executors.newSingleThreadScheduledExecutor();
    private final ExternalTask task = mock(ExternalTask.class);
    private final ExternalTaskService service = mock(ExternalTaskService.class);
    private final WorkerProperties properties = new WorkerProperties(true, null, "worker", null,
            Duration.ofMillis(200), Duration.ofSeconds(20), 3, Duration.ofSeconds(10));

    @AfterEach
    void stop() {
        lockKeeper.shutdownNow();
    }

    @Test
    void completedStepWritesItsVariables() {
        VariableMap result = Variables.createVariables().putValue("testVersion", "1.1");

        runner(task -> result).execute(task, service);

        verify(service).complete(task, result);
    }

    @Test
    void rejectedInputRaisesTheStepsBpmnErrorWithTheReason() {
        runner(task -> {
            throw new RejectedInputException("package is version 1.2, release expects 1.1");
        }).execute(task, service);

        // our own steps change all or nothing: the model may restart what they stopped as it was
        verify(service).handleBpmnError(task, "INSTALLER_REJECTED", "package is version 1.2, release expects 1.1",
                java.util.Map.of("environmentMayBeAltered", false));
        verify(service, never()).complete(eq(task), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void theDecisionGetsThePersonsReasonAndTheServerPathsStayInTheLog() {
        runner(task -> {
            throw new RejectedInputException("Le paquet « gestan-1.2.zip » installe la version 1.2.",
                    "package /srv/release-gate/inbox/gestan-1.2.zip is version 1.2", null);
        }).execute(task, service);

        verify(service).handleBpmnError(task, "INSTALLER_REJECTED", "Le paquet « gestan-1.2.zip » installe la version 1.2.",
                java.util.Map.of("environmentMayBeAltered", false));
    }

    @Test
    void failedVendorInstallerSaysTheEnvironmentMayBeAltered() {
        runner(task -> {
            throw new org.releasegate.installation.VendorInstallerFailedException("L'installeur a échoué (code 3)");
        }).execute(task, service);

        verify(service).handleBpmnError(task, "INSTALLER_REJECTED", "L'installeur a échoué (code 3)",
                java.util.Map.of("environmentMayBeAltered", true));
    }

    @Test
    void technicalFailureIsRetriedThenBecomesAnIncidentWithAReadableMessage() {
        TestStep failing = task -> {
            throw new IllegalStateException("Copy failed", new IOException("Stale file handle: /srv/test/data"));
        };
        ArgumentCaptor<Integer> retries = ArgumentCaptor.forClass(Integer.class);
        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);

        when(task.getRetries()).thenReturn(null); // first attempt: the engine has not counted retries yet
        runner(failing).execute(task, service);
        when(task.getRetries()).thenReturn(2);
        runner(failing).execute(task, service);
        when(task.getRetries()).thenReturn(1);
        runner(failing).execute(task, service);

        verify(service, org.mockito.Mockito.times(3)).handleFailure(eq(task), message.capture(), anyString(),
                retries.capture(), eq(10_000L));
        assertThat(retries.getAllValues()).as("zero retries left opens the incident").containsExactly(2, 1, 0);
        // the library's English and the server's path are for the incident's trace, not for its message
        assertThat(message.getValue()).isEqualTo(org.releasegate.message.Messages.text("step.failure.io"))
                .startsWith("Erreur de lecture, d'écriture ou de réseau pendant cette étape");
        ArgumentCaptor<String> details = ArgumentCaptor.forClass(String.class);
        verify(service, atLeastOnce()).handleFailure(eq(task), anyString(), details.capture(),
                org.mockito.ArgumentMatchers.anyInt(), anyLong());
        assertThat(details.getValue()).contains("Copy failed", "Stale file handle: /srv/test/data");
    }

    @Test
    void theIncidentSaysTheFrenchOfAnUnavailableStoreAndKeepsTheServerAndItsEnglishInTheTrace() {
        when(task.getRetries()).thenReturn(1);
        String french = org.releasegate.message.Messages.text("data.unavailable.postgresql-connect",
                org.releasegate.message.Messages.text("data.postgresql.where", "production"));
        runner(task -> {
            throw new java.io.UncheckedIOException(new DataStoreUnavailableException(french,
                    "environment 'production': cannot connect to PostgreSQL database gestan on db.example:5432",
                    new java.sql.SQLException("FATAL: password authentication failed for user \"releasegate\"")));
        }).execute(task, service);

        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<String> details = ArgumentCaptor.forClass(String.class);
        verify(service).handleFailure(eq(task), message.capture(), details.capture(), eq(0), eq(10_000L));
        assertThat(message.getValue()).isEqualTo(french)
                .startsWith("Base PostgreSQL de l'environnement « production » : connexion impossible")
                .doesNotContain("db.example", "FATAL", "java.", "Exception");
        assertThat(details.getValue()).startsWith("environment 'production': cannot connect to PostgreSQL database"
                + " gestan on db.example:5432").contains("FATAL: password authentication failed");
    }

    @Test
    void aFullDiskIsSaidInFrenchWithTheFileNameOnly() {
        assertThat(StepRunner.readable(new IllegalStateException("Copy failed", new java.nio.file.FileSystemException(
                "/srv/test/data/clients.csv", null, "No space left on device"))))
                .isEqualTo("Disque plein : « clients.csv » n'a pas pu être écrit. Libérez de la place sur le serveur (la"
                        + " trace de l'incident dit où), puis relancez l'étape depuis l'incident.");
        assertThat(StepRunner.readable(new IOException("No space left on device")))
                .startsWith("Disque plein : l'étape n'a pas pu écrire");
    }

    @Test
    void aMissingFileIsNamedWithoutItsFoldersOnTheServer() {
        when(task.getRetries()).thenReturn(1);
        runner(task -> {
            throw new IllegalStateException("Copying the installer failed",
                    new java.nio.file.NoSuchFileException("/srv/release-gate/inbox/gestan-1.1.zip"));
        }).execute(task, service);

        ArgumentCaptor<String> details = ArgumentCaptor.forClass(String.class);
        verify(service).handleFailure(eq(task), eq("Fichier ou dossier introuvable : « gestan-1.1.zip »"),
                details.capture(), eq(0), eq(10_000L));
        assertThat(details.getValue()).contains("/srv/release-gate/inbox/gestan-1.1.zip");
    }

    @Test
    void aStoreMisconfiguredSaysSoInFrenchAndAnyOtherEnglishFailureIsATechnicalError() {
        assertThat(StepRunner.readable(new org.releasegate.data.DataStoreConfigurationException(
                "cannot run /usr/lib/postgresql/15/bin/pg_dump: error=2, No such file or directory")))
                .isEqualTo(org.releasegate.message.Messages.text("step.failure.settings"))
                .doesNotContain("/usr/lib");
        assertThat(StepRunner.readable(new IllegalStateException("ENGINE-03051 There was an exception")))
                .isEqualTo(org.releasegate.message.Messages.text("step.failure.technical"));
        // a French text of the bundle wrapped by an English one is said alone
        String french = org.releasegate.message.Messages.text("data.unavailable.h2-open",
                org.releasegate.message.Messages.text("data.h2.where", "test"));
        assertThat(StepRunner.readable(new RuntimeException("Copy failed: " + french,
                new DataStoreUnavailableException(french, null, null)))).isEqualTo(french);
    }

    @Test
    void aFailureWithoutMessageIsSaidInFrenchWithoutItsClassName() {
        when(task.getRetries()).thenReturn(1);
        runner(task -> {
            throw new NullPointerException();
        }).execute(task, service);

        verify(service).handleFailure(eq(task),
                eq(org.releasegate.message.Messages.text("step.failure.technical")), anyString(),
                eq(0), eq(10_000L));
    }

    @Test
    void aPermanentStoreFailureIsNeverRetriedWhereAConnectionRefusedIs() {
        PermanentStoreFailureException permanent = new PermanentStoreFailureException("Base PostgreSQL « gestan » :"
                + " le rôle releasegate ne peut pas fermer les sessions des autres rôles : GRANT pg_signal_backend TO"
                + " releasegate");
        DataStoreUnavailableException transientFailure = new DataStoreUnavailableException("Base PostgreSQL de l'environnement"
                + " « production » : connexion impossible", "environment 'production': cannot connect to PostgreSQL"
                + " database 'gestan'", new ConnectException("Connection refused"));
        ArgumentCaptor<Integer> retries = ArgumentCaptor.forClass(Integer.class);
        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);

        // A step the model catches a rejection on: the person decides at once.
        runner("stop-environment", "STOP_REJECTED", task -> {
            throw permanent;
        }).execute(task, service);
        verify(service).handleBpmnError(eq(task), eq("STOP_REJECTED"), eq(permanent.getMessage()),
                org.mockito.ArgumentMatchers.any());
        verify(service, never()).handleFailure(eq(task), anyString(), anyString(), org.mockito.ArgumentMatchers.anyInt(),
                anyLong());

        // A step without one (starting production again): a lost connection is retried, a missing privilege opens
        // the incident at once, however many retries were left.
        when(task.getRetries()).thenReturn(null);
        runner("start-environment", null, task -> {
            throw transientFailure;
        }).execute(task, service);
        when(task.getRetries()).thenReturn(2);
        runner("start-environment", null, task -> {
            throw permanent;
        }).execute(task, service);

        verify(service, org.mockito.Mockito.times(2)).handleFailure(eq(task), message.capture(), anyString(),
                retries.capture(), eq(10_000L));
        assertThat(retries.getAllValues()).containsExactly(2, 0);
        assertThat(message.getAllValues().get(1)).isEqualTo(permanent.getMessage());
    }

    @Test
    void lockIsExtendedWhileALongStepRuns() {
        CountDownLatch extended = new CountDownLatch(1);
        doAnswer(invocation -> {
            extended.countDown();
            return null;
        }).when(service).extendLock(eq(task), anyLong());
        AtomicBoolean extendedWhileRunning = new AtomicBoolean();

        // The step runs until the lock is extended (every 100 ms for a 200 ms lock), or gives up after 30 s.
        runner(task -> {
            extendedWhileRunning.set(extended.await(30, TimeUnit.SECONDS));
            return Variables.createVariables();
        }).execute(task, service);

        assertThat(extendedWhileRunning).as("the lock was extended while the step ran").isTrue();
        verify(service, atLeastOnce()).extendLock(eq(task), anyLong());
    }

    @Test
    void aStepWhoseLockWasTakenOverIsStoppedAndSendsNothing() {
        // A node frozen longer than the lock: meanwhile the other node took the task, so the engine refuses this
        // worker's renewal. The step must stop rather than go on beside the other run, and report nothing.
        doAnswer(invocation -> {
            throw new org.camunda.bpm.client.exception.BadRequestException("TASK/CLIENT-01009",
                    new org.camunda.bpm.client.exception.RestException("The lock of the External Task t1 cannot be "
                            + "extended by worker 'release-gate-worker@a/1-00000000'", "BadUserRequestException", 400));
        }).when(service).extendLock(eq(task), anyLong());
        AtomicBoolean interrupted = new AtomicBoolean();

        runner(task -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException stopped) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("copy stopped");
            }
            return Variables.createVariables();
        }).execute(task, service);

        assertThat(interrupted).as("the step was interrupted when the lock was lost").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("the worker's thread goes on fetching").isFalse();
        verify(service, never()).complete(eq(task), org.mockito.ArgumentMatchers.any());
        verify(service, never()).handleFailure(eq(task), anyString(), anyString(), org.mockito.ArgumentMatchers.anyInt(),
                anyLong());
        verify(service, never()).handleBpmnError(eq(task), anyString(), anyString(), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void theCompletionWaitsForARenewalUnderWay() {
        // Both update the task in the engine: sent at the same moment, the completion failed (ENGINE-03005) and the
        // step ran again once its lock ran out.
        AtomicBoolean renewing = new AtomicBoolean();
        CountDownLatch renewalStarted = new CountDownLatch(1);
        doAnswer(invocation -> {
            renewing.set(true);
            renewalStarted.countDown();
            Thread.sleep(500);
            renewing.set(false);
            return null;
        }).when(service).extendLock(eq(task), anyLong());
        AtomicBoolean completedDuringRenewal = new AtomicBoolean();
        doAnswer(invocation -> {
            completedDuringRenewal.set(renewing.get());
            return null;
        }).when(service).complete(eq(task), org.mockito.ArgumentMatchers.any());

        runner(task -> {
            renewalStarted.await(30, TimeUnit.SECONDS);
            return Variables.createVariables();
        }).execute(task, service);

        verify(service).complete(eq(task), org.mockito.ArgumentMatchers.any());
        assertThat(completedDuringRenewal).as("completed while a renewal was under way").isFalse();
    }

    @Test
    void aLostConnectionToTheEngineDoesNotStopTheStep() {
        // The engine unreachable for a moment says nothing about who holds the task: the step goes on.
        doAnswer(invocation -> {
            throw new org.camunda.bpm.client.exception.ConnectionLostException("TASK/CLIENT-02002",
                    new ConnectException("Connection refused"));
        }).when(service).extendLock(eq(task), anyLong());
        VariableMap result = Variables.createVariables().putValue("testVersion", "1.1");

        runner(task -> {
            Thread.sleep(500);
            return result;
        }).execute(task, service);

        verify(service, atLeastOnce()).extendLock(eq(task), anyLong());
        verify(service).complete(task, result);
    }

    private StepRunner runner(TestStep step) {
        return runner("install-version", "INSTALLER_REJECTED", step);
    }

    private StepRunner runner(String topic, String rejectionErrorCode, TestStep step) {
        return new StepRunner(new Step(topic, rejectionErrorCode) {
            @Override
            public VariableMap run(ExternalTask task) throws Exception {
                return step.run(task);
            }
        }, properties, lockKeeper);
    }

    private interface TestStep {
        VariableMap run(ExternalTask task) throws Exception;
    }
}
