package org.releasegate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One throw-away world per JVM for the Spring Boot tests: its own H2 database file, demo folder, inbox and archive
 * store under a temporary directory, so tests never touch ./data and share one application context.
 */
public final class IntegrationTestSetup {

    public static final Path HOME = createHome();

    private IntegrationTestSetup() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + HOME.resolve("db/release-gate") + ";WRITE_DELAY=0");
        registry.add("releasegate.demo.root", () -> HOME.resolve("demo").toString());
        registry.add("releasegate.inbox", () -> HOME.resolve("demo/inbox").toString());
        registry.add("releasegate.archive.root", () -> HOME.resolve("demo/archives").toString());
        for (String environment : new String[] {"production", "test"}) {
            registry.add("releasegate.environments." + environment + ".install-root",
                    () -> HOME.resolve("demo/" + environment + "/app").toString());
            registry.add("releasegate.environments." + environment + ".data.path",
                    () -> HOME.resolve("demo/" + environment + "/data").toString());
        }
    }

    private static Path createHome() {
        try {
            return Files.createTempDirectory("release-gate-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
