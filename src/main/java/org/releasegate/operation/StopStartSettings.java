package org.releasegate.operation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.releasegate.command.Executables;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * How an environment is stopped and started again around the work on its data: {@code releasegate.environments.<name>}
 * {@code .stop}, {@code .start} and {@code .reopen}; how long a folder is watched for writes ({@code .data.settle}) is
 * the data store's setting ({@code DataStores.settle}).
 *
 * @param stop   the command that stops the application using the data; none: nothing is stopped, the data is only
 *               checked quiet
 * @param start  the command that starts it again
 * @param reopen the command that lets the users back in once operations confirmed the environment (a maintenance
 *               page taken down, access opened again); none: starting it was enough
 */
record StopStartSettings(CommandSettings stop, CommandSettings start, CommandSettings reopen) {

    /**
     * One command line, one argument per item, no shell.
     *
     * @param timeout past it, the program is killed with its child processes
     */
    record CommandSettings(List<String> command, @DefaultValue("5m") Duration timeout) {

        static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

        CommandSettings {
            command = command == null ? List.of() : List.copyOf(command);
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        }
    }

    static String prefix(String environment) {
        return "releasegate.environments." + environment;
    }

    Optional<CommandSettings> stopCommand() {
        return Optional.ofNullable(stop);
    }

    Optional<CommandSettings> startCommand() {
        return Optional.ofNullable(start);
    }

    Optional<CommandSettings> reopenCommand() {
        return Optional.ofNullable(reopen);
    }

    /** The settings of one environment; no commands when it has none. */
    static StopStartSettings of(Environment spring, String environment) {
        return Optional.ofNullable(all(spring).get(environment)).orElse(new StopStartSettings(null, null, null));
    }

    /** The settings of every configured environment, by name. */
    static Map<String, StopStartSettings> all(Environment spring) {
        Map<String, EnvironmentEntry> environments = Binder.get(spring)
                .bind("releasegate.environments", Bindable.mapOf(String.class, EnvironmentEntry.class)).orElse(Map.of());
        Map<String, StopStartSettings> settings = new TreeMap<>();
        environments.forEach((name, entry) -> settings.put(name, entry == null ? new StopStartSettings(null, null, null)
                : new StopStartSettings(entry.stop(), entry.start(), entry.reopen())));
        return settings;
    }

    /**
     * What is wrong with these settings, each problem naming its setting.
     *
     * @param checkPrograms whether to look for the programs (where workers run)
     */
    List<String> problems(String environment, boolean checkPrograms) {
        String prefix = prefix(environment);
        List<String> problems = new ArrayList<>();
        if ((stop == null) != (start == null)) {
            problems.add(prefix + ": set both stop and start, or neither (" + (stop == null
                    ? "start without stop: nothing would have been stopped)"
                    : "stop without start: the environment would stay stopped)"));
        }
        commandProblems(prefix + ".stop", stop, checkPrograms, problems);
        commandProblems(prefix + ".start", start, checkPrograms, problems);
        commandProblems(prefix + ".reopen", reopen, checkPrograms, problems);
        return problems;
    }

    private static void commandProblems(String setting, CommandSettings command, boolean checkPrograms,
                                        List<String> problems) {
        if (command == null) {
            return;
        }
        if (command.command().isEmpty() || command.command().get(0).isBlank()) {
            problems.add(setting + ".command is not set: give the command line, one argument per item");
            return;
        }
        if (command.timeout().isNegative() || command.timeout().isZero()) {
            problems.add(setting + ".timeout must be positive");
        }
        if (checkPrograms) {
            Executables.problem(command.command().get(0), Path.of("").toAbsolutePath())
                    .ifPresent(problem -> problems.add(setting + ".command: " + problem));
        }
    }

    /** One entry of {@code releasegate.environments}, of which only these settings are read here. */
    record EnvironmentEntry(CommandSettings stop, CommandSettings start, CommandSettings reopen) {
    }
}
