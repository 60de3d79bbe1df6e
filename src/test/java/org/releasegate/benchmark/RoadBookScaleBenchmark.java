package org.releasegate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.security.Roles;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Scale of the road book on the demo application (real workers, H2 file database, REST API): a release with 500
 * changes against the same release with 5.
 * <ul>
 * <li>{@code plan-tasks-500-vs-5}: from the start of the plan-verifications step (its activity instance) until the
 * tester's verification tasks all exist (seen committed by a query polled every 10 ms) — the worker reading the road
 * book, completing its external task, and the engine creating the tasks;</li>
 * <li>what Tasklist asks when theo opens it, with the release's tasks open: the first page of 15 of the filter
 * « Tâches de mes groupes » in HAL, sorted by creation date, and its count, as Tasklist does
 * ({@code tasklist-filter-page-…}, {@code tasklist-filter-count-…}); and the plain REST query
 * {@code /task?candidateGroup=testeurs} with its {@code /task/count} ({@code rest-task-page-…},
 * {@code rest-task-count-…}).</li>
 * </ul>
 * Each size is run {@value #RELEASES} times, alternately; each query figure is the median of 20 calls after 5,
 * and the figure kept is the median over the releases. Run with {@code ./mvnw -Pbenchmark test}.
 */
class RoadBookScaleBenchmark extends IntegrationTest {

    private static final int LARGE = 500;
    private static final int SMALL = 5;
    private static final int RELEASES = 3;

    @Autowired
    FilterService filterService;

    /** The figures of one release. */
    private record Run(double planSeconds, double filterPage, double filterCount, double restPage, double restCount) {
    }

    @Test
    void roadBookOf500ChangesAgainst5() throws Exception {
        List<Run> large = new ArrayList<>();
        List<Run> small = new ArrayList<>();
        for (int i = 0; i < RELEASES; i++) {
            small.add(release(SMALL));
            large.add(release(LARGE));
        }
        List<String> lines = List.of(
                compare("plan-tasks-500-vs-5", large, small, Run::planSeconds),
                compare("tasklist-filter-page-500-vs-5", large, small, Run::filterPage),
                compare("tasklist-filter-count-500-vs-5", large, small, Run::filterCount),
                compare("rest-task-page-500-vs-5", large, small, Run::restPage),
                compare("rest-task-count-500-vs-5", large, small, Run::restCount));
        assertThat(lines).hasSize(5);
        startFromTheDemoAsOnFirstStart();
    }

    private Run release(int changes) throws Exception {
        startFromTheDemoAsOnFirstStart();
        Files.writeString(HOME.resolve("demo/inbox/road-book.md"), roadBook(changes));
        String releaseId = steps.start("marie", "gestan-1.1.zip", "1.1");

        String what = String.format("the %d tasks within 5 minutes", changes);
        try {
            await(what).atMost(Duration.ofSeconds(300)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .pollInSameThread().until(() -> taskService.createTaskQuery().processInstanceId(releaseId)
                            .taskDefinitionKey(Elements.VERIFY_CHANGE).count() >= changes);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("[" + what + "]", e);
        }
        Instant allThere = Instant.now();
        HistoricActivityInstance plan = historyService.createHistoricActivityInstanceQuery().processInstanceId(releaseId)
                .activityId(Elements.PLAN_VERIFICATIONS).singleResult();
        Date planStart = plan.getStartTime();
        double planSeconds = (allThere.toEpochMilli() - planStart.getTime()) / 1000.0;

        String filterId = filterService.createFilterQuery().filterName("Tâches de mes groupes").singleResult().getId();
        return new Run(planSeconds,
                BenchmarkReport.medianTime(5, 20, () -> filterPage(filterId, changes)),
                BenchmarkReport.medianTime(5, 20, () -> filterCount(filterId, changes)),
                BenchmarkReport.medianTime(5, 20, () -> restPage(changes)),
                BenchmarkReport.medianTime(5, 20, () -> restCount(changes)));
    }

    /** Tasklist's own request for the first page of a filter: HAL, with the filter's sorting. */
    private Object filterPage(String filterId, int changes) {
        Response page = client.as("theo").withHeader("Accept", "application/hal+json").post(
                "/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults=15",
                Map.of("sorting", List.of(Map.of("sortBy", "created", "sortOrder", "desc"))));
        assertThat(page.status()).isEqualTo(200);
        Map<?, ?> embedded = (Map<?, ?>) page.json(Map.class).get("_embedded");
        assertThat((List<?>) embedded.get("task")).hasSize(Math.min(15, changes));
        return page;
    }

    private Object filterCount(String filterId, int changes) {
        Response count = client.as("theo").post("/engine-rest/filter/" + filterId + "/count", Map.of());
        assertThat(count.status()).isEqualTo(200);
        assertThat(((Number) count.json(Map.class).get("count")).intValue()).isEqualTo(changes);
        return count;
    }

    private Object restPage(int changes) {
        Response page = client.as("theo").get("/engine-rest/task?candidateGroup="
                + Roles.TESTERS + "&sortBy=created&sortOrder=desc&firstResult=0&maxResults=15");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json(List.class)).hasSize(Math.min(15, changes));
        return page;
    }

    private Object restCount(int changes) {
        Response count = client.as("theo").get("/engine-rest/task/count?candidateGroup=" + Roles.TESTERS);
        assertThat(((Number) count.json(Map.class).get("count")).intValue()).isEqualTo(changes);
        return count;
    }

    private static String compare(String name, List<Run> ours, List<Run> baseline, java.util.function.ToDoubleFunction<Run> figure) {
        return BenchmarkReport.compare(name, BenchmarkReport.median(ours.stream().mapToDouble(figure).toArray()),
                BenchmarkReport.median(baseline.stream().mapToDouble(figure).toArray()));
    }

    /** A Markdown road book: version 1.1 with {@code changes} changes of realistic length over ten modules. */
    private static String roadBook(int changes) {
        StringBuilder text = new StringBuilder("# Road book Gestan (banc d'essai)\n\n## Version 1.1\n\n");
        for (int i = 1; i <= changes; i++) {
            text.append(String.format("- [BEN-%04d] (Module %d) Évolution n° %d : nouveau contrôle de saisie sur les "
                    + "pièces comptables, avec message d'erreur explicite%n", i, i % 10, i));
        }
        return text.toString();
    }
}
