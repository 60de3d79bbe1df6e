package org.releasegate.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** One user per role, with a known password: only in the demo profile. */
@Component
@Profile("demo")
@Order(2)
class DemoUsers extends AbstractProcessEnginePlugin {

    record DemoUser(String id, String firstName, String lastName, String group) {
    }

    static final List<DemoUser> USERS = List.of(
            new DemoUser("marie", "Marie", "Lefebvre", Roles.RELEASE_MANAGERS),
            new DemoUser("paul", "Paul", "Garnier", Roles.RELEASE_MANAGERS),
            new DemoUser("theo", "Théo", "Martin", Roles.TESTERS),
            new DemoUser("karim", "Karim", "Benali", Roles.KEY_USERS),
            new DemoUser("olivia", "Olivia", "Rousseau", Roles.OPERATIONS),
            new DemoUser("sophie", "Sophie", "Moreau", Roles.PROCESS_OWNERS),
            new DemoUser("admin", "Alex", "Admin", Roles.ADMINS));

    private final String password;

    DemoUsers(DemoUserProperties settings) {
        if (settings.password() == null || settings.password().isBlank()) {
            throw new IllegalStateException("releasegate.demo.password is not set: the demo profile gives it to its "
                    + "users (application-demo.yaml sets one)");
        }
        this.password = settings.password();
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        for (DemoUser demo : USERS) {
            if (identity.createUserQuery().userId(demo.id()).count() == 0) {
                User user = identity.newUser(demo.id());
                user.setFirstName(demo.firstName());
                user.setLastName(demo.lastName());
                user.setEmail(demo.id() + "@demo.release-gate.local");
                user.setPassword(password);
                identity.saveUser(user);
                identity.createMembership(demo.id(), demo.group());
            }
        }
    }
}
