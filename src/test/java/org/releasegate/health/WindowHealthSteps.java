package org.releasegate.health;

import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.worker.Step;

/** The health check step as the application wires it, for benchmarks outside this package. */
public final class WindowHealthSteps {

    private WindowHealthSteps() {
    }

    public static Step check(Environments environments, InstallMethods installMethods) {
        return new CheckHealthStep(environments, installMethods, new HealthCheck());
    }
}
