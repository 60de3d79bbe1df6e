package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.releasegate.testsupport.StepFixtures.writePackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.archive.Archive;
import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.DataStores;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.InstallMethods;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.springframework.mock.env.MockEnvironment;

/**
 * The first release: production runs 1.0, installed before Release Gate, and nothing is archived. A rollback would be
 * impossible and the readiness says so; the company archives its 1.0 installer as the baseline, and then it is possible.
 */
class ProductionBaselineTest {

    @TempDir
    Path work;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T09:00:00Z"), ZoneOffset.UTC);
    private final Installer installer = new Installer(clock);
    private ArchiveStore archives;
    private Path inbox;
    private Path app;
    private Path data;
    private Environments environments;
    private DataArchives dataArchives;
    private DataStores stores;

    @BeforeEach
    void productionRunsOnePointZeroInstalledBeforeReleaseGate() throws IOException {
        inbox = work.resolve("inbox");
        app = work.resolve("production/app");
        data = Files.createDirectories(work.resolve("production/data"));
        Files.writeString(data.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        archives = new ArchiveStore(work.resolve("archives"), clock, new ObjectMapper());
        environments = mock(Environments.class);
        when(environments.dataFolder(Environments.PRODUCTION)).thenReturn(data);
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(app);
        stores = new TestStores().with(Environments.PRODUCTION, TestStores.directory(data, List.of())).build();
        dataArchives = new DataArchives(archives, stores, environments);
        installer.install(new InstallRequest(writePackage(work.resolve("vendor"), "1.0"), app, "1.0", null, null));
    }

    @Test
    void beforeTheBaselineARollbackIsImpossibleAndSaidSoAfterItItIsPossible() throws IOException {
        InstallMethods methods = packageMode();
        RollbackReadiness readiness = new RollbackReadiness(methods, archives);
        assertThat(readiness.impossibility()).hasValueSatisfying(text -> assertThat(text)
                .startsWith("Retour arrière impossible : le programme d'installation de la version 1.0")
                .contains("POST /api/baseline"));
        writePackage(inbox, "1.0");

        ProductionBaseline.Taken taken = baseline(methods).take("gestan-1.0.zip", null, true, "marie");

        assertThat(taken.version()).isEqualTo("1.0");
        assertThat(taken.installer().kind()).isEqualTo(ArchiveKind.INSTALLER);
        assertThat(taken.installer().id()).isEqualTo("installer-1.0-baseline-20261205-090000");
        assertThat(taken.installer().source()).contains("gestan-1.0.zip").contains("marie");
        assertThat(taken.data()).map(Archive::kind).hasValue(ArchiveKind.PRODUCTION_DATA);
        assertThat(readiness.impossibility()).isEmpty();
    }

    @Test
    void aPackageOfAnotherVersionIsRefusedAndNothingIsArchived() throws IOException {
        writePackage(inbox, "1.1");

        assertThatThrownBy(() -> baseline(packageMode()).take("gestan-1.1.zip", null, false, "marie"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Le paquet « gestan-1.1.zip » installe la version 1.1, la production tourne en version 1.0 : "
                        + "la référence est le programme de la version en production.");
        assertThatThrownBy(() -> baseline(packageMode()).take("gestan-1.1.zip", "1.1", false, "marie"))
                .isInstanceOf(RejectedInputException.class).hasMessageStartingWith("La production tourne en version 1.0, pas en 1.1");
        assertThat(archives.list()).isEmpty();
    }

    @Test
    void aVendorInstallerMustBeNamedWithTheVersionProductionRuns() throws IOException {
        Files.createDirectories(work.resolve("vendor-app"));
        Files.writeString(work.resolve("vendor-app/VERSION"), "1.0\n");
        MockEnvironment settings = new MockEnvironment()
                .withProperty("releasegate.environments.production.installer.mode", "command")
                .withProperty("releasegate.environments.production.installer.command[0]", "/bin/true")
                .withProperty("releasegate.environments.production.installer.version-file", "VERSION");
        when(environments.installRoot(Environments.PRODUCTION)).thenReturn(work.resolve("vendor-app"));
        InstallMethods methods = new InstallMethods(installer, environments, settings, clock);
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("setup-gestan-1.0.exe"), "MZ vendor installer");

        assertThatThrownBy(() -> baseline(methods).take("setup-gestan-1.0.exe", null, false, "marie"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("Précisez la version");
        Archive archived = baseline(methods).take("setup-gestan-1.0.exe", "1.0", false, "marie").installer();

        assertThat(archived.version()).isEqualTo("1.0");
        assertThat(new RollbackReadiness(methods, archives).impossibility()).isEmpty();
    }

    private InstallMethods packageMode() {
        return new InstallMethods(installer, environments, new MockEnvironment(), clock);
    }

    private ProductionBaseline baseline(InstallMethods methods) {
        return new ProductionBaseline(methods, new Inbox(inbox), archives, dataArchives, clock);
    }
}
