package org.releasegate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.releasegate.data.FileTrees;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A company runs the demo profile for its users, with its own inbox and environments: the demo's sample data goes
 * nowhere, the company's road book and servers stay as they are, and the application starts. Its own context, closed
 * afterwards (no worker, no port: only the start-up matters here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles("demo")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DemoProfileWithCompanyFoldersTest {

    private static final Path HOME = createHome();
    private static final Path COMPANY = HOME.resolve("srv");
    private static final String ROAD_BOOK = "# Cahier de recette ACME 4.2\n- ACME-17 : nouvelle remise client\n";

    @Autowired
    @Qualifier("demoSetup")
    private ApplicationRunner demoSetup;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + HOME.resolve("db/release-gate") + ";WRITE_DELAY=0");
        registry.add("releasegate.worker.enabled", () -> "false");
        // Its own engine name: closing this context must not unregister the shared test context's "default" engine.
        registry.add("camunda.bpm.process-engine-name", () -> "company-folders");
        registry.add("releasegate.demo.root", () -> HOME.resolve("demo").toString());
        registry.add("releasegate.strategic-processes-file", () -> HOME.resolve("demo/strategic-processes.yaml").toString());
        registry.add("releasegate.archive.root", () -> HOME.resolve("demo/archives").toString());
        registry.add("releasegate.inbox", () -> COMPANY.resolve("inbox").toString());
        for (String environment : new String[] {"production", "test"}) {
            registry.add("releasegate.environments." + environment + ".install-root",
                    () -> COMPANY.resolve(environment + "/app").toString());
            registry.add("releasegate.environments." + environment + ".data.path",
                    () -> COMPANY.resolve(environment + "/data").toString());
        }
    }

    @AfterAll
    static void deleteHome() throws IOException {
        FileTrees.deleteRecursively(HOME);
    }

    @Test
    void companyRoadBookAndServersAreLeftUntouchedAndTheApplicationStarts(CapturedOutput output) throws Exception {
        assertThat(demoSetup).as("the demo profile's set-up ran at start-up").isNotNull();
        assertThat(list(COMPANY)).isEqualTo(companyFolders());
        assertThat(HOME.resolve("demo/" + DemoFolder.READY_MARKER)).doesNotExist();
        assertThat(output).contains("Demo not laid out, nothing written")
                .contains("releasegate.inbox " + COMPANY.resolve("inbox") + " is outside it");
    }

    /** What the company's folders hold before and after the start. */
    private static Map<String, String> companyFolders() {
        return Map.of("inbox", "/", "inbox/road-book.md", ROAD_BOOK,
                "production", "/", "production/app", "/", "production/app/current", "/",
                "production/app/current/VERSION", "4.2\n", "production/data", "/", "production/data/clients.csv",
                "id;nom\n1;ACME\n");
    }

    private static Path createHome() {
        try {
            Path home = Files.createTempDirectory("release-gate-demo-company");
            for (Map.Entry<String, String> entry : companyFolders().entrySet()) {
                Path path = home.resolve("srv").resolve(entry.getKey());
                if (entry.getValue().equals("/")) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, entry.getValue());
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> list(Path folder) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk.filter(path -> !path.equals(folder))::iterator) {
                entries.put(folder.relativize(path).toString(), Files.isDirectory(path) ? "/" : Files.readString(path));
            }
        }
        return entries;
    }
}
