package org.releasegate.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.releasegate.SettingsCheck;
import org.releasegate.worker.WorkerProperties;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the production profile with demo settings or without the secrets it must be given. Runs as a
 * bean factory post-processor, before any bean exists: no database connection is opened, no port is listened on.
 */
@Component
@Profile(ProductionSettingsCheck.PROFILE)
class ProductionSettingsCheck extends SettingsCheck {

    static final String PROFILE = "production";
    private static final String DEMO_PROFILE = "demo";

    /** A setting that must come from an environment variable. */
    private record Required(String property, String variable) {
    }

    private static final Required DB_URL = new Required("spring.datasource.url", "RELEASEGATE_DB_URL");
    private static final Required DB_USER = new Required("spring.datasource.username", "RELEASEGATE_DB_USER");
    private static final Required DB_PASSWORD = new Required("spring.datasource.password", "RELEASEGATE_DB_PASSWORD");
    private static final Required WORKER_PASSWORD = new Required("releasegate.worker.password", "RELEASEGATE_WORKER_PASSWORD");

    @Override
    protected String headline() {
        return "The production profile refuses to start";
    }

    @Override
    protected List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        if (Arrays.asList(environment.getActiveProfiles()).contains(DEMO_PROFILE)
                || settings(environment, DemoUserProperties.class).enabled()) {
            problems.add("the demo profile is active: it creates users with a known password and demo servers");
        }
        if (environment.getProperty("spring.h2.console.enabled", Boolean.class, false)) {
            problems.add("the H2 console is enabled (spring.h2.console.enabled): it gives the whole database to whoever reaches it");
        }
        String url = value(environment, DB_URL);
        if (url == null || url.isBlank()) {
            problems.add(missing(DB_URL, "the engine's database"));
        }
        if (value(environment, DB_USER) == null) {
            problems.add(missing(DB_USER, "the database user"));
        }
        String dbPassword = value(environment, DB_PASSWORD);
        boolean embeddedH2 = url != null && url.startsWith("jdbc:h2:");
        if (dbPassword == null || (dbPassword.isEmpty() && !embeddedH2)) {
            problems.add(missing(DB_PASSWORD, "the database password; only an embedded H2 database may have an empty one"));
        }
        WorkerProperties worker = settings(environment, WorkerProperties.class);
        if (worker.engineUrl() != null && !worker.engineUrl().isBlank()
                && (worker.password() == null || worker.password().isBlank())) {
            problems.add(missing(WORKER_PASSWORD, "the password the workers use on the remote engine "
                    + worker.engineUrl()));
        }
        return problems;
    }

    /**
     * A setting of Spring's own, or null when it is not set — including when its placeholder names an undefined
     * variable (a binder would keep the placeholder as the value).
     */
    private static String value(Environment environment, Required setting) {
        try {
            return environment.getProperty(setting.property());
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return null;
        }
    }

    private static String missing(Required setting, String what) {
        return setting.variable() + " is not set or empty (" + setting.property() + ": " + what + ")";
    }
}
