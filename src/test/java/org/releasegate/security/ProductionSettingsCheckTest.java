package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What the production profile requires of its settings, checked before any bean exists. */
class ProductionSettingsCheckTest {

    @Test
    void serverDatabaseWithAllCredentialsPasses() {
        assertThat(new ProductionSettingsCheck().problems(production("jdbc:postgresql://db/releasegate", "releasegate", "s3cret")))
                .isEmpty();
    }

    @Test
    void embeddedH2MayHaveAnEmptyPasswordButItMustBeGiven() {
        assertThat(new ProductionSettingsCheck().problems(production("jdbc:h2:file:/srv/release-gate/db", "sa", ""))).isEmpty();
        assertThat(new ProductionSettingsCheck().problems(production("jdbc:h2:file:/srv/release-gate/db", "sa", null)))
                .singleElement().asString().startsWith("RELEASEGATE_DB_PASSWORD is not set or empty");
    }

    @Test
    void serverDatabaseWithoutPasswordIsRefused() {
        assertThat(new ProductionSettingsCheck().problems(production("jdbc:postgresql://db/releasegate", "releasegate", "")))
                .singleElement().asString().startsWith("RELEASEGATE_DB_PASSWORD is not set or empty");
    }

    @Test
    void undefinedVariablesAreNamed() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "${RELEASEGATE_DB_URL}")
                .withProperty("spring.datasource.username", "${RELEASEGATE_DB_USER}")
                .withProperty("spring.datasource.password", "${RELEASEGATE_DB_PASSWORD}");
        environment.setActiveProfiles(ProductionSettingsCheck.PROFILE);

        assertThat(new ProductionSettingsCheck().problems(environment)).hasSize(3)
                .anySatisfy(problem -> assertThat(problem).startsWith("RELEASEGATE_DB_URL is not set"))
                .anySatisfy(problem -> assertThat(problem).startsWith("RELEASEGATE_DB_USER is not set"))
                .anySatisfy(problem -> assertThat(problem).startsWith("RELEASEGATE_DB_PASSWORD is not set"));
    }

    @Test
    void demoProfileOrDemoSettingsAreRefused() {
        MockEnvironment withDemoProfile = production("jdbc:postgresql://db/releasegate", "releasegate", "s3cret");
        withDemoProfile.setActiveProfiles(ProductionSettingsCheck.PROFILE, "demo");
        MockEnvironment withDemoEnabled = production("jdbc:postgresql://db/releasegate", "releasegate", "s3cret")
                .withProperty("releasegate.demo.enabled", "true");

        assertThat(new ProductionSettingsCheck().problems(withDemoProfile)).singleElement().asString().contains("demo profile");
        assertThat(new ProductionSettingsCheck().problems(withDemoEnabled)).singleElement().asString().contains("demo profile");
    }

    @Test
    void h2ConsoleIsRefused() {
        assertThat(new ProductionSettingsCheck().problems(production("jdbc:postgresql://db/releasegate", "releasegate", "s3cret")
                .withProperty("spring.h2.console.enabled", "true"))).singleElement().asString().contains("H2 console");
    }

    @Test
    void workersOfARemoteEngineNeedTheirPassword() {
        MockEnvironment agent = production("jdbc:postgresql://db/releasegate", "releasegate", "s3cret")
                .withProperty("releasegate.worker.engine-url", "https://release-gate.example/engine-rest")
                .withProperty("releasegate.worker.password", "");

        assertThat(new ProductionSettingsCheck().problems(agent)).singleElement().asString()
                .startsWith("RELEASEGATE_WORKER_PASSWORD is not set or empty");
    }

    @Test
    void refusalListsEveryProblem() {
        ProductionSettingsCheck check = new ProductionSettingsCheck();
        check.setEnvironment(production("jdbc:postgresql://db/releasegate", null, "")
                .withProperty("spring.h2.console.enabled", "true"));

        assertThatThrownBy(() -> check.postProcessBeanFactory(null))
                .hasMessageStartingWith("The production profile refuses to start:")
                .hasMessageContaining("RELEASEGATE_DB_USER")
                .hasMessageContaining("RELEASEGATE_DB_PASSWORD")
                .hasMessageContaining("H2 console");
    }

    private static MockEnvironment production(String url, String user, String password) {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", url);
        if (user != null) {
            environment.withProperty("spring.datasource.username", user);
        }
        if (password != null) {
            environment.withProperty("spring.datasource.password", password);
        }
        environment.setActiveProfiles(ProductionSettingsCheck.PROFILE);
        return environment;
    }
}
