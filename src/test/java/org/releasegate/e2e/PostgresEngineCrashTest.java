package org.releasegate.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.releasegate.data.TestPostgres;

/**
 * The crash test with the engine on PostgreSQL ({@code postgres} profile, settings from the environment as in
 * production), on the tests' own PostgreSQL server. Three more starts of the application: about two minutes on a
 * quiet 2-core machine.
 */
class PostgresEngineCrashTest extends CrashWalk {

    private static final String DATABASE = "rg_crash_engine";

    @Override
    String engineDatabase() {
        return "PostgreSQL";
    }

    @Override
    String profiles() {
        return "demo,postgres";
    }

    @Override
    void createEmptyDatabase() throws Exception {
        TestPostgres.shared().executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)",
                "CREATE DATABASE " + DATABASE + " OWNER " + TestPostgres.ROLE);
    }

    @Override
    List<String> databaseArguments(Path home) {
        return List.of();
    }

    @Override
    Map<String, String> databaseEnvironment() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        return Map.of("RELEASEGATE_DB_URL", postgres.url(DATABASE), "RELEASEGATE_DB_USER", TestPostgres.ROLE,
                "RELEASEGATE_DB_PASSWORD", TestPostgres.PASSWORD);
    }
}
