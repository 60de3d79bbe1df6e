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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient.Response;

/**
 * One release at a time on the demo: while marie's release runs, paul's start is refused with the reason, whoever
 * has the right to see the other release or not; once it is abandoned or cancelled, the next one starts. Two starts at
 * the same moment give one release.
 */
class OneReleaseAtATimeTest extends IntegrationTest {



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
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                statuses.add(answer.get().status());
            }
            assertThat(statuses).as("one release started, the other start refused or failed").containsOnlyOnce(200);
        } finally {
            starters.shutdownNow();
        }
        assertThat(running()).hasSize(1);
    }

    private List<String> running() {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).list()
                .stream().map(release -> release.getId()).toList();
    }
}
