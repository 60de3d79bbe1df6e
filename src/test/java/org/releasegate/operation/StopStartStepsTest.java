package org.releasegate.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStores;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.worker.StepPlacement;
import org.springframework.mock.env.MockEnvironment;

/** The stop-environment and start-environment steps, with real commands and real stores. */
class StopStartStepsTest {

    @TempDir
    Path dir;

    private final Map<String, Object> variables = new HashMap<>();
    private final ExternalTask task = mock(ExternalTask.class);
    private final MockEnvironment spring = new MockEnvironment();
    private Path data;
    private Path events;

    @BeforeEach
    void production() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("clients.dat"), "1;Dupont");
        events = dir.resolve("events.log");
        when(task.getId()).thenReturn("4711");
        when(task.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        variables.put("environment", Environments.PRODUCTION);
    }

    @Test
    void stopRunsTheStopCommandThenFindsNothingWriting() throws Exception {
        commands("echo stopped >> '" + events + "'", "echo started >> '" + events + "'", "5m");

        VariableMap result = stopStep(directoryStores()).run(task);

        assertThat(Files.readAllLines(events)).containsExactly("stopped");
        assertThat(result.getValue("stopReport", String.class))
                .matches("Production arrêtée à \\d\\d:\\d\\d:\\d\\d \\(commande d'arrêt : \\d+,\\d s ;"
                        + " plus aucune écriture constatée pendant 0,3 s\\)");
        assertThat(result.getValue("productionStoppedAt", Date.class)).isCloseTo(new Date(), 10_000);
    }

    @Test
    void withoutCommandsNothingIsStoppedAndTheDataIsOnlyChecked() throws Exception {
        VariableMap result = stopStep(directoryStores()).run(task);

        assertThat(result.getValue("stopReport", String.class)).isEqualTo("Aucune commande d'arrêt configurée :"
                + " la production n'a pas été arrêtée ; plus aucune écriture constatée pendant 0,3 s");
        assertThat(startStep(directoryStores()).run(task).getValue("productionStartedAt", Date.class)).isNotNull();
        assertThat(events).doesNotExist();
    }

    @Test
    void aFailingStopCommandIsRejectedAfterProductionWasStartedAgain() throws Exception {
        commands("echo 'service gestan introuvable' >&2; exit 3", "echo started >> '" + events + "'", "5m");

        assertThatThrownBy(() -> stopStep(directoryStores()).run(task))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("La production n'a pas pu être arrêtée : la commande d'arrêt a échoué (code de"
                        + " sortie 3) ; sa sortie : « service gestan introuvable »")
                .hasMessageContaining("La production a été redémarrée (commande de démarrage :");
        assertThat(Files.readAllLines(events)).containsExactly("started");
    }

    @Test
    void aStopCommandPastItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path childPid = dir.resolve("child.pid");
        commands("sleep 300 & echo $! > '" + childPid + "'; wait", "echo started >> '" + events + "'", "1s");

        assertThatThrownBy(() -> stopStep(directoryStores()).run(task))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("la commande d'arrêt n'a pas fini en 1,0 s ; elle a été tuée avec ses 1"
                        + " processus enfant(s)");
        long pid = Long.parseLong(Files.readString(childPid).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the stop command's child was killed").isFalse();
        assertThat(Files.readAllLines(events)).containsExactly("started");
    }

    @Test
    void writesStillSeenAfterTheStopCommandAreRejectedAfterProductionWasStartedAgain() throws Exception {
        // The "application" the stop command did not stop: it goes on writing its journal.
        Path writer = Files.writeString(dir.resolve("writer.sh"),
                "while true; do echo ligne >> '" + data.resolve("journal.log") + "'; sleep 0.05; done\n");
        Process application = new ProcessBuilder("sh", writer.toString()).start();
        try {
            commands("echo stopped >> '" + events + "'", "echo started >> '" + events + "'", "5m");

            assertThatThrownBy(() -> stopStep(directoryStores()).run(task))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageContaining("des données sont encore écrites")
                    .hasMessageContaining("« journal.log »")
                    .hasMessageNotContaining(dir.toString());
            assertThat(Files.readAllLines(events)).containsExactly("stopped", "started");
        } finally {
            application.destroyForcibly().waitFor();
        }
    }

    @Test
    void beforeTheWindowsArchiveAFoldersWatchForWritesIsLeftToThatArchive() throws Exception {
        // Still written: the archive that follows will refuse it (DataArchivesWatchTest); the stop does not wait.
        Path writer = Files.writeString(dir.resolve("writer.sh"),
                "while true; do echo ligne >> '" + data.resolve("journal.log") + "'; sleep 0.05; done\n");
        Process application = new ProcessBuilder("sh", writer.toString()).start();
        variables.put("writesWatchedByArchive", true);
        DataStores stores = new TestStores().with(Environments.PRODUCTION,
                TestStores.directory(data, Duration.ofSeconds(30))).build();
        try {
            long start = System.nanoTime();
            VariableMap result = stopStep(stores).run(task);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no settle period waited")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(result.getValue("stopReport", String.class)).isEqualTo("Aucune commande d'arrêt configurée :"
                    + " la production n'a pas été arrêtée ; écritures surveillées pendant l'archivage");
        } finally {
            application.destroyForcibly().waitFor();
        }
    }

    @Test
    void onAnAgentTheStopBeforeTheWindowsArchiveProvesNothingWritesItselfSinceTheArchiveCannotWatchThisServer()
            throws Exception {
        Path writer = Files.writeString(dir.resolve("writer.sh"),
                "while true; do echo ligne >> '" + data.resolve("journal.log") + "'; sleep 0.05; done\n");
        Process application = new ProcessBuilder("sh", writer.toString()).start();
        variables.put("writesWatchedByArchive", true);
        EnvironmentControl onTheAgent = new EnvironmentControl(directoryStores(), spring, Clock.systemDefaultZone(),
                new StepPlacement(false, Set.of(Environments.PRODUCTION)));
        try {
            assertThatThrownBy(() -> new StopEnvironmentStep(onTheAgent).run(task))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageContaining("des données sont encore écrites")
                    .hasMessageContaining("« journal.log »");
        } finally {
            application.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPostgresProductionRefusesSessionsOnceStoppedAndAcceptsThemOnceStartedAgainTwice() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        if (postgres.databases().contains("gestan_window")) {
            postgres.executeAsSuperuser("postgres", "DROP DATABASE gestan_window WITH (FORCE)");
        }
        postgres.createDatabase("gestan_window", "CREATE TABLE clients (id integer)");
        // Before the window's archive too: a database has no watch to leave to it, it is closed by the stop.
        variables.put("writesWatchedByArchive", true);
        DataStores stores = new TestStores().with(Environments.PRODUCTION, TestStores.postgres(
                postgres.url("gestan_window"), TestPostgres.ROLE, TestPostgres.PASSWORD, List.of())).build();
        commands("echo stopped >> '" + events + "'", "echo started >> '" + events + "'", "5m");

        try (Connection application = postgres.connect("gestan_window")) {
            VariableMap stopped = stopStep(stores).run(task);

            assertThat(application.isValid(2)).as("the session left by the application was ended").isFalse();
            assertThat(stopped.getValue("stopReport", String.class))
                    .endsWith("connexions à la base refusées, plus aucune session ouverte)");
        }
        assertThatThrownBy(() -> postgres.connect("gestan_window").close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("not currently accepting connections");

        startStep(stores).run(task);
        VariableMap started = startStep(stores).run(task);

        try (Connection again = postgres.connect("gestan_window")) {
            assertThat(again.isValid(2)).isTrue();
        }
        assertThat(started.getValue("productionStartedAt", Date.class)).isCloseTo(new Date(), 10_000);
        assertThat(Files.readAllLines(events)).containsExactly("stopped", "started", "started");
    }

    private void commands(String stop, String start, String timeout) {
        String prefix = "releasegate.environments.production.";
        spring.withProperty(prefix + "stop.command[0]", "sh").withProperty(prefix + "stop.command[1]", "-c")
                .withProperty(prefix + "stop.command[2]", stop).withProperty(prefix + "stop.timeout", timeout)
                .withProperty(prefix + "start.command[0]", "sh").withProperty(prefix + "start.command[1]", "-c")
                .withProperty(prefix + "start.command[2]", start);
    }

    private DataStores directoryStores() {
        return new TestStores().with(Environments.PRODUCTION, TestStores.directory(data, Duration.ofMillis(300)))
                .build();
    }

    private StopEnvironmentStep stopStep(DataStores stores) {
        return new StopEnvironmentStep(new EnvironmentControl(stores, spring, Clock.systemDefaultZone()));
    }

    private StartEnvironmentStep startStep(DataStores stores) {
        return new StartEnvironmentStep(new EnvironmentControl(stores, spring, Clock.systemDefaultZone()));
    }
}
