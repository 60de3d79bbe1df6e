package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.DATA_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.PREVIOUS_PRODUCTION_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.springframework.beans.factory.annotation.Autowired;

/** Retention against the real engine: what a running release and the demo's production depend on is kept. */
class EngineArchivesInUseTest extends IntegrationTest {

    @Autowired
    ArchiveStore archives;
    @Autowired
    EngineArchivesInUse inUse;

    private String releaseId;

    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @AfterEach
    void endTheRelease() {
        if (releaseId != null) {
            runtimeService.deleteProcessInstance(releaseId, "test over");
        }
    }

    @Test
    void retentionKeepsWhatARunningReleaseAndTheProductionInstallDependOn() throws Exception {
        // The demo archived installer-1.0-demo, the installer of the version production runs.
        archive("installer-0.8-old", ArchiveKind.INSTALLER, "0.8");
        archive("installer-0.9-restorable", ArchiveKind.INSTALLER, "0.9");
        archive("data-old", ArchiveKind.PRODUCTION_DATA, "0.9");
        archive("data-named-by-the-release", ArchiveKind.PRODUCTION_DATA, "0.9");
        archive("data-unused", ArchiveKind.PRODUCTION_DATA, "1.0");
        archive("installer-2.0-newest", ArchiveKind.INSTALLER, "2.0");
        archive("data-newest", ArchiveKind.PRODUCTION_DATA, "1.0");
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        runtimeService.setVariables(releaseId, with(DATA_ARCHIVE_ID, "data-named-by-the-release")
                .and(PREVIOUS_PRODUCTION_VERSION, "0.9"));

        ArchivesInUse used = inUse.now();
        // The test install recorded the tested bytes: the archive the base step will make of them is held already.
        String tested = TestedInstallerArchive.id("1.1", (String) runtimeService.getVariable(releaseId,
                INSTALLER_SHA256.name()));
        assertThat(used.ids()).containsExactlyInAnyOrder("data-named-by-the-release", tested);
        assertThat(used.installerVersions()).containsExactlyInAnyOrder("1.0", "0.9");
        assertThat(used.releaseIds()).containsExactly(releaseId);

        assertThat(new ArchiveRetention(archives, 1, inUse).apply()).extracting(Archive::id)
                .containsExactly("installer-0.8-old", "data-old", "data-unused");
        assertThat(archives.list()).extracting(Archive::id).containsExactly("installer-1.0-demo",
                "installer-0.9-restorable", "data-named-by-the-release", "installer-2.0-newest", "data-newest");
    }

    @Test
    void theTestedInstallerArchivedBeforeTheWindowIsKeptUntilTheWindowNamesIt() throws Exception {
        String sha256 = "5e8d0c1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5";
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        runtimeService.setVariables(releaseId, with(INSTALLER_SHA256, sha256));
        // What the base step archived days before the window, then newer installers archived by other releases.
        archive(TestedInstallerArchive.id("1.1", sha256), ArchiveKind.INSTALLER, "1.1");
        archive("installer-2.0-newer", ArchiveKind.INSTALLER, "2.0");
        archive("installer-2.1-newest", ArchiveKind.INSTALLER, "2.1");

        assertThat(inUse.now().ids()).containsExactly("installer-1.1-tested-5e8d0c1f2a3b4c5d");
        assertThat(new ArchiveRetention(archives, 1, inUse).apply()).extracting(Archive::id)
                .containsExactly("installer-2.0-newer");
        assertThat(archives.find("installer-1.1-tested-5e8d0c1f2a3b4c5d")).isPresent();
    }

    @Test
    void aReleaseDeletedByAnAdministratorTakesItsRestoredBaseWithIt() throws Exception {
        releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");
        steps.waitForTasks(releaseId, Elements.VERIFY_CHANGE, 3);
        Path kept = Files.createDirectories(archives.root().resolve(".restored-" + releaseId + "/data"));
        Files.writeString(kept.resolve("clients.csv"), "id;nom\n");

        runtimeService.deleteProcessInstance(releaseId, "abandon par l'administrateur");
        releaseId = null;

        assertThat(kept.getParent()).doesNotExist();
    }

    private void archive(String id, ArchiveKind kind, String version) throws IOException {
        archives.create(id, kind, version, "test", folder -> Files.writeString(folder.resolve("content"), id));
    }
}
