package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Misconfigured data stores and missing or too old PostgreSQL tools stop the application at start-up. */
class DataStoreConfigurationCheckTest {

    @TempDir
    Path dir;

    @Test
    void startUpFailsNamingEveryMisconfiguredStore() throws IOException {
        Path emptyBin = Files.createDirectories(dir.resolve("empty-bin"));
        Path mask = Files.writeString(dir.resolve("masquer.sql"), "UPDATE clients SET email = NULL;");
        new ApplicationContextRunner().withUserConfiguration(DataStoresOnly.class).withPropertyValues(
                        "releasegate.environments.a.data.type=oracle",
                        "releasegate.environments.b.data.type=postgresql",
                        "releasegate.environments.c.data.type=h2",
                        "releasegate.environments.c.data.path=" + dir.resolve("gestan.h2"),
                        "releasegate.environments.d.data.type=directory",
                        "releasegate.environments.d.data.path=" + dir.resolve("data"),
                        "releasegate.environments.d.data.post-copy[0].sql=" + mask,
                        "releasegate.environments.d.data.settle=-1s",
                        "releasegate.environments.e.data.type=postgresql",
                        "releasegate.environments.e.data.url=jdbc:postgresql://localhost:1/gestan",
                        "releasegate.environments.e.data.username=gestan",
                        "releasegate.environments.e.data.pg-bin=" + emptyBin,
                        "releasegate.environments.e.data.post-copy[0].sql=" + dir.resolve("absent.sql"),
                        "releasegate.environments.e.data.post-copy[1].command=sh,-c,true",
                        "releasegate.environments.e.data.post-copy[1].timeout=5s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .isInstanceOf(DataStoreConfigurationException.class)
                        .hasMessageContaining("the data stores are misconfigured")
                        .hasMessageContaining("releasegate.environments.a.data.type 'oracle' is not supported")
                        .hasMessageContaining("releasegate.environments.b.data.url is not set")
                        .hasMessageContaining("releasegate.environments.c.data.path: environment 'c': an h2 path names"
                                + " the database file, ending with .mv.db")
                        .hasMessageContaining("releasegate.environments.d.data.post-copy: masquer.sql is SQL, but a"
                                + " directory store is no database")
                        .hasMessageContaining("releasegate.environments.d.data.settle must not be negative")
                        .hasMessageContaining("SQL file " + dir.resolve("absent.sql") + " does not exist")
                        .hasMessageContaining("releasegate.environments.e.data: pg_dump was not found in " + emptyBin)
                        .hasMessageNotContaining("url: releasegate"));
    }

    @Test
    void aFolderIsWatchedTwoSecondsForWritesUnlessSetOtherwise() {
        new ApplicationContextRunner().withUserConfiguration(DataStoresOnly.class).withPropertyValues(
                        "releasegate.environments.production.data.path=" + dir.resolve("production"),
                        "releasegate.environments.test.data.path=" + dir.resolve("test"),
                        "releasegate.environments.test.data.settle=300ms")
                .run(context -> {
                    DataStores stores = context.getBean(DataStores.class);
                    assertThat(stores.settle("production")).isEqualTo(Duration.ofSeconds(2));
                    assertThat(stores.settle("test")).isEqualTo(Duration.ofMillis(300));
                });
    }

    @Test
    void aPgDumpOlderThanTheServerStopsStartUpAndEveryCopy() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        Path oldBin = fakeTools("13.14");
        String url = postgres.url("postgres");

