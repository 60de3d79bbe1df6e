package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A company runs the demo profile for its users, with its own inbox and environments: the demo's sample data goes
 * nowhere, the company's road book and servers stay as they are, and the application starts. In a JVM of its own: a
 * second engine in the tests' JVM would take the shared context's engine down with it when closed.
 */
class DemoProfileWithCompanyFoldersTest {

    private static final String ROAD_BOOK = "# Cahier de recette ACME 4.2\n- ACME-17 : nouvelle remise client\n";

    @TempDir
    Path home;

    @Test
    void companyRoadBookAndServersAreLeftUntouchedAndTheApplicationStarts() throws Exception {
        Path company = home.resolve("srv");
        for (Map.Entry<String, String> entry : companyFolders().entrySet()) {
            Path path = company.resolve(entry.getKey());
            if (entry.getValue().equals("/")) {
                Files.createDirectories(path);
            } else {
                Files.createDirectories(path.getParent());
                Files.writeString(path, entry.getValue());
            }
        }
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=demo",
                "--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/release-gate"),
                "--releasegate.worker.enabled=false",
                "--releasegate.demo.root=" + home.resolve("demo"),
                "--releasegate.strategic-processes-file=" + home.resolve("demo/strategic-processes.yaml"),
                "--releasegate.archive.root=" + home.resolve("demo/archives"),
                "--releasegate.inbox=" + company.resolve("inbox")));
        for (String environment : new String[] {"production", "test"}) {
            arguments.add("--releasegate.environments." + environment + ".install-root="
                    + company.resolve(environment + "/app"));
            arguments.add("--releasegate.environments." + environment + ".data.path="
                    + company.resolve(environment + "/data"));
        }
        Path log = home.resolve("application.log");

        try (ChildApplication application = ChildApplication.start(arguments, Map.of(), log)) {
            assertThat(list(company)).isEqualTo(companyFolders());
            assertThat(home.resolve("demo/.demo-ready")).doesNotExist();
            assertThat(Files.readString(log)).contains("Demo not laid out, nothing written")
                    .contains("releasegate.inbox " + company.resolve("inbox") + " is outside it");
        }
    }

    /** What the company's folders hold before and after the start. */
    private static Map<String, String> companyFolders() {
        return Map.of("inbox", "/", "inbox/road-book.md", ROAD_BOOK,
                "production", "/", "production/app", "/", "production/app/current", "/",
                "production/app/current/VERSION", "4.2\n", "production/data", "/", "production/data/clients.csv",
                "id;nom\n1;ACME\n");
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
