package org.releasegate.installation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.releasegate.command.Executables;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * {@code releasegate.environments.<name>.installer}: how the environment installs a version.
 *
 * @param mode             {@code package} (our package format, the default) or {@code command} (the vendor's installer)
 * @param command          command mode: the vendor installer's command line, one argument per item, no shell
 * @param timeout          command mode: how long the installer may run before its process tree is killed
 * @param versionCommand   command mode: prints the installed version (run in the working directory)
 * @param versionFile      command mode, instead of {@code versionCommand}: a file holding the installed version
 *                         (relative to the install root)
 * @param versionPattern   optional regular expression finding the version in that output or file (its first group,
 *                         or the whole match); without it the first non-blank line is the version
 * @param workingDirectory where the installer and the version command run; default the install root
 * <p>
 * Bound by hand rather than as a {@code @ConfigurationProperties} record: its command lines hold our own placeholders
 * ({@code ${package}}, {@code ${version}}…), filled at each install, which Spring's binding would resolve against
 * properties and environment variables first ({@code VERSION}); and the settings check reads them before any bean
 * exists.
 */
public record InstallerSettings(@DefaultValue("package") InstallerMode mode, List<String> command,
                                @DefaultValue("30m") Duration timeout, List<String> versionCommand, String versionFile,
                                String versionPattern, String workingDirectory) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    static final InstallerSettings PACKAGE_MODE =
            new InstallerSettings(InstallerMode.PACKAGE, null, null, null, null, null, null);

    public InstallerSettings {
        mode = mode == null ? InstallerMode.PACKAGE : mode;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        command = command == null ? List.of() : List.copyOf(command);
        versionCommand = versionCommand == null ? List.of() : List.copyOf(versionCommand);
        versionFile = blankToNull(versionFile);
        versionPattern = blankToNull(versionPattern);
        workingDirectory = blankToNull(workingDirectory);
    }

    static String prefix(String environment) {
        return "releasegate.environments." + environment + ".installer";
    }

    /** The settings of one environment; package mode when it has none. */
    static InstallerSettings of(Environment spring, String environment) {
        return rawBinder(spring).bind(prefix(environment), InstallerSettings.class).orElse(PACKAGE_MODE);
    }

    /** The installer settings of every configured environment that has some, by environment name. */
    static Map<String, InstallerSettings> all(Environment spring) {
        Map<String, EnvironmentEntry> environments = rawBinder(spring)
                .bind("releasegate.environments", Bindable.mapOf(String.class, EnvironmentEntry.class)).orElse(Map.of());
        Map<String, InstallerSettings> settings = new TreeMap<>();
        environments.forEach((name, environment) -> {
            if (environment != null && environment.installer() != null) {
                settings.put(name, environment.installer());
            }
        });
        return settings;
    }

    /** What is wrong with these settings, each problem naming its setting. */
    List<String> problems(String environment) {
        String prefix = prefix(environment);
        List<String> problems = new ArrayList<>();
        if (mode == InstallerMode.PACKAGE) {
            if (!command.isEmpty() || !versionCommand.isEmpty() || versionFile != null) {
                problems.add(prefix + ": command or version settings are given but the mode is package; add mode: command");
            }
            return problems;
        }
        if (command.isEmpty()) {
            problems.add(prefix + ".command is not set: mode command runs the vendor's installer, give its command line");
        }
        unknownPlaceholders(prefix + ".command", command, Placeholders.OF_INSTALL).ifPresent(problems::add);
        List<String> rootOnly = Stream.of(versionCommand.stream(), Stream.ofNullable(versionFile),
                Stream.ofNullable(workingDirectory)).flatMap(s -> s).toList();
        unknownPlaceholders(prefix + ".version-command, version-file and working-directory", rootOnly,
                Placeholders.OF_INSTALL_ROOT).ifPresent(problems::add);
        if (versionCommand.isEmpty() == (versionFile == null)) {
            problems.add(prefix + ": set exactly one of version-command and version-file, so that the installed "
                    + "version is checked after the installer ran");
        }
        if (versionPattern != null) {
            try {
                Pattern.compile(versionPattern);
            } catch (PatternSyntaxException e) {
                problems.add(prefix + ".version-pattern is not a valid regular expression: " + e.getDescription());
            }
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add(prefix + ".timeout must be positive");
        }
        return problems;
    }

    /**
     * Why the installer program cannot be started, when that shows before any install: its name holds no
     * placeholder (a {@code ${package}} run as the program is only known at install time).
     */
    Optional<String> programProblem(String environment, Path installRoot) {
        if (mode != InstallerMode.COMMAND || command.isEmpty() || Placeholders.containsAny(command.get(0))) {
            return Optional.empty();
        }
        Path workingFolder = workingDirectory == null ? installRoot
                : Placeholders.containsAny(workingDirectory) || installRoot == null ? null
                : installRoot.resolve(workingDirectory);
        return Executables.problem(command.get(0), workingFolder).map(problem -> prefix(environment) + ".command: " + problem);
    }

    private static Optional<String> unknownPlaceholders(String setting, List<String> texts, Set<String> allowed) {
        Set<String> unknown = Placeholders.unknown(texts, allowed);
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(setting + " uses unknown placeholder(s) " + unknown + "; known here: "
                + allowed.stream().sorted().map(name -> "${" + name + "}").collect(Collectors.joining(" ")));
    }

    /**
     * One entry of {@code releasegate.environments}, of which only the installer is read here. Not private: the
     * binder could not construct it.
     */
    record EnvironmentEntry(InstallerSettings installer) {
    }

    /**
     * A binder that leaves {@code ${…}} alone: those are our placeholders, filled at each install. Spring would
     * otherwise replace {@code ${version}} with any property or environment variable of that name (VERSION).
     */
    private static Binder rawBinder(Environment spring) {
        return new Binder(ConfigurationPropertySources.get(spring));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