        new ApplicationContextRunner().withUserConfiguration(DataStoresOnly.class).withPropertyValues(
                        "releasegate.environments.production.data.type=postgresql",
                        "releasegate.environments.production.data.url=" + url,
                        "releasegate.environments.production.data.username=" + TestPostgres.ROLE,
                        "releasegate.environments.production.data.password=" + TestPostgres.PASSWORD,
                        "releasegate.environments.production.data.pg-bin=" + oldBin)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("releasegate.environments.production.data: pg_dump 13.14 (" + oldBin.resolve("pg_dump") + ") is older than the PostgreSQL 14 server"
                                + " and cannot dump it: set data.pg-bin to the bin folder of PostgreSQL 14 or later"));

        // A server upgraded after start-up: the copy stops before anything is written, for a person to act (retrying
        // cannot help).
        DataStores stores = new TestStores().with("production", settings(url, oldBin)).build();
        assertThatThrownBy(() -> stores.of("production").exportSnapshot(dir.resolve("snapshot")))
                .isInstanceOf(PermanentStoreFailureException.class)
                .hasMessageContaining("Base PostgreSQL de l'environnement « production » : pg_dump 13.14 est plus ancien"
                        + " que le serveur PostgreSQL 14 et ne peut pas le sauvegarder : réglez data.pg-bin sur le dossier"
                        + " bin de PostgreSQL 14")
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain(oldBin.toString()))
                .satisfies(refused -> assertThat(((PermanentStoreFailureException) refused).detail().orElseThrow())
                        .contains(oldBin.resolve("pg_dump").toString()));
        assertThat(dir.resolve("snapshot")).isEmptyDirectory();
    }

    @Test
    void aPgDumpWithoutNoSyncIsRefusedAtStartUp() throws Exception {
        Path ancientBin = fakeTools("9.6.24");

        new ApplicationContextRunner().withUserConfiguration(DataStoresOnly.class).withPropertyValues(
                        "releasegate.environments.production.data.type=postgresql",
                        "releasegate.environments.production.data.url=jdbc:postgresql://localhost:1/gestan",
                        "releasegate.environments.production.data.username=gestan",
                        "releasegate.environments.production.data.pg-bin=" + ancientBin)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("releasegate.environments.production.data: " + ancientBin.resolve("pg_dump")
                                + " (9.6.24) is too old: the copies need pg_dump 10 or later"));
    }

    @Test
    void theMachinesToolsAndAReachableServerPassAndAnUnreachableServerIsOnlyAWarning() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DataStores stores = new TestStores()
                // Not there yet: the first copy creates it.
                .with("production", settings(postgres.url("gestan_first_copy"), null))
                .with("test", settings("jdbc:postgresql://localhost:" + closedPort + "/gestan_test", null))
                .build();

        assertThat(stores.configurationProblems()).isEmpty();
    }

    @Test
    void startUpRefusesARoleThatCannotReplaceItsDatabaseNorActAsTheOwnerConfigured() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        postgres.executeAsSuperuser("postgres", "DROP ROLE IF EXISTS erp_absent");

        new ApplicationContextRunner().withUserConfiguration(DataStoresOnly.class).withPropertyValues(
                        "releasegate.environments.production.data.type=postgresql",
                        // the maintenance database: the superuser's, which the role cannot rename
                        "releasegate.environments.production.data.url=" + postgres.url("postgres"),
                        "releasegate.environments.production.data.username=" + TestPostgres.ROLE,
                        "releasegate.environments.production.data.password=" + TestPostgres.PASSWORD,
                        "releasegate.environments.production.data.owner=erp_absent")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("releasegate.environments.production.data: le rôle releasegate ne peut"
                                + " pas remplacer la base postgres, qui appartient à postgres : GRANT postgres TO"
                                + " releasegate, ou ALTER DATABASE postgres OWNER TO releasegate")
                        .hasMessageContaining("releasegate.environments.production.data: le rôle erp_absent indiqué par"
                                + " data.owner n'existe pas sur le serveur : CREATE ROLE erp_absent, ou corrigez"
                                + " data.owner"));
    }

    private DataStoreSettings settings(String url, Path pgBin) {
        return new DataStoreSettings("postgresql", null, url, TestPostgres.ROLE, TestPostgres.PASSWORD, 2, pgBin, null,
                "postgres", null, List.of(new EnvironmentProperties.PostCopyScriptSettings(null, null, List.of("true"),
                Duration.ofSeconds(5))), List.of(), List.of());
    }

    /** pg_dump and pg_restore that only tell their version, as an old client installation would. */
    private Path fakeTools(String version) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("pg-" + version + "/bin"));
        for (String tool : new String[] {"pg_dump", "pg_restore"}) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EnvironmentProperties.class)
    @Import({DataStores.class, DataStoreConfigurationCheck.class})
    static class DataStoresOnly {

        @Bean
        FolderCopier directoryDataStore() {
            return new FolderCopier();
        }
    }
}
