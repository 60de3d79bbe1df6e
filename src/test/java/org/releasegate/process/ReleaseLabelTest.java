package org.releasegate.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a task names its release, and how the release's own pages name the task without it. */
class ReleaseLabelTest {

    private static final String KEY = "Version 1.1 — 24/11/2026 14:05";

    @Test
    void namesTheReleaseAndWhoStartedIt() {
        assertThat(new ReleaseLabel(KEY, "1.1", "marie").text()).isEqualTo(KEY + " (lancée par marie)");
        assertThat(new ReleaseLabel(KEY, "1.1", "marie").taskName("Vérifier la production"))
                .isEqualTo("Vérifier la production — " + KEY + " (lancée par marie)");
    }

    @Test
    void saysTheVersionWhenTheReleaseNoLongerInstallsTheOneItIsNamedAfter() {
        assertThat(new ReleaseLabel(KEY, "1.1.1", "marie").text()).isEqualTo(KEY + " (version 1.1.1, lancée par marie)");
        assertThat(new ReleaseLabel("Version 1.10 — 24/11/2026 14:05", "1.1", null).text())
                .isEqualTo("Version 1.10 — 24/11/2026 14:05 (version 1.1)");
        assertThat(new ReleaseLabel("REL-42", "1.1", "marie").text()).isEqualTo("REL-42 (version 1.1, lancée par marie)");
    }

    @Test
    void aReleaseWithoutNameIsNamedAfterItsVersion() {
        assertThat(new ReleaseLabel(null, "1.1", null).text()).isEqualTo("Version 1.1");
        assertThat(new ReleaseLabel(" ", null, "marie").text()).isEqualTo("Version ? (lancée par marie)");
    }

    @Test
    void aLongTaskNameIsShortenedNotItsRelease() {
        String name = new ReleaseLabel(KEY, "1.1", "marie").taskName("Vérifier GES-1101 — " + "x".repeat(400));

        assertThat(name).hasSize(ReleaseLabel.MAX_TASK_NAME).endsWith("…" + ReleaseLabel.SEPARATOR + KEY + " (lancée par marie)");
    }

    @Test
    void aHugeReleaseNameStillFitsTheEngine() {
        assertThat(new ReleaseLabel("R".repeat(300), "1.1", "marie").taskName("Vérifier la production"))
                .hasSize(ReleaseLabel.MAX_TASK_NAME).startsWith("Vérifier la production — RRR").endsWith("…");
    }

    @Test
    void theReleasesOwnPagesNameTheTaskWithoutIt() {
        String named = new ReleaseLabel(KEY, "1.1.1", "marie").taskName("Vérifier GES-1101 — Pénalités");

        assertThat(ReleaseLabel.withoutRelease(named, KEY)).isEqualTo("Vérifier GES-1101 — Pénalités");
        assertThat(ReleaseLabel.withoutRelease("Vérifier la production", KEY)).as("named before").isEqualTo(
                "Vérifier la production");
        assertThat(ReleaseLabel.withoutRelease(new ReleaseLabel(null, "1.1", null).taskName("Vérifier la production"),
                null)).isEqualTo("Vérifier la production");
    }
}
