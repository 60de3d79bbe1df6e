package org.releasegate.installation;

import static org.releasegate.process.ReleasePolicy.Vars.ENVIRONMENT;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALL_LOG;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALL_LOG_FILE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.TESTED_INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.TEST_VERSION;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.data.DataStores;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Installs the release's package on an environment, the way the environment's settings say (our package format or
 * the vendor's installer). The package is read once from the inbox (the engine node's, streamed when this node is an
 * agent: {@link PackageSource}) into a private copy, hashed as it is copied, and
 * only that copy is unpacked or run: a file swapped in the inbox afterwards cannot reach the install. Production
 * gets exactly the bytes that were tested: its copy's SHA-256 must equal the one recorded by the test install,
 * whatever the package's name, and production installs nothing when no test install recorded one.
 */
@Component
class InstallVersionStep extends Step {

    /** Under the install root: private copies of installer packages, one folder per task, deleted after the install. */
    static final String INCOMING = ".incoming";

    private final Environments environments;
    private final PackageSource packages;
    private final InstallMethods installMethods;
    private final DataStores dataStores;
    private final List<ProductionInstallListener> productionListeners;

    InstallVersionStep(Environments environments, PackageSource packages, InstallMethods installMethods,
                       DataStores dataStores, List<ProductionInstallListener> productionListeners) {
        super(ReleasePolicy.Topics.INSTALL_VERSION, ReleasePolicy.Errors.INSTALLER_REJECTED);
        this.environments = environments;
        this.packages = packages;
        this.installMethods = installMethods;
        this.dataStores = dataStores;
        this.productionListeners = List.copyOf(productionListeners);
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        String environment = ENVIRONMENT.from(task);
        String packageName = INSTALLER_PACKAGE.from(task);
        boolean production = Environments.PRODUCTION.equals(environment);
        String testedSha256 = null;
        if (production) {
            testedSha256 = INSTALLER_SHA256.find(task).filter(sha -> !sha.isBlank())
                    .orElseThrow(() -> new ChecksumMismatchException(Messages.text(
                            "installation.production.not-tested", packageName)));
        }
        Path installRoot = environments.installRoot(environment);
        Path privateFolder = installRoot.toAbsolutePath().normalize().resolve(INCOMING).resolve(task.getId());
        InstallResult installed;
        try (Inbox.PrivateCopy copy = packages.copy(packageName, privateFolder)) {
            if (testedSha256 != null && !testedSha256.trim().equalsIgnoreCase(copy.sha256())) {
                throw new ChecksumMismatchException(Messages.text("installation.production.other-bytes",
                        packageName, copy.sha256(), testedSha256.trim()));
            }
            if (production) {
                // Production was stopped before its archive: a vendor installer migrates the database itself and
                // must be let in (the ERP stays stopped by its stop command until the start step).
                dataStores.of(environment).reopen();
            }
            installed = installMethods.of(environment).install(new InstallRequest(copy.file(), installRoot,
                    TARGET_VERSION.from(task), testedSha256,
                    // A package's migration runs on a data folder; a database is migrated by the vendor's installer.
                    environments.dataFolderIfDirectory(environment).orElse(null), task.getId()));
        }

        VariableMap result = Variables.createVariables();
        if (installed.logFile().isPresent()) {
            Path log = installed.logFile().get();
            // Named relative to the install root (logs/install-1.1-<task>.log): the report and the forms show it.
            Path root = installRoot.toAbsolutePath().normalize();
            Path absolute = log.toAbsolutePath().normalize();
            String name = absolute.startsWith(root) ? root.relativize(absolute).toString().replace('\\', '/')
                    : String.valueOf(log.getFileName());
            INSTALL_LOG.on(result, ChildProcesses.withTail(name, ChildProcesses.tailForPeople(log, root)));
            result.putValueTyped(INSTALL_LOG_FILE, InstallLogFile.of(log, root, name));
        }
        if (production) {
            productionListeners.forEach(listener -> listener.installed(task));
            PRODUCTION_VERSION.on(result, installed.version());
        } else {
            TEST_VERSION.on(result, installed.version());
            TESTED_INSTALLER_PACKAGE.on(result, packageName);
            INSTALLER_SHA256.on(result, installed.packageSha256());
        }
        return result;
    }
}
