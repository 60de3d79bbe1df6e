package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.releasegate.SettingsCheck;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The start-up check of the engine's users outside the demo profile, on a plain engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityCheckTest {

    private static final String STRONG = "Kx7-correct-horse-battery";

    private ProcessEngine engine;
    /** The process's environment variables, as the operating system gives them. */
    private Map<String, Object> variables = new HashMap<>();

    @BeforeAll
    void engine() {
        String name = "production-identity";
        engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName(name)
                .setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")
                .setJobExecutorActivate(false)
                .buildProcessEngine();
        engine.getIdentityService().saveGroup(engine.getIdentityService().newGroup(Roles.ADMINS));
    }

    @AfterEach
    void forgetUsers() {
        engine.getIdentityService().createUserQuery().list()
                .forEach(user -> engine.getIdentityService().deleteUser(user.getId()));
        variables = new HashMap<>();
    }

    @AfterAll
    void close() {
        engine.close();
    }

    @Test
    void administratorWithItsOwnPasswordPasses() {
        user("alice", STRONG, Roles.ADMINS);
        user("marie", "Marie-a-choisi-le-sien-1", null);

        check().afterSingletonsInstantiated();
    }

    @Test
    void everyDemoUserWithTheDemoPasswordIsRefused() {
        user("alice", STRONG, Roles.ADMINS);
        for (String demo : new String[] {"marie", "paul", "theo", "karim", "olivia", "sophie"}) {
            user(demo, "demo", null);
        }

        assertThatThrownBy(() -> check().afterSingletonsInstantiated())
                .hasMessageStartingWith(IdentityCheck.REFUSAL + ":")
                .hasMessageContaining("user 'marie' still has the well-known password 'demo'")
                .hasMessageContaining("user 'paul'").hasMessageContaining("user 'theo'")
                .hasMessageContaining("user 'karim'").hasMessageContaining("user 'olivia'")
                .hasMessageContaining("user 'sophie'");
    }

    @Test
    void adminWithADefaultPasswordIsRefused() {
        user("admin", "admin", Roles.ADMINS);
        assertThatThrownBy(() -> check().afterSingletonsInstantiated())
                .hasMessageContaining("user 'admin' still has the well-known password 'admin'");

        engine.getIdentityService().deleteUser("admin");
        user("admin", "demo", Roles.ADMINS);
        assertThatThrownBy(() -> check().afterSingletonsInstantiated())
                .hasMessageContaining("user 'admin' still has the well-known password 'demo'");
    }

    @Test
    void checkingPasswordsNeverCountsAsAFailedLogin() {
        user("admin", STRONG, Roles.ADMINS);

        for (int start = 0; start < 12; start++) {
            check().afterSingletonsInstantiated();
        }

        assertThat(engine.getIdentityService().checkPassword("admin", STRONG)).as("admin is not locked").isTrue();
    }

    @Test
    void withoutAdministratorTheFirstOneComesFromTheEnvironment() {
        assertThatThrownBy(() -> check().afterSingletonsInstantiated())
                .hasMessageContaining("nobody is in group camunda-admin: set RELEASEGATE_ADMIN_USER and RELEASEGATE_ADMIN_PASSWORD");

        variables.put("RELEASEGATE_ADMIN_USER", "alice");
        variables.put("RELEASEGATE_ADMIN_PASSWORD", STRONG);
        check().afterSingletonsInstantiated();

        assertThat(engine.getIdentityService().createUserQuery().memberOfGroup(Roles.ADMINS).singleResult().getId())
                .isEqualTo("alice");
        assertThat(engine.getIdentityService().checkPassword("alice", STRONG)).isTrue();
    }

    @Test
    void firstAdministratorNeedsALongPasswordThatIsNotADefault() {
        variables.put("RELEASEGATE_ADMIN_USER", "admin");
        variables.put("RELEASEGATE_ADMIN_PASSWORD", "admin");
        assertThatThrownBy(() -> check().afterSingletonsInstantiated()).hasMessageContaining("at least 12 characters");

        variables.put("RELEASEGATE_ADMIN_PASSWORD", "short-1A");
        assertThatThrownBy(() -> check().afterSingletonsInstantiated()).hasMessageContaining("at least 12 characters");
        assertThat(engine.getIdentityService().createUserQuery().count()).isZero();
    }

    private IdentityCheck check() {
        MockEnvironment spring = new MockEnvironment();
        spring.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new IdentityCheck(engine, SettingsCheck.settings(spring, AdminProperties.class));
    }

    private void user(String id, String password, String group) {
        User user = engine.getIdentityService().newUser(id);
        user.setPassword(password);
        engine.getIdentityService().saveUser(user);
        if (group != null) {
            engine.getIdentityService().createMembership(id, group);
        }
    }
}
