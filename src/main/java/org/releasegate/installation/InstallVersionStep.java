package org.releasegate.installation;

import static org.releasegate.process.ReleasePolicy.Variables.ENVIRONMENT;
import static org.releasegate.process.ReleasePolicy.Variables.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Variables.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Variables.INSTALL_LOG;
import static org.releasegate.process.ReleasePolicy.Variables.PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Variables.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Variables.TESTED_INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Variables.TEST_VERSION;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Installs the release's package on an environment, the way the environment's settings say (our package format or
 * the vendor's installer). Production gets exactly the bytes that were tested: the package's SHA-256 recorded at
 * the test install must match (unless production receives an urgent fix, a package of another name).
 */
@Component
class InstallVersionStep extends Step {

    private final Environments environments;
    private final Inbox inbox;
    private final InstallMethods installMethods;

    InstallVersionStep(Environments environments, Inbox inbox, InstallMethods installMethods) {
        super(ReleasePolicy.Topics.INSTALL_VERSION, ReleasePolicy.Errors.INSTALLER_REJECTED);
        this.environments = environments;
        this.inbox = inbox;
        this.installMethods = installMethods;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String environment = ENVIRONMENT.from(task);
        String packageName = INSTALLER_PACKAGE.from(task);
        boolean production = Environments.PRODUCTION.equals(environment);
        String expectedSha256 = production && Optional.of(packageName).equals(TESTED_INSTALLER_PACKAGE.find(task))
                ? INSTALLER_SHA256.find(task).orElse(null)
                : null;
        InstallResult installed = installMethods.of(environment).install(new InstallRequest(inbox.resolve(packageName),
                environments.installRoot(environment), TARGET_VERSION.from(task), expectedSha256,
                // A package's migration runs on a data folder; a database is migrated by the vendor's installer.
                environments.dataFolderIfDirectory(environment).orElse(null), task.getId()));

        VariableMap result = Variables.createVariables();
        if (installed.logFile().isPresent()) {
            Path log = installed.logFile().get();
            INSTALL_LOG.on(result, log + "\n" + ChildProcesses.tail(log));
        }
        if (production) {
            PRODUCTION_VERSION.on(result, installed.version());
        } else {
            TEST_VERSION.on(result, installed.version());
            TESTED_INSTALLER_PACKAGE.on(result, packageName);
            INSTALLER_SHA256.on(result, installed.packageSha256());
        }
        return result;
    }
}
