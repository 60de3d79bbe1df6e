package org.releasegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a person reads on the release report page, from a record made by hand. */
class ReportPageTest {

    private final String page = ReportPage.render(SampleRecords.release());
    /** The page as read: without its embedded record (the machine's copy, which keeps the zone's identifier). */
    private final String read = page.replaceAll("(?s)<script.*?</script>", "");

    @Test
    void theHoursAreThoseOfACityNotAZoneIdentifier() {
        assertThat(read).contains("Rapport établi le 02/03/2026 10:40:00 par paul ; heure de Paris.")
                .doesNotContain("Europe/Paris").doesNotContain("heures en");
    }

    @Test
    void theLabelsOfVariablesChoicesAndVerdictsAreTheBundlesFrench() {
        assertThat(read).contains("Version cible").contains("Contournement (mode alternatif)")
                .contains("Non conforme").contains("Archive des données de production")
                .doesNotContain("report.variable.").doesNotContain("report.choice.").doesNotContain("workaround");
    }
}
