package org.releasegate.operation;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.releasegate.RejectedInputException;
import org.releasegate.command.ChildProcess;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.PermanentStoreFailureException;
import org.releasegate.data.StillInUseException;
import org.releasegate.environment.Environments;
import org.releasegate.message.Messages;
import org.releasegate.operation.StopStartSettings.CommandSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.releasegate.worker.StepPlacement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Stops an environment — its stop command, then its data store's proof that nothing writes any more — and starts it
 * again. Both are idempotent (a task re-delivered after a crash runs them from the start: the commands must accept
 * being run on an environment already stopped or started), and a stop that fails starts the environment again before
 * it is refused, so a failed stop never leaves it stopped.
 */
@Service
class EnvironmentControl {

    /** Bytes of a command's output kept for the messages. */
    static final int OUTPUT_TAIL = 1500;

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentControl.class);

    private final DataStores dataStores;
    private final Environment spring;
    private final Clock clock;
    private final StepPlacement placement;

    /** On the engine node, which also takes the archives. */
    EnvironmentControl(DataStores dataStores, Environment spring, Clock clock) {
        this(dataStores, spring, clock, new StepPlacement(true, StepPlacement.ALL_ENVIRONMENTS));
    }

    @Autowired
    EnvironmentControl(DataStores dataStores, Environment spring, Clock clock, StepPlacement placement) {
        this.dataStores = dataStores;
        this.spring = spring;
        this.clock = clock;
        this.placement = placement;
    }

    /**
     * Whether the environment's data is cloned by its server in the production window rather than archived there
     * (a PostgreSQL database alone); the stop tells the model which way the window goes.
     */
    boolean clonedInServer(String environment) throws IOException {
        return dataStores.clonedInServer(environment);
    }

    /** @param report French, for the forms and the report */
    record Stopped(Instant at, String report) {
    }

    /**
     * Runs the stop command (when configured), then quiesces the data store.
     *
     * @throws RejectedInputException when the command fails, the data is still written or the store refuses to be
     *                                closed for good (a privilege missing); the environment was started again first,
     *                                and the message says whether that worked
     */
    Stopped stop(String environment) throws IOException {
        return stop(environment, false);
    }

    /**
     * Like {@link #stop(String)}; when {@code watchedByArchive}, a folder's watch for writes is left to the archive
     * that follows ({@link DataStore#quiesceWatchingLater}), which proves it while it reads instead of after a wait —
     * on the node that takes that archive only: an agent's stop proves it in full, since the archive, on the engine
     * node, cannot watch a folder of the agent's server.
     */
    Stopped stop(String environment, boolean watchedByArchive) throws IOException {
        if (watchedByArchive && !placement.environmentFreeSteps()) {
            LOG.info("Environment '{}' stopped by an agent before the window's archive: its data is proved unwritten"
                    + " now, the archive on the engine node cannot watch it", environment);
        }
        return stopNow(environment, watchedByArchive && placement.environmentFreeSteps());
    }

    private Stopped stopNow(String environment, boolean watchedByArchive) throws IOException {
        StopStartSettings settings = StopStartSettings.of(spring, environment);
        DataStore store = dataStores.of(environment);
        try {
            String command = null;
            if (settings.stopCommand().isPresent()) {
                command = Messages.text("operation.stop-command", seconds(run(environment,
                        Messages.text("operation.command.stop"), settings.stopCommand().get())));
            }
            String observed = watchedByArchive ? store.quiesceWatchingLater()
                    : store.quiesce(dataStores.settle(environment));
            Instant at = clock.instant();
            String time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(clock.getZone()).format(at);
            boolean production = Environments.PRODUCTION.equals(environment);
            String report = command == null
                    ? (production ? Messages.text("operation.not-stopped.production", observed)
                    : Messages.text("operation.not-stopped.other", environment, observed))
                    : production ? Messages.text("operation.stopped.production", time, command, observed)
                    : Messages.text("operation.stopped.other", environment, time, command, observed);
            return new Stopped(at, report);
        } catch (CommandFailedException | StillInUseException | PermanentStoreFailureException refused) {
            String restarted = startAgainAfter(environment, store, settings);
            throw new RejectedInputException(Environments.PRODUCTION.equals(environment)
                    ? Messages.text("operation.stop-failed.production", refused.getMessage(), restarted)
                    : Messages.text("operation.stop-failed.other", environment, refused.getMessage(), restarted),
                    refused);
        } catch (IOException | RuntimeException failure) {
            String restarted = startAgainAfter(environment, store, settings);
            LOG.warn("Stopping environment '{}' failed; {}", environment, restarted);
            throw failure;
        }
    }

    /** Opens the data store again, then runs the start command (when configured). */
    Instant start(String environment) throws IOException {
        StopStartSettings settings = StopStartSettings.of(spring, environment);
        dataStores.of(environment).reopen();
        if (settings.startCommand().isPresent()) {
            run(environment, Messages.text("operation.command.start"), settings.startCommand().get());
        }
        return clock.instant();
    }

    /** Runs the reopen command (when configured): the users are let back in. */
    Instant reopen(String environment) throws IOException {
        Optional<CommandSettings> reopen = StopStartSettings.of(spring, environment).reopenCommand();
        if (reopen.isPresent()) {
            run(environment, Messages.text("operation.command.reopen"), reopen.get());
        }
        return clock.instant();
    }

    /** What a failed stop did to start the environment again, in French; never throws. */
    private String startAgainAfter(String environment, DataStore store, StopStartSettings settings) {
        try {
            store.reopen();
            if (settings.startCommand().isEmpty()) {
                return Messages.text("operation.reopened-only");
            }
            Duration took = run(environment, Messages.text("operation.command.start"), settings.startCommand().get());
            return Environments.PRODUCTION.equals(environment)
                    ? Messages.text("operation.restarted.production", seconds(took))
                    : Messages.text("operation.restarted.other", environment, seconds(took));
        } catch (IOException | RuntimeException e) {
            LOG.error("Environment '{}' could not be started again after a failed stop", environment, e);
            // The failure's own message may be English and name the server's files: the log has it (above).
            return Environments.PRODUCTION.equals(environment) ? Messages.text("operation.restart-failed.production")
                    : Messages.text("operation.restart-failed.other", environment);
        }
    }

    /**
     * Runs one command to its end.
     *
     * @param which "d'arrêt", "de démarrage" or "de réouverture", for the messages
     * @return how long it ran
     * @throws CommandFailedException when it exits non-zero or outlives its timeout (killed with its tree)
     */
    private Duration run(String environment, String which, CommandSettings settings) throws IOException {
        Instant begin = clock.instant();
        List<String> command = settings.command();
        ChildProcess.Result result = ChildProcess.run(command, Map.of("RELEASEGATE_ENVIRONMENT", environment), null,
                settings.timeout(), OUTPUT_TAIL);
        Duration took = Duration.between(begin, clock.instant());
        LOG.info("Environment '{}': command {} {} after {} ms: {}", environment, command,
                result.outcome().timedOut() ? "timed out" : "exited " + result.outcome().exitCode(), took.toMillis(),
                result.output().strip());
        if (result.outcome().timedOut()) {
            throw new CommandFailedException(Messages.text("operation.command.timeout", which,
                    seconds(settings.timeout()), result.outcome().killedDescendants(), output(result)));
        }
        if (result.outcome().exitCode() != 0) {
            throw new CommandFailedException(Messages.text("operation.command.failed", which,
                    result.outcome().exitCode(), output(result)));
        }
        return took;
    }

    private static String output(ChildProcess.Result result) {
        String output = result.output().strip();
        return output.isEmpty() ? "" : Messages.text("operation.command.output", output);
    }

    /** "2,1 s", "5 min". */
    static String seconds(Duration duration) {
        if (duration.toSeconds() >= 60 && duration.toSecondsPart() == 0) {
            return duration.toMinutes() + " min";
        }
        return String.format(Locale.FRANCE, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** A stop or start command that exited non-zero or outlived its timeout; French message. */
    static final class CommandFailedException extends IOException {

        CommandFailedException(String message) {
            super(message);
        }
    }
}
