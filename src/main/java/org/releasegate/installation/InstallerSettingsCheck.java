package org.releasegate.installation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.releasegate.SettingsCheck;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.worker.WorkerProperties;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with installer settings that would fail in the middle of a release: a command mode without a
 * command or a version check, unknown placeholders, a vendor installer program that does not exist or cannot be
 * run. Programs are looked for only where workers run ({@code releasegate.worker.enabled}): an engine node without
 * workers never starts an installer. Runs before any bean exists, like the other settings checks.
 */
@Component
class InstallerSettingsCheck extends SettingsCheck {

    @Override
    protected String headline() {
        return "Installer settings are wrong";
    }

    @Override
    protected List<String> problems(Environment spring) {
        boolean workersHere = settings(spring, WorkerProperties.class).enabled();
        Map<String, EnvironmentProperties.Environment> environments =
                settings(spring, EnvironmentProperties.class).environments();
        List<String> problems = new ArrayList<>();
        InstallerSettings.all(spring).forEach((name, settings) -> {
            problems.addAll(settings.problems(name));
            if (workersHere) {
                Path installRoot = environments.containsKey(name) ? environments.get(name).installRoot() : null;
                settings.programProblem(name, installRoot == null ? null : installRoot.toAbsolutePath())
                        .ifPresent(problems::add);
            }
        });
        return problems;
    }
}
