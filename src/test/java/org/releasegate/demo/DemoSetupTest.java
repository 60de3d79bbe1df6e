package org.releasegate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.calendar.ChangeCalendar;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.Installer;
import org.releasegate.verification.StrategicProcessCatalog;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The demo lays out its world only inside its own folder, and never over files it did not write. */
class DemoSetupTest {

    private static final String COMPANY_ROAD_BOOK = "# Cahier de recette ACME 4.2\n- ACME-17 : nouvelle remise\n";

    @TempDir
    Path dir;

    private Path demo;
    private final Environments environments = mock(Environments.class);

    @BeforeEach
    void demoEnvironments() {
        demo = dir.resolve("data/demo");
        for (String environment : new String[] {Environments.PRODUCTION, Environments.TEST}) {
            environmentAt(environment, demo.resolve(environment));
        }
    }

    @Test
    void firstStartLaysOutTheDemoInsideItsFolder() throws IOException {
        setup(demo.resolve("inbox"), demo.resolve("strategic-processes.yaml")).run(new DefaultApplicationArguments());

        assertThat(demo.resolve(DemoFolder.READY_MARKER)).exists();
        assertThat(demo.resolve(DemoFolder.LAYING_OUT_MARKER)).doesNotExist();
        assertThat(list(demo.resolve("inbox"))).containsOnlyKeys("gestan-1.0.zip", "gestan-1.1.zip", "road-book.md");
        assertThat(new Installer(Clock.systemUTC()).installedVersion(demo.resolve("production/app"))).contains("1.0");
        assertThat(demo.resolve("production/data/clients.csv")).exists();
        assertThat(demo.resolve("test/app")).isDirectory();
        assertThat(demo.resolve("archives/installer-1.0-demo")).isDirectory();
        assertThat(demo.resolve("strategic-processes.yaml")).exists();
        assertThat(demo.resolve("change-calendar.yaml")).exists();
    }

    @Test
    void companyRoadBookInAnInboxOutsideTheDemoFolderIsLeftUntouchedAndNothingIsWritten() throws IOException {
        Path companyInbox = Files.createDirectories(dir.resolve("srv/release-gate/inbox"));
        Files.writeString(companyInbox.resolve("road-book.md"), COMPANY_ROAD_BOOK);
        Map<String, String> before = list(dir);

        setup(companyInbox, demo.resolve("strategic-processes.yaml")).run(new DefaultApplicationArguments());

        assertThat(list(dir)).isEqualTo(before);
    }

    @Test
    void companyRoadBookInTheDemosInboxIsLeftUntouchedAndNothingIsAdded() throws IOException {
        Path inbox = Files.createDirectories(demo.resolve("inbox"));
        Files.writeString(inbox.resolve("road-book.md"), COMPANY_ROAD_BOOK);
        Map<String, String> before = list(dir);

        setup(inbox, demo.resolve("strategic-processes.yaml")).run(new DefaultApplicationArguments());

        assertThat(list(dir)).isEqualTo(before);
    }

    @Test
    void companyEnvironmentsAreNeverMixedWithDemoData() throws IOException {
        Path companyProduction = Files.createDirectories(dir.resolve("opt/gestan"));
        Files.writeString(Files.createDirectories(companyProduction.resolve("data")).resolve("clients.csv"), "id;nom\n1;ACME\n");
        environmentAt(Environments.PRODUCTION, companyProduction);
        Map<String, String> before = list(dir);

        setup(demo.resolve("inbox"), demo.resolve("strategic-processes.yaml")).run(new DefaultApplicationArguments());

        assertThat(list(dir)).isEqualTo(before);
    }

    @Test
    void environmentWhoseDataIsADatabaseIsNotTheDemosAndNothingIsWritten() throws IOException {
        when(environments.dataFolderIfDirectory(Environments.TEST)).thenReturn(Optional.empty());

        setup(demo.resolve("inbox"), demo.resolve("strategic-processes.yaml")).run(new DefaultApplicationArguments());

        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void layOutInterruptedByAStopIsLaidOutAgain() throws IOException {
        Files.createDirectories(demo.resolve("inbox"));
        Files.writeString(demo.resolve(DemoFolder.LAYING_OUT_MARKER), "");
        Files.writeString(demo.resolve("inbox/gestan-1.0.zip"), "cut short");

        setup(demo.resolve("inbox"), demo.resolve("strategic-processes.yaml")).run(new DefaultApplicationArguments());

        assertThat(demo.resolve(DemoFolder.READY_MARKER)).exists();
        assertThat(demo.resolve(DemoFolder.LAYING_OUT_MARKER)).doesNotExist();
        assertThat(list(demo.resolve("inbox"))).containsOnlyKeys("gestan-1.0.zip", "gestan-1.1.zip", "road-book.md");
        assertThat(Files.size(demo.resolve("inbox/gestan-1.0.zip"))).isGreaterThan(100);
    }

    @Test
    void catalogueOfTheCompanyIsNotWrittenByTheDemo() throws IOException {
        Path companyCatalogue = dir.resolve("etc/release-gate/strategic-processes.yaml");

        setup(demo.resolve("inbox"), companyCatalogue).run(new DefaultApplicationArguments());

        assertThat(demo.resolve(DemoFolder.READY_MARKER)).exists();
        assertThat(companyCatalogue).doesNotExist();
    }

    @Test
    void demoPackageHoldsItsFrenchReadMeWithItsVersion() throws IOException {
        Path zip = DemoSetup.writePackage(dir.resolve("gestan-1.1.zip"), "1.1", null);

        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(new String(file.getInputStream(file.getEntry("LISEZMOI.txt")).readAllBytes(),
                    StandardCharsets.UTF_8))
                    .isEqualTo("Gestan (démo) 1.1 — programme de démonstration de Release Gate.\n");
        }
    }

    private void environmentAt(String environment, Path folder) {
        when(environments.installRoot(environment)).thenReturn(folder.resolve("app"));
        when(environments.dataFolder(environment)).thenReturn(folder.resolve("data"));
        when(environments.dataFolderIfDirectory(environment)).thenReturn(Optional.of(folder.resolve("data")));
    }

    private DemoSetup setup(Path inbox, Path catalogue) {
        Clock clock = Clock.systemUTC();
        return new DemoSetup(demo, new Inbox(inbox), environments, new Installer(clock),
                new ArchiveStore(demo.resolve("archives"), clock, new ObjectMapper()),
                new StrategicProcessCatalog(catalogue, new MockEnvironment()),
                new ChangeCalendar(demo.resolve("change-calendar.yaml")));
    }

    /** Every file and folder below {@code folder}, with the content of files. */
    private static Map<String, String> list(Path folder) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(path -> !path.equals(folder)).forEach(path -> {
                try {
                    entries.put(folder.relativize(path).toString(), Files.isDirectory(path) ? "/" : Files.readString(path,
                            StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return entries;
    }
}
