package org.releasegate.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.releasegate.workaround.Workaround;

/** The final acceptance shows what it accepts: each round's verdicts, their evidence, the workarounds, the installer. */
class AcceptanceSummaryTest {

    private static final Instant NOW = Instant.parse("2026-03-12T13:05:00Z");

    @Test
    void theSummaryListsEveryRoundOfEveryItemTheWorkaroundsTheInstallerAndTheReport() {
        List<Verdict> verdicts = List.of(
                verdict(1, Verdict.ItemKind.CHANGE, "GES-1102", "Champ pays", Verdict.Outcome.KO, "Le pays [manque]", "t1"),
                verdict(1, Verdict.ItemKind.STRATEGIC_PROCESS, "facturation", "Facturation", Verdict.Outcome.OK, null, "t2"),
                verdict(2, Verdict.ItemKind.CHANGE, "GES-1102", "Champ pays", Verdict.Outcome.OK, null, "t3"),
                verdict(2, Verdict.ItemKind.STRATEGIC_PROCESS, "facturation", "Facturation", Verdict.Outcome.BLOCKED,
                        "Imprimante absente", "t4"));

        String summary = AcceptanceSummary.markdown(new AcceptanceSummary.Facts("release-7", "gestan-1.1.1.zip", "1.1.1",
                verdicts, verdict -> verdict.taskId().equals("t1")
                ? List.of(new AcceptanceSummary.Evidence("fiche_client.png", "../../../api/engine/engine/default/task/t1/attachment/a1/data"))
                : List.of(), List.of(workaround())));

        assertThat(summary).contains("gestan-1.1.1.zip (version 1.1.1)");
        assertThat(summary).contains("- **GES-1102 (1.1) — Champ pays** : tour 1 **Non conforme** (theo : « Le pays "
                + "\\[manque\\] » ; preuves : [fiche\\_client.png](../../../api/engine/engine/default/task/t1/attachment/a1/data))"
                + " ; tour 2 Conforme (theo)");
        assertThat(summary).contains("- **Processus « Facturation »** : tour 1 Conforme (theo) ; tour 2 **Bloqué** (theo : "
                + "« Imprimante absente »)");
        assertThat(summary).contains("- Impression depuis le poste comptable (pour facturation (bloqué)) — décidé par marie, "
                + "revue le 30/06/2026");
        assertThat(summary).endsWith("[Rapport de la mise en production](../../../../reports/release-7) : chaque "
                + "vérification en entier, ses preuves et leurs empreintes.");
    }

    @Test
    void aLongListStaysWithinATextVariableAndStillLinksTheReport() {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            verdicts.add(verdict(1, Verdict.ItemKind.CHANGE, "GES-" + i, "Évolution " + i, Verdict.Outcome.KO,
                    "x".repeat(1000), "t" + i));
        }

        String summary = AcceptanceSummary.markdown(new AcceptanceSummary.Facts("release-7", null, null, verdicts,
                verdict -> List.of(), List.of()));

        assertThat(summary.length()).isLessThanOrEqualTo(AcceptanceSummary.MAX_LENGTH);
        assertThat(summary).contains("- … la suite est dans le rapport.").contains("(../../../../reports/release-7)");
    }

    private static Verdict verdict(int round, Verdict.ItemKind kind, String id, String title, Verdict.Outcome outcome,
                                   String comment, String taskId) {
        return new Verdict("release-7", round, kind, id, kind == Verdict.ItemKind.CHANGE ? "1.1" : null, title, outcome,
                comment, "theo", taskId, NOW);
    }

    private static Workaround workaround() {
        return new Workaround(3, "release-7", Workaround.Decision.FAILURE, "Version 1.1", "1.1", "facturation (bloqué)",
                "Impression depuis le poste comptable", LocalDate.of(2026, 6, 30), "marie", NOW,
                Workaround.Status.OPEN, null, null, null, null, null);
    }
}
