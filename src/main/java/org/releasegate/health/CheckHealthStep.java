package org.releasegate.health;

import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT;
import static org.releasegate.process.ReleasePolicy.Vars.HEALTHY;
import static org.releasegate.process.ReleasePolicy.Vars.HEALTH_REPORT;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.EnvironmentProperties.HealthCheckSettings;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/** Runs the environment's health check; the verdict and its output go to the person who confirms production. */
@Component
class CheckHealthStep extends Step {

    private final Environments environments;
    private final InstallMethods installMethods;
    private final HealthCheck healthCheck;

    CheckHealthStep(Environments environments, InstallMethods installMethods, HealthCheck healthCheck) {
        // No rejection: an unhealthy environment is a verdict for a person to read, not a rejected input.
        super(ReleasePolicy.Topics.CHECK_HEALTH, null);
        this.environments = environments;
        this.installMethods = installMethods;
        this.healthCheck = healthCheck;
    }

    @Override
    public VariableMap run(ExternalTask task) throws InterruptedException {
        String environment = ENVIRONMENT.from(task);
        HealthCheckSettings settings = environments.get(environment).health();
        HealthCheckFolders folders = HealthCheckFolders.of(settings, environments.installRoot(environment),
                installMethods.of(environment));
        HealthCheck.Report report = healthCheck.run(settings, folders,
                environments.dataFolderIfDirectory(environment).orElse(null));
        VariableMap result = Variables.createVariables();
        HEALTHY.on(result, report.healthy());
        HEALTH_REPORT.on(result, (report.healthy() ? "CONFORME" : "NON CONFORME") + " — " + environment + "\n" + report.output());
        return result;
    }
}
