package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.e2e.ChildApplication;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;

/**
 * The application started with the production profile, or without any profile as the packaged jar runs, in its own JVM (see {@link ChildApplication}), settings
 * in environment variables, each time on its own H2 database in a temporary folder, without workers.
 */
class ProductionProfileTest {

    private static final String ADMIN_PASSWORD = "Kx7-correct-horse-battery";
    private static final String SETTINGS_REFUSAL = "The production profile refuses to start:";
    private static final String IDENTITY_REFUSAL = IdentityCheck.REFUSAL + ":";

    @TempDir
    Path home;

    @Test
    void refusesToStartWhileADemoUserKeepsItsPassword() throws Exception {
        withUsers(Map.of("marie", "demo"));

        try (ChildApplication application = start(Map.of(), "production")) {
            assertRefused(application, IDENTITY_REFUSAL, "user 'marie' still has the well-known password 'demo'");
        }
    }

    @Test
    void refusesToStartWhileTheAdministratorHasTheDefaultPassword() throws Exception {
        withUsers(Map.of("admin", "admin"));

        try (ChildApplication application = start(Map.of(), "production")) {
            assertRefused(application, IDENTITY_REFUSAL, "user 'admin' still has the well-known password 'admin'");
        }
    }

    @Test
    void refusesToStartTogetherWithTheDemoProfile() throws Exception {
        try (ChildApplication application = start(Map.of(), "production,demo")) {
            assertRefused(application, SETTINGS_REFUSAL, "the demo profile is active");
        }
    }

    @Test
    void startsWithItsOwnAdministratorAndShowsOnlyHealthToAnonymousCallers() throws Exception {
        try (ChildApplication application = start(Map.of(
                IdentityCheck.ADMIN_USER_VARIABLE, "alice",
                IdentityCheck.ADMIN_PASSWORD_VARIABLE, ADMIN_PASSWORD), "production")) {
            assertThat(application.isRunning()).as(application.output()).isTrue();
            int port = application.port();
            ApplicationClient anonymous = ApplicationClient.anonymous(port);
            ApplicationClient alice = ApplicationClient.basic(port, "alice", ADMIN_PASSWORD);

            Response health = anonymous.get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).as("no details").isEqualTo("{\"status\":\"UP\"}");
            assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
            assertThat(anonymous.get("/actuator/metrics/jvm.memory.used").status()).isEqualTo(401);
            assertThat(anonymous.get("/actuator").status()).isEqualTo(401);
            assertThat(alice.get("/actuator/metrics").body()).contains("jvm.memory.used");
            assertThat(anonymous.get("/h2-console").status()).isEqualTo(404);
            assertThat(anonymous.get("/engine-rest/user").status()).isEqualTo(401);

            // The webapps' CSRF protection: a POST without the session's token is refused, with it accepted.
            String login = "/camunda/api/admin/auth/user/default/login/admin";
            Map<String, String> form = Map.of("username", "alice", "password", ADMIN_PASSWORD);
            ApplicationClient forged = ApplicationClient.anonymous(port).withoutXsrfHeader();
            forged.get("/camunda/app/admin/");
            Response refused = forged.postForm(login, form);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.headers().firstValue("X-XSRF-TOKEN")).contains("Required");
            ApplicationClient browser = ApplicationClient.anonymous(port);
            browser.get("/camunda/app/admin/");
            assertThat(browser.postForm(login, form).body()).contains("\"authorizedApps\"").contains("\"admin\"");
        }
    }

    @Test
    void withoutAnyProfileRefusesToStartWithoutAnAdministrator() throws Exception {
        try (ChildApplication application = start(Map.of(), "")) {
            assertRefused(application, IDENTITY_REFUSAL, "nobody is in group camunda-admin: set RELEASEGATE_ADMIN_USER");
        }
    }

    @Test
    void withoutAnyProfileTheFirstAdministratorComesFromTheEnvironment() throws Exception {
        try (ChildApplication application = start(Map.of(
                IdentityCheck.ADMIN_USER_VARIABLE, "alice",
                IdentityCheck.ADMIN_PASSWORD_VARIABLE, ADMIN_PASSWORD), "")) {
            assertThat(application.isRunning()).as(application.output()).isTrue();
            int port = application.port();
            assertThat(ApplicationClient.basic(port, "alice", ADMIN_PASSWORD).get("/engine-rest/group?member=alice").body())
                    .contains("\"id\":\"" + Roles.ADMINS + "\"");
            assertThat(ApplicationClient.anonymous(port).get("/engine-rest/user").status()).isEqualTo(401);
        }
    }

    /** {@code profiles} empty: none, as {@code java -jar} without settings. */
    private ChildApplication start(Map<String, String> variables, String profiles) throws Exception {
        Map<String, String> environment = new HashMap<>(variables);
        if (!profiles.isEmpty()) {
            environment.put("SPRING_PROFILES_ACTIVE", profiles);
        }
        environment.put("RELEASEGATE_DB_URL", databaseUrl());
        environment.put("RELEASEGATE_DB_USER", "sa");
        environment.put("RELEASEGATE_DB_PASSWORD", "");
        environment.put("RELEASEGATE_INBOX", home.resolve("inbox").toString());
        environment.put("RELEASEGATE_ARCHIVES", home.resolve("archives").toString());
        return ChildApplication.startOrStop(List.of("--releasegate.worker.enabled=false",
                "--releasegate.demo.root=" + home.resolve("demo")), environment, home.resolve("application.log"));
    }

    private static void assertRefused(ChildApplication application, String refusal, String reason) {
        assertThat(application.isRunning()).as("still running").isFalse();
        assertThat(application.output()).contains(refusal).contains(reason).doesNotContain("Tomcat started on port");
    }

    private String databaseUrl() {
        return "jdbc:h2:file:" + home.resolve("db/release-gate") + ";WRITE_DELAY=0";
    }

    /** Users left in the database by an earlier life of it (a demo run, a first install). */
    private void withUsers(Map<String, String> passwords) {
        ProcessEngine engine = ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration()
                .setProcessEngineName("production-profile-setup")
                .setJdbcUrl(databaseUrl())
                .setJdbcUsername("sa")
                .setJdbcPassword("")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setJobExecutorActivate(false)
                .buildProcessEngine();
        try {
            engine.getIdentityService().saveGroup(engine.getIdentityService().newGroup(Roles.ADMINS));
            passwords.forEach((id, password) -> {
                User user = engine.getIdentityService().newUser(id);
                user.setPassword(password);
                engine.getIdentityService().saveUser(user);
                if (id.equals("admin")) {
                    engine.getIdentityService().createMembership(id, Roles.ADMINS);
                }
            });
        } finally {
            engine.close();
        }
    }
}
