package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.CLONE_REPORT;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_CLONE_SHA256;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.releasegate.RejectedInputException;
import org.releasegate.data.DataStore;
import org.releasegate.data.DataStores;
import org.releasegate.data.ServerClones;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.worker.Step;
import org.springframework.stereotype.Component;

/**
 * In the production window, in place of the archive: production's database cloned by its own server and the stopped
 * database's row checksums recorded ({@code productionCloneSha256}), one scan. The clone is proved to hold exactly
 * those when it is exported into the archive store once production runs again ({@link ExportProductionCloneStep}),
 * and, until then, by a rollback before it puts the clone back: nothing relies on it unproved. The clone is named
 * after the release, so a re-delivered task finds it and checks it against the stopped database at once.
 */
@Component
class CloneProductionDataStep extends Step {

    private final DataStores dataStores;
    private final InstallMethods installMethods;

    CloneProductionDataStep(DataStores dataStores, InstallMethods installMethods) {
        super(ReleasePolicy.Topics.CLONE_PRODUCTION_DATA, ReleasePolicy.Errors.ARCHIVE_REJECTED);
        this.dataStores = dataStores;
        this.installMethods = installMethods;
    }

    @Override
    public VariableMap run(ExternalTask task) throws IOException {
        DataStore production = dataStores.of(Environments.PRODUCTION);
        ServerClones clones = production.serverClones().orElseThrow(() -> new RejectedInputException(
                Messages.text("archive.clone.not-clonable"),
                "production data " + production.location() + " has no server clones", null));
        String version = installMethods.installedVersion(Environments.PRODUCTION).orElse("none");
        ServerClones.Cloned cloned = clones.cloneStopped(clones.nameFor(task.getProcessInstanceId()),
                Messages.text("archive.clone.comment", version));
        VariableMap result = Variables.createVariables();
        PRODUCTION_CLONE.on(result, cloned.name());
        PRODUCTION_CLONE_SHA256.on(result, cloned.fingerprint().sha256());
        PREVIOUS_PRODUCTION_VERSION.on(result, version);
        CLONE_REPORT.on(result, report(cloned));
        return result;
    }

    private static String report(ServerClones.Cloned cloned) {
        String sums = Messages.text("archive.clone.report.sums", cloned.fingerprint().parts().size(),
                cloned.fingerprint().totalCount(), cloned.fingerprint().sha256());
        if (cloned.cloneRead()) {
            return Messages.text("archive.clone.report.kept", cloned.name(), sums, seconds(cloned.checking()));
        }
        return Messages.text("archive.clone.report.taken", cloned.name(), seconds(cloned.cloning()), sums,
                seconds(cloned.checking()));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.FRANCE, "%.1f s", duration.toMillis() / 1000.0);
    }
}
