package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One release at a time on the demo: while marie's release runs, paul's start is refused with the reason, and
 * whoever may not see marie's release learns only that one runs; once it is abandoned or cancelled, the next one
 * starts. Two starts at the same moment give one release, and the other is refused in French.
 */
class OneReleaseAtATimeTest extends IntegrationTest {

    private static final String STARTER_ONLY = "nina";

    @Autowired
    IdentityService identityService;
    @Autowired
    AuthorizationService authorizationService;

    @BeforeEach
    void beginWithTheDemoAsOnFirstStart() throws Exception {
        startFromTheDemoAsOnFirstStart();
    }

    @Test
    void aSecondReleaseIsRefusedWithTheReasonUntilTheFirstIsAbandoned() {
        String first = steps.start("marie", "gestan-1.1.zip", "1.1");
        String firstName = runtimeService.createProcessInstanceQuery().processInstanceId(first).singleResult()
                .getBusinessKey();

        Response refused = steps.requestStart("paul", "gestan-1.1.zip", "1.1");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json(Map.class).get("message")).isEqualTo("Une mise en production est déjà en cours : « "
                + firstName + " », lancée par marie. Une seule à la fois : elle occupe le serveur de test et la "
                + "production jusqu'à sa fin. Terminez-la ou abandonnez-la avant d'en lancer une autre.");
        assertThat(running()).containsExactly(first);

        // marie abandons after the verifications: the environments are free again
        steps.completeEach(first, "theo", Elements.VERIFY_CHANGE, 3, with(ReleasePolicy.Vars.VERDICT, "KO")
                .and(ReleasePolicy.Vars.COMMENT, "Rien ne marche"));
        steps.completeEach(first, "karim", Elements.VERIFY_STRATEGIC_PROCESS, 3,
                with(ReleasePolicy.Vars.VERDICT, "OK"));
        steps.completeEach(first, "marie", Elements.DECIDE_ON_FAILURE, 1, with(ReleasePolicy.Vars.FAILURE_DECISION, Choices.ABANDON)
                .and(ReleasePolicy.Vars.DECISION_COMMENT, "Version trop instable"));
        assertThat(running()).isEmpty();

        String second = steps.start("paul", "gestan-1.1.zip", "1.1");
        // a cancellation (an administrator ending a release stuck on an incident) frees them too
        endReleasesLeftRunning();
        assertThat(running()).doesNotContain(second);
        steps.start("marie", "gestan-1.1.zip", "1.1");
    }

    @Test
    void twoStartsAtTheSameMomentGiveOneRelease() throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(2);
        CountDownLatch ready = new CountDownLatch(2);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (String user : List.of("marie", "paul")) {
                answers.add(starters.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return steps.requestStart(user, "gestan-1.1.zip", "1.1");
                }));
            }
            List<Response> refused = new ArrayList<>();
            for (Future<Response> answer : answers) {
                if (answer.get().status() != 200) {
                    refused.add(answer.get());
                }
            }
            assertThat(refused).as("one release started, the other start refused").hasSize(1);
            // refused by the gate (the first one had committed) or by the engine property both wrote: a conflict,
            // said in French, never the engine's 500 and its English
            Response loser = refused.get(0);
            assertThat(loser.status()).as(loser.body()).isIn(403, 409);
            String message = loser.json().path("message").asText();
            assertThat(message).as(loser.body()).startsWith("Une mise en production ")
                    .contains("Une seule à la fois").doesNotContain("ENGINE-", "Exception", "transaction", "Entity",
                            "updated", "concurrently", "failed");
        } finally {
            starters.shutdownNow();
        }
        assertThat(running()).hasSize(1);
    }

    /**
     * nina may start a release but not see the others (a starter's grants without READ on releases): her refusal says
     * that one runs and that only one may, not which one nor who started it.
     */
    @Test
    void whoCannotSeeTheRunningReleaseLearnsThatOneRunsAndNothingMore() {
        String first = steps.start("marie", "gestan-1.1.zip", "1.1");
        String firstName = runtimeService.createProcessInstanceQuery().processInstanceId(first).singleResult()
                .getBusinessKey();
        User nina = identityService.newUser(STARTER_ONLY);
        nina.setPassword(ApplicationClient.DEMO_PASSWORD);
        identityService.saveUser(nina);
        List<Authorization> grants = List.of(
                grant(Resources.PROCESS_DEFINITION, ReleasePolicy.PROCESS_KEY, Permissions.READ,
                        Permissions.CREATE_INSTANCE),
                grant(Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE));
        try {
            assertThat(client.as(STARTER_ONLY).get("/engine-rest/process-instance/" + first).status())
                    .as("nina cannot see marie's release").isIn(403, 404);

            Response refused = steps.requestStart(STARTER_ONLY, "gestan-1.1.zip", "1.1");

            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.json().path("message").asText()).isEqualTo("Une mise en production est déjà en cours. "
                    + "Une seule à la fois : elle occupe le serveur de test et la production jusqu'à sa fin. Son "
                    + "responsable doit la terminer ou l'abandonner avant qu'une autre soit lancée.")
                    .doesNotContain(firstName, "marie");
            assertThat(running()).containsExactly(first);
        } finally {
            grants.forEach(grant -> authorizationService.deleteAuthorization(grant.getId()));
            identityService.deleteUser(STARTER_ONLY);
        }
    }

    private Authorization grant(Resources resource, String resourceId, Permissions... permissions) {
        Authorization grant = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setUserId(STARTER_ONLY);
        grant.setResource(resource);
        grant.setResourceId(resourceId);
        for (Permissions permission : permissions) {
            grant.addPermission(permission);
        }
        return authorizationService.saveAuthorization(grant);
    }

    private List<String> running() {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).list()
                .stream().map(release -> release.getId()).toList();
    }
}
