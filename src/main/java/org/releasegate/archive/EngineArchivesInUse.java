package org.releasegate.archive;

import static org.releasegate.process.ReleasePolicy.Vars.BASE_DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.process.ReleasePolicy.Vars.PRE_RESTORE_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.releasegate.environment.Environments;
import org.releasegate.installation.InstallMethods;
import org.releasegate.process.ReleasePolicy;
import org.springframework.stereotype.Component;

/**
 * Reads from the engine's runtime (running releases only) the archive ids held in variables, the versions they
 * would restore, the running automated steps and the running releases, and the version production runs. A release also holds the archive of its tested installer that the base step made before the
 * window ({@link TestedInstallerArchive}), named after the tested version and bytes, before any variable names it.
 */
@Component
class EngineArchivesInUse implements ArchivesInUse.Source {

    /** The variables that hold an archive id; a new one must be added here to protect its archives. */
    static final List<String> ARCHIVE_ID_VARIABLES = List.of(BASE_DATA_ARCHIVE_ID.name(), DATA_ARCHIVE_ID.name(),
            INSTALLER_ARCHIVE_ID.name(), PRE_RESTORE_ARCHIVE_ID.name());

    private final RuntimeService runtimeService;
    private final ExternalTaskService externalTaskService;
    private final InstallMethods installMethods;

    EngineArchivesInUse(RuntimeService runtimeService, ExternalTaskService externalTaskService,
                        InstallMethods installMethods) {
        this.runtimeService = runtimeService;
        this.externalTaskService = externalTaskService;
        this.installMethods = installMethods;
    }

    @Override
    public ArchivesInUse now() throws Exception {
        // Tasks first: a step that completes between the two queries is then seen either running or, in the same
        // transaction as its completion, through the variable holding its archive id.
        Set<String> taskIds = new HashSet<>();
        externalTaskService.createExternalTaskQuery().list().stream().map(ExternalTask::getId).forEach(taskIds::add);
        Set<String> ids = stringValues(ARCHIVE_ID_VARIABLES.toArray(String[]::new));
        ids.addAll(testedInstallerArchives());
        Set<String> versions = stringValues(PREVIOUS_PRODUCTION_VERSION.name());
        installMethods.installedVersion(Environments.PRODUCTION).ifPresent(versions::add);
        Set<String> releases = new HashSet<>();
        runtimeService.createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).list()
                .forEach(release -> releases.add(release.getId()));
        return new ArchivesInUse(ids, taskIds, versions, releases);
    }

    /**
     * The id {@link TestedInstallerArchive} gives the archive of each running release's tested package (its target
     * version and tested SHA-256): the window takes that archive instead of archiving the package again, so it must
     * outlive any retention run between the base step and the window.
     */
    private Set<String> testedInstallerArchives() {
        Map<String, String> versions = new HashMap<>();
        Map<String, String> sha256s = new HashMap<>();
        for (VariableInstance variable : runtimeService.createVariableInstanceQuery()
                .variableNameIn(TARGET_VERSION.name(), INSTALLER_SHA256.name()).disableCustomObjectDeserialization()
                .list()) {
            if (variable.getValue() instanceof String value && !value.isBlank()) {
                (TARGET_VERSION.name().equals(variable.getName()) ? versions : sha256s)
                        .put(variable.getProcessInstanceId(), value);
            }
        }
        Set<String> ids = new HashSet<>();
        versions.forEach((release, version) -> {
            String sha256 = sha256s.get(release);
            if (sha256 != null && sha256.trim().length() >= 16) {
                ids.add(TestedInstallerArchive.id(version, sha256));
            }
        });
        return ids;
    }

    private Set<String> stringValues(String... names) {
        Set<String> values = new HashSet<>();
        for (VariableInstance variable : runtimeService.createVariableInstanceQuery().variableNameIn(names)
                .disableCustomObjectDeserialization().list()) {
            if (variable.getValue() instanceof String value && !value.isBlank()) {
                values.add(value);
            }
        }
        return values;
    }
}
