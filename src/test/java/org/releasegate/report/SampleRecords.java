package org.releasegate.report;

import static org.releasegate.process.ReleasePolicy.Vars.*;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.verification.Verdict;

/** A small release record made by hand, for tests that need no engine. */
final class SampleRecords {

    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final String KO_COMMENT = "Les pénalités n'apparaissent pas </script><b>en gras</b> & co";

    private SampleRecords() {
    }

    static ReleaseRecord release() {
        List<Fact> facts = List.of(
                Fact.of(EntryKind.RELEASE).with(Fields.ID, "pi-1").with(Fields.NAME, "Version 1.1 — 02/03/2026 09:00")
                        .with(Fields.DEFINITION, "Politique de mise en production (version 1)")
                        .with(Fields.STARTED_BY, "marie").with(Fields.STARTED_AT, START)
                        .with(Fields.ENDED_AT, START.plusSeconds(5400)).with(Fields.OUTCOME, "Version en production")
                        .with(TARGET_VERSION.name(), "1.1").with(PREVIOUS_PRODUCTION_VERSION.name(), "1.0")
                        .with(PRODUCTION_VERSION.name(), "1.1").with(INSTALLER_SHA256.name(), "ab".repeat(32))
                        .with(DATA_ARCHIVE_ID.name(), "production-data-1.0-x").with(DATA_ARCHIVE_SHA256.name(), "cd".repeat(32))
                        .build(),
                Fact.of(EntryKind.STEP).with(Fields.ACTIVITY_ID, Elements.COPY_PRODUCTION_DATA)
                        .with(Fields.NAME, "Copier les données de production vers le test").with(Fields.BY, ReportLabels.AUTOMATED)
                        .with(Fields.STARTED_AT, START.plusSeconds(1)).with(Fields.ENDED_AT, START.plusSeconds(75))
                        .with(Fields.DURATION_MS, 74_000).build(),
                Fact.of(EntryKind.STEP).with(Fields.ACTIVITY_ID, Elements.VERIFY_STRATEGIC_PROCESS)
                        .with(Fields.NAME, "Vérifier le processus « Commande → livraison → facture »").with(Fields.BY, "karim")
                        .with(Fields.STARTED_AT, START.plusSeconds(80)).with(Fields.ENDED_AT, START.plusSeconds(1800))
                        .with(Fields.DURATION_MS, 1_720_000).build(),
                Fact.of(EntryKind.VERDICT).with(Fields.ROUND, 1).with(Fields.ITEM_KIND, Verdict.ItemKind.CHANGE.name())
                        .with(Fields.ITEM_ID, "GES-1101").with(Fields.ITEM_VERSION, "1.1")
                        .with(Fields.ITEM_TITLE, "Mention des pénalités").with(Fields.VERDICT, Verdict.Outcome.KO.name())
                        .with(Fields.COMMENT, KO_COMMENT).with(Fields.BY, "theo").with(Fields.AT, START.plusSeconds(900)).build(),
                Fact.of(EntryKind.VERDICT).with(Fields.ROUND, 1).with(Fields.ITEM_KIND, Verdict.ItemKind.STRATEGIC_PROCESS.name())
                        .with(Fields.ITEM_ID, "paie").with(Fields.ITEM_TITLE, "Paie").with(Fields.VERDICT, Verdict.Outcome.OK.name())
                        .with(Fields.BY, "karim").with(Fields.AT, START.plusSeconds(950)).build(),
                Fact.of(EntryKind.DECISION).with(Fields.STEP, "Décider suite aux anomalies").with(Fields.BY, "marie")
                        .with(Fields.AT, START.plusSeconds(2000)).with(FAILURE_DECISION.name(), Choices.WORKAROUND)
                        .with(DECISION_COMMENT.name(), "Mineur").with(WORKAROUND_DESCRIPTION.name(), "Mention ajoutée à la main")
                        .build(),
                Fact.of(EntryKind.EVIDENCE).with(Fields.STEP, "Archiver les données de production").with(Fields.BY, ReportLabels.AUTOMATED)
                        .with(Fields.AT, START.plusSeconds(3000)).with(DATA_ARCHIVE_ID.name(), "production-data-1.0-x")
                        .with(DATA_ARCHIVE_SHA256.name(), "cd".repeat(32)).build());
        return ReleaseRecord.seal("pi-1", facts, START.plusSeconds(6000), "paul", ZoneId.of("Europe/Paris"));
    }
}
