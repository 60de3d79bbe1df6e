package org.releasegate.installation;

import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;

import java.io.IOException;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.inbox.Inbox;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * Binds an approved emergency fix to its bytes: the SHA-256 of the package in the inbox becomes the one production
 * accepts, in the place of the tested one ({@link InstallVersionStep} installs nothing else). A package missing or
 * unsafe in the inbox is a rejection.
 */
@Component
class FingerprintPackageStep extends Step {

    private final Inbox inbox;

    FingerprintPackageStep(Inbox inbox) {
        super(ReleasePolicy.Topics.FINGERPRINT_PACKAGE, ReleasePolicy.Errors.INSTALLER_REJECTED);
        this.inbox = inbox;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        VariableMap result = Variables.createVariables();
        INSTALLER_SHA256.on(result, inbox.sha256(INSTALLER_PACKAGE.from(task)));
        return result;
    }
}
