package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_ID;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_ARCHIVE_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_SHA256;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.testsupport.StepFixtures.task;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.files.FolderDigest;
import org.releasegate.inbox.Inbox;

/**
 * The tested installer archived and verified before the window; the window's installer step only confirms, by one
 * stat, that this archive is intact, and archives the package again when it is not.
 */
class TestedInstallerArchiveTest {

    @TempDir
    Path work;

    private ArchiveStore archives;
    private TestedInstallerArchive tested;
    private ArchiveInstallerStep step;
    private Path pkg;
    private String sha256;

    @BeforeEach
    void packageTested() throws Exception {
        archives = new ArchiveStore(work.resolve("archives"), Clock.systemUTC(), new ObjectMapper(),
                Compression.DEFAULT, AfterFileRead.NOTHING, Duration.ofMillis(50));
        Inbox inbox = new Inbox(work.resolve("inbox"));
        pkg = writePackage(work.resolve("inbox"), "2.0");
        sha256 = FolderDigest.sha256(pkg);
        tested = new TestedInstallerArchive(inbox, archives);
        step = (ArchiveInstallerStep) WindowArchiveSteps.installer(inbox, archives);
    }

    private VariableMap window(String taskId) throws Exception {
        return step.run(task(taskId, Map.of(INSTALLER_PACKAGE.name(), "gestan-2.0.zip", INSTALLER_SHA256.name(),
                sha256, TARGET_VERSION.name(), "2.0")));
    }

    @Test
    void theWindowConfirmsTheArchiveMadeBeforeItWithoutReadingThePackage() throws Exception {
        Archive before = tested.archiveBeforeWindow("gestan-2.0.zip", "2.0", sha256, "t1").orElseThrow();
        assertThat(archives.verifiedUnchanged(before.id())).isPresent();
        // Nothing of the inbox is read in the window: the package may even be gone.
        Files.delete(pkg);

        VariableMap result = window("t2");

        assertThat(result.get(INSTALLER_ARCHIVE_ID.name())).isEqualTo(before.id())
                .isEqualTo("installer-2.0-tested-" + sha256.substring(0, 16));
        assertThat(result.get(INSTALLER_ARCHIVE_SHA256.name())).isEqualTo(sha256);
    }

    @Test
    void anInstallerArchiveAlteredAfterItsVerificationIsNotTakenInTheWindowTheTestedPackageIsArchivedAgain()
            throws Exception {
        Archive before = tested.archiveBeforeWindow("gestan-2.0.zip", "2.0", sha256, "t1").orElseThrow();
        Path file = before.archiveFile();
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, modified);

        VariableMap result = window("t2");

        assertThat(result.get(INSTALLER_ARCHIVE_ID.name())).isEqualTo("installer-2.0-t2");
        assertThat(archives.verify("installer-2.0-t2", VerificationDepth.DEEP).files().get(0).sha256())
                .isEqualTo(sha256);
    }

    @Test
    void aPackageNoLongerTheTestedBytesIsNotArchivedBeforeTheWindow() throws Exception {
        assertThat(tested.archiveBeforeWindow("gestan-2.0.zip", "2.0", "0".repeat(64), "t1")).isEmpty();
        assertThat(archives.list()).isEmpty();
    }
}
