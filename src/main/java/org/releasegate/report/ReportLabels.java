package org.releasegate.report;

import static org.releasegate.process.ReleasePolicy.Vars.*;

import java.util.HashMap;
import java.util.Map;

import org.releasegate.process.ProcessVariable;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.verification.Verdict;

/** The French words of the report. */
final class ReportLabels {

    /** Who does the automated steps. */
    static final String AUTOMATED = "Release Gate";

    private static final Map<String, String> VARIABLES = new HashMap<>();
    private static final Map<String, String> CHOICES = new HashMap<>();
    private static final Map<String, String> VERDICTS = Map.of(
            Verdict.Outcome.OK.name(), "Conforme",
            Verdict.Outcome.KO.name(), "Non conforme",
            Verdict.Outcome.BLOCKED.name(), "Bloqué");

    static {
        label(TARGET_VERSION, "Version cible");
        label(RELEASE_KIND, "Nature de la version");
        label(POLICY_LEVEL, "Politique");
        label(INSTALLER_PACKAGE, "Programme d'installation");
        label(ROAD_BOOK, "Road book");
        label(PRODUCTION_WINDOW, "Fenêtre de mise en production");
        label(PREVIOUS_PRODUCTION_VERSION, "Version en production avant");
        label(TEST_VERSION, "Version installée en test");
        label(PRODUCTION_VERSION, "Version en production après");
        label(TESTED_INSTALLER_PACKAGE, "Programme d'installation testé");
        label(INSTALLER_SHA256, "SHA-256 du programme testé");
        label(TEST_DATA_DIGEST, "SHA-256 des données copiées en test");
        label(BASE_DATA_ARCHIVE_ID, "Archive complète des données (avant la fenêtre)");
        label(BASE_DATA_ARCHIVE_SHA256, "SHA-256 de l'archive complète");
        label(DOWNTIME_ESTIMATE, "Interruption estimée");
        label(PRODUCTION_CLONE, "Clone des données de production (fenêtre)");
        label(PRODUCTION_CLONE_SHA256, "Empreinte des lignes du clone");
        label(CLONE_REPORT, "Clone et sa vérification");
        label(DATA_ARCHIVE_ID, "Archive des données de production");
        label(DATA_ARCHIVE_SHA256, "SHA-256 de l'archive des données");
        label(INSTALLER_ARCHIVE_ID, "Archive du programme d'installation");
        label(INSTALLER_ARCHIVE_SHA256, "SHA-256 de l'archive du programme");
        label(PRE_RESTORE_ARCHIVE_ID, "Archive de la production avant restauration");
        label(HEALTHY, "Contrôle de santé");
        label(DRILL_REPORT, "Exercice de restauration");
        label(ROLLBACK_COST, "Ce qu'une restauration ferait perdre");
        label(INSTALL_LOG, "Journal de l'installeur de l'éditeur");
        label(FAILURE_REASON, "Motif de l'échec");
        label(FAILURE_DECISION, "Décision");
        label(SETUP_FAILURE_DECISION, "Décision");
        label(PREPARATION_FAILURE_DECISION, "Décision");
        label(CLONE_ARCHIVE_DECISION, "Décision sur l'archivage du clone");
        label(ACCEPTANCE_DECISION, "Recette définitive");
        label(ROLLBACK_IMPOSSIBLE_ACCEPTED, "Mise en production acceptée sans retour arrière possible");
        label(PRODUCTION_VERDICT, "Production");
        label(RESTORED_PRODUCTION_VERDICT, "Production restaurée");
        label(RESTORED_PRODUCTION_COMMENT, "Constat sur la production restaurée");
        label(ROLLBACK_DECISION, "Décision");
        label(FIX_REFERENCE, "Référence de la correction");
        label(DECISION_COMMENT, "Motif");
        label(WORKAROUND_DESCRIPTION, "Contournement");
        label(WORKAROUND_REVIEW_DATE, "Date de revue du contournement");
        label(ACCEPTANCE_COMMENT, "Commentaire");
        label(PRODUCTION_COMMENT, "Commentaire");
        label(ROLLBACK_COMMENT, "Motif");
        label(EMERGENCY, "Urgence déclarée (sans passer par le test)");
        label(EMERGENCY_REASON, "Motif de l'urgence");
        label(EMERGENCY_APPROVAL, "Urgence (second responsable)");
        label(EMERGENCY_COMMENT, "Motif");

        CHOICES.put(Choices.URGENT_FIX, "Correction urgente demandée à l'éditeur");
        CHOICES.put(Choices.WORKAROUND, "Contournement (mode alternatif)");
        CHOICES.put(Choices.ABANDON, "Abandon de la mise en production");
        CHOICES.put(Choices.RETRY, "Nouvel essai");
        CHOICES.put(Choices.RESTORE, "Remise en fonction de la version archivée");
        CHOICES.put(Choices.ACCEPTED, "Prononcée");
        CHOICES.put(Choices.REFUSED, "Refusée");
        CHOICES.put(Choices.PRODUCTION_OK, "Conforme");
        CHOICES.put(Choices.PRODUCTION_KO, "Non conforme");
        CHOICES.put(Choices.APPROVED, "Approuvée");
        CHOICES.put("major", "Majeure");
        CHOICES.put("minor", "Mineure");
        CHOICES.put("patch", "Correctif");
        CHOICES.put("strict", "Stricte");
        CHOICES.put("standard", "Standard");
        CHOICES.put("minimal", "Minimale");
    }

    private ReportLabels() {
    }

    static String variable(String name) {
        return VARIABLES.getOrDefault(name, name);
    }

    /** A variable's value as people read it: the label of a choice, "conforme" for a passed health check. */
    static String value(String name, String value) {
        if (HEALTHY.name().equals(name)) {
            return Boolean.parseBoolean(value) ? "Conforme" : "Non conforme";
        }
        return CHOICES.getOrDefault(value, value);
    }

    static String verdict(String outcome) {
        return VERDICTS.getOrDefault(outcome, outcome);
    }

    static String itemKind(String kind) {
        for (Verdict.ItemKind known : Verdict.ItemKind.values()) {
            if (known.name().equals(kind)) {
                return known.label();
            }
        }
        return Verdict.ItemKind.CHANGE.label();
    }

    static String entryKind(EntryKind kind) {
        return switch (kind) {
            case RELEASE -> "mise en production";
            case STEP -> "étape";
            case INCIDENT -> "incident";
            case VERDICT -> "vérification";
            case ATTACHMENT -> "pièce jointe";
            case DECISION -> "décision";
            case EVIDENCE -> "résultat";
            case INTERVENTION -> "intervention d'administrateur";
            case SEAL -> "sceau";
        };
    }

    private static void label(ProcessVariable<?> variable, String label) {
        VARIABLES.put(variable.name(), label);
    }
}
