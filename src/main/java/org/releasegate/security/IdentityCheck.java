package org.releasegate.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile (production, but also the packaged jar started without any profile), once the engine is
 * built and before the server listens: refuses to start while a demo user or an administrator keeps a well-known
 * password, and while nobody administers the engine — Camunda Admin's set-up page would then let the first visitor
 * become administrator. The first administrator is created from
 * {@code RELEASEGATE_ADMIN_USER} and {@code RELEASEGATE_ADMIN_PASSWORD} ({@link AdminProperties}), given in the
 * environment on that start only.
 * Passwords are compared with the stored hashes directly: a failed {@code checkPassword} would count as a failed
 * login and end up locking the user.
 */
@Component
@Profile("!" + IdentityCheck.DEMO_PROFILE)
class IdentityCheck implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityCheck.class);

    static final String DEMO_PROFILE = "demo";
    static final String REFUSAL = "Release Gate refuses to start";
    static final String ADMIN_USER_VARIABLE = "RELEASEGATE_ADMIN_USER";
    static final String ADMIN_PASSWORD_VARIABLE = "RELEASEGATE_ADMIN_PASSWORD";
    static final int MINIMUM_ADMIN_PASSWORD_LENGTH = 12;

    /** User id → passwords known to everyone: the demo's and Camunda's customary ones. */
    private static final Map<String, Set<String>> WELL_KNOWN = Map.of(
            "marie", Set.of("demo"), "paul", Set.of("demo"), "theo", Set.of("demo"), "karim", Set.of("demo"),
            "olivia", Set.of("demo"), "sophie", Set.of("demo"), "admin", Set.of("demo", "admin"));

    private final ProcessEngine engine;
    private final AdminProperties firstAdministrator;

    IdentityCheck(ProcessEngine engine, AdminProperties firstAdministrator) {
        this.engine = engine;
        this.firstAdministrator = firstAdministrator;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = new ArrayList<>(wellKnownPasswords());
        if (problems.isEmpty()) {
            problems.addAll(ensureAdministrator());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(REFUSAL + ":\n - " + String.join("\n - ", problems));
        }
    }

    private List<String> wellKnownPasswords() {
        List<String> problems = new ArrayList<>();
        var passwords = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getPasswordManager();
        WELL_KNOWN.forEach((userId, known) -> {
            User user = engine.getIdentityService().createUserQuery().userId(userId).singleResult();
            // Users of another identity provider (LDAP) have no password here.
            if (user instanceof UserEntity stored && stored.getPassword() != null) {
                known.stream()
                        .filter(password -> passwords.check(EncryptionUtil.saltPassword(password, stored.getSalt()),
                                stored.getPassword()))
                        .findFirst()
                        .ifPresent(password -> problems.add("user '" + userId + "' still has the well-known password '"
                                + password + "': change it (Camunda Admin) or delete the user"));
            }
        });
        return problems;
    }

    private List<String> ensureAdministrator() {
        IdentityService identity = engine.getIdentityService();
        if (identity.createUserQuery().memberOfGroup(Roles.ADMINS).count() > 0) {
            return List.of();
        }
        String userId = Objects.toString(firstAdministrator.user(), "").strip();
        String password = Objects.toString(firstAdministrator.password(), "");
        if (userId.isEmpty() || password.length() < MINIMUM_ADMIN_PASSWORD_LENGTH
                || WELL_KNOWN.values().stream().anyMatch(known -> known.contains(password))) {
            return List.of("nobody is in group " + Roles.ADMINS + ": set " + ADMIN_USER_VARIABLE + " and "
                    + ADMIN_PASSWORD_VARIABLE + " (at least " + MINIMUM_ADMIN_PASSWORD_LENGTH
                    + " characters) to create the first administrator on this start");
        }
        User admin = identity.createUserQuery().userId(userId).singleResult();
        if (admin == null) {
            admin = identity.newUser(userId);
            admin.setFirstName("Administrateur");
            admin.setLastName("Release Gate");
        }
        admin.setPassword(password);
        identity.saveUser(admin);
        identity.createMembership(userId, Roles.ADMINS);
        LOG.info("First administrator '{}' created from {}; the variables can be removed now", userId, ADMIN_USER_VARIABLE);
        return List.of();
    }
}
