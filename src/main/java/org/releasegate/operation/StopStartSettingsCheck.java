package org.releasegate.operation;

import java.util.ArrayList;
import java.util.List;

import org.releasegate.SettingsCheck;
import org.releasegate.worker.WorkerProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with stop / start settings that would fail in the middle of a release window: a command without
 * its command line, a stop without a start (production would stay stopped), a program that does not exist. Programs
 * are looked for only where workers run, like the installer's.
 */
@Component
class StopStartSettingsCheck extends SettingsCheck {

    @Override
    protected String headline() {
        return "Stop / start settings are wrong";
    }

    @Override
    protected List<String> problems(Environment spring) {
        boolean workersHere = settings(spring, WorkerProperties.class).enabled();
        List<String> problems = new ArrayList<>();
        StopStartSettings.all(spring).forEach((name, settings) -> problems.addAll(settings.problems(name, workersHere)));
        return problems;
    }
}
