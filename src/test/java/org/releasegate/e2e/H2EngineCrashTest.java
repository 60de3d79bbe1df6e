package org.releasegate.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The crash test with the engine on its default H2 file database (as {@code ./mvnw spring-boot:run} runs it). */
class H2EngineCrashTest extends CrashWalk {

    @Override
    String engineDatabase() {
        return "H2";
    }

    @Override
    List<String> databaseArguments(Path home) {
        return List.of("--spring.datasource.url=jdbc:h2:file:" + home.resolve("db/release-gate")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Override
    Map<String, String> databaseEnvironment() {
        return Map.of();
    }
}
