package org.releasegate.workaround;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.workaround.Workaround.Decision;
import org.releasegate.workaround.Workaround.Status;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** The register on a real H2 database with the application's schema. */
class WorkaroundRepositoryTest {

    private static final LocalDate REVIEW = LocalDate.of(2031, 6, 30);
    private static final Instant DECIDED = Instant.parse("2030-11-24T14:05:00Z");

    private WorkaroundRepository workarounds;

    @BeforeEach
    void database() {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
                "jdbc:h2:mem:workarounds-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("schema.sql")).execute(dataSource);
        workarounds = new WorkaroundRepository(new JdbcTemplate(dataSource));
    }

    private long decide(String release, Decision decision, String description) {
        return workarounds.record(new Workaround.Decided(release, decision, "Version 1.1 — 24/11/2030 14:05", "1.1",
                "GES-1102 (non conforme)", description, REVIEW, "marie", DECIDED));
    }

    @Test
    void recordsEverythingTheDecisionSays() {
        long id = decide("release-a", Decision.FAILURE, "Saisie manuelle du pays");

        assertThat(workarounds.find(id)).get().isEqualTo(new Workaround(id, "release-a", Decision.FAILURE,
                "Version 1.1 — 24/11/2030 14:05", "1.1", "GES-1102 (non conforme)", "Saisie manuelle du pays", REVIEW,
                "marie", DECIDED, Status.OPEN, null, null, null, null, null));
        assertThat(workarounds.find(id).orElseThrow().itemId()).isEqualTo("CONTOURNEMENT-" + id);
        assertThat(Workaround.idOfItem("CONTOURNEMENT-" + id)).contains(id);
        assertThat(Workaround.idOfItem("GES-1102")).isEmpty();
    }

    @Test
    void sameDecisionTakenAgainInAReleaseReplacesTheEarlierOne() {
        long first = decide("release-a", Decision.FAILURE, "Saisie manuelle");
        long again = decide("release-a", Decision.FAILURE, "Import corrigé à la main");
        long inProduction = decide("release-a", Decision.ROLLBACK, "Export de nuit");

        assertThat(again).isEqualTo(first);
        assertThat(inProduction).isNotEqualTo(first);
        assertThat(workarounds.list(Optional.empty())).extracting(Workaround::description)
                .containsExactly("Import corrigé à la main", "Export de nuit");
    }

    @Test
    void laterReleasesSeeOpenWorkaroundsOfOtherReleasesOnly() {
        long a = decide("release-a", Decision.FAILURE, "A");
        long b = decide("release-b", Decision.ROLLBACK, "B");

        assertThat(workarounds.openFromOtherReleases("release-a")).extracting(Workaround::id).containsExactly(b);
        assertThat(workarounds.openFromOtherReleases("release-c")).extracting(Workaround::id).containsExactly(a, b);
    }

    @Test
    void fixVerifiedClosesOnlyWhenThatReleaseReachesProduction() {
        long id = decide("release-a", Decision.FAILURE, "A");
        workarounds.fixVerified(id, "release-b", "theo", DECIDED.plusSeconds(60));

        assertThat(workarounds.find(id).orElseThrow().status()).isEqualTo(Status.OPEN);
        assertThat(workarounds.closeFixedIn("release-c", DECIDED, "autre")).isZero();
        assertThat(workarounds.closeFixedIn("release-b", DECIDED.plusSeconds(120), "corrigé")).isOne();

        Workaround closed = workarounds.find(id).orElseThrow();
        assertThat(closed.status()).isEqualTo(Status.CLOSED);
        assertThat(closed.fixVerifiedBy()).isEqualTo("theo");
        assertThat(closed.closedAt()).isEqualTo(DECIDED.plusSeconds(120));
        assertThat(closed.closingNote()).isEqualTo("corrigé");
        assertThat(workarounds.list(Optional.of(Status.OPEN))).isEmpty();
        assertThat(workarounds.list(Optional.of(Status.CLOSED))).extracting(Workaround::id).containsExactly(id);
    }

    @Test
    void fixVerifiedInAReleaseThatNeverReachesProductionIsForgotten() {
        long id = decide("release-a", Decision.FAILURE, "A");
        workarounds.fixVerified(id, "release-b", "theo", DECIDED);
        workarounds.forgetFixVerifiedIn("release-b");

        assertThat(workarounds.closeFixedIn("release-b", DECIDED, "corrigé")).isZero();
        assertThat(workarounds.find(id).orElseThrow()).satisfies(workaround -> {
            assertThat(workaround.status()).isEqualTo(Status.OPEN);
            assertThat(workaround.fixVerifiedIn()).isNull();
        });
    }

    @Test
    void workaroundOfAnAbandonedReleaseIsClosedAsNeverInForce() {
        long abandoned = decide("release-a", Decision.FAILURE, "A");
        long other = decide("release-b", Decision.FAILURE, "B");

        assertThat(workarounds.closeDecidedIn("release-a", DECIDED, "sans objet")).isOne();
        assertThat(workarounds.find(abandoned).orElseThrow().status()).isEqualTo(Status.CLOSED);
        assertThat(workarounds.find(other).orElseThrow().status()).isEqualTo(Status.OPEN);
    }

    @Test
    void keptOpenWorkaroundGetsItsNewReviewDate() {
        long id = decide("release-a", Decision.FAILURE, "A");
        workarounds.fixVerified(id, "release-b", "theo", DECIDED);
        workarounds.keepOpen(id, REVIEW.plusMonths(3));

        assertThat(workarounds.find(id).orElseThrow()).satisfies(workaround -> {
            assertThat(workaround.reviewDate()).isEqualTo(REVIEW.plusMonths(3));
            assertThat(workaround.fixVerifiedIn()).isNull();
            assertThat(workaround.status()).isEqualTo(Status.OPEN);
        });
    }

    @Test
    void longTextsAreCutToTheirColumns() {
        long id = workarounds.record(new Workaround.Decided("release-a", Decision.FAILURE, "R", "1.1",
                "x".repeat(5000), "d".repeat(5000), REVIEW, "marie", DECIDED));
        assertThat(workarounds.find(id).orElseThrow().description()).hasSize(4000).endsWith("…");
    }
}
