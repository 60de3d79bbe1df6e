package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.worker.WorkerCredentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Failed logins slow whoever tries them and never lock a person for good; the workers, which log in with no
 * password, keep working whoever hammers their user. Camunda only counts a failed login while the user is not in
 * its delay: the tests end each delay at once in the database, so that every one of the 30 attempts counts.
 */
class LoginThrottlingTest extends IntegrationTest {

    private static final String PERSON = "essai-verrou";
    private static final String PASSWORD = "Le-bon-mot-de-passe-1";
    private static final int ATTEMPTS = 30;
    private static final Duration LONGEST_DELAY = Duration.ofSeconds(60);

    @Autowired
    ProcessEngine engine;
    @Autowired
    IdentityService identity;
    @Autowired
    WorkerCredentials workers;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    private TestReleases releases;

    @AfterEach
    void cleanUp() {
        if (releases != null) {
            releases.deleteAll();
        }
        identity.unlockUser(workers.username());
        identity.deleteUser(PERSON);
    }

    @Test
    void thirtyWrongPasswordsSlowAPersonDownButNeverLockThemForGood() {
        User person = identity.newUser(PERSON);
        person.setPassword(PASSWORD);
        identity.saveUser(person);
        ApplicationClient attacker = ApplicationClient.basic(port, PERSON, "pas-le-bon");

        hammer(attacker, PERSON);

        UserEntity stored = (UserEntity) identity.createUserQuery().userId(PERSON).singleResult();
        assertThat(stored.getAttempts()).as("failed logins counted").isEqualTo(ATTEMPTS);
        assertThat(stored.getLockExpirationTime().toInstant()).as("the delay is capped")
                .isBefore(Instant.now().plus(LONGEST_DELAY).plusSeconds(5));
        ApplicationClient owner = ApplicationClient.basic(port, PERSON, PASSWORD);
        assertThat(owner.get("/engine-rest/task/count").status()).as("during the delay, even the right password waits")
                .isEqualTo(401);

        endDelay(PERSON);
        assertThat(owner.get("/engine-rest/task/count").status()).as("after the delay, the right password works")
                .isEqualTo(200);
        assertThat(((UserEntity) identity.createUserQuery().userId(PERSON).singleResult()).getAttempts()).isZero();
    }

    @Test
    void workersKeepRunningStepsWhileSomeoneHammersTheirUser() {
        hammer(ApplicationClient.basic(port, workers.username(), "devine"), workers.username());

        releases = new TestReleases(engine);
        String releaseId = releases.releaseAt(Elements.CHECK_PRODUCTION_HEALTH, "paul");

        String what = "the health check step ran within 30 s (a worker fetched and completed it)";
        try {
            await(what).atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .pollInSameThread().until(() -> taskService.createTaskQuery().processInstanceId(releaseId)
                            .taskDefinitionKey(Elements.CONFIRM_PRODUCTION).count() > 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("[" + what + "]", e);
        }
    }

    @Test
    void theWorkersTokenIsTheirOnlyWayInAndNeedsThisStartsValue() {
        String token = workers.inProcessToken().orElseThrow();

        assertThat(countExternalTasksWith(token)).isEqualTo(200);
        assertThat(countExternalTasksWith(token + "x")).isEqualTo(401);
        assertThat(countExternalTasksWith("")).isEqualTo(401);
    }

    private int countExternalTasksWith(String token) {
        return ApplicationClient.anonymous(port).withHeader(WorkerCredentials.TOKEN_HEADER, token)
                .get("/engine-rest/external-task/count").status();
    }

    /** {@value #ATTEMPTS} wrong passwords, each counted: the delay each one starts is ended before the next. */
    private void hammer(ApplicationClient attacker, String userId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                endDelay(userId);
            }
            assertThat(attacker.get("/engine-rest/task/count").status()).isEqualTo(401);
        }
    }

    /** As if the delay had passed: the lock's end moves to now, the count of failures stays. */
    private void endDelay(String userId) {
        jdbc.update("UPDATE ACT_ID_USER SET LOCK_EXP_TIME_ = ? WHERE ID_ = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), userId);
    }
}
