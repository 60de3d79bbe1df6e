package org.releasegate.report;

import java.util.List;

import org.releasegate.traceability.TraceRow;
import org.releasegate.traceability.TraceabilityMatrix;
import org.releasegate.workaround.Workaround;

/**
 * The page of one release in the view: where it stands, its open tasks and who holds them (late ones marked), its
 * downtime and outcome, links to its report and exports, and its traceability matrix — every change and strategic
 * process, round by round, with the verdict, who gave it, the evidence and its SHA-256, and the workaround.
 */
final class ReleasePage {

    private ReleasePage() {
    }

    static String render(ReleaseStatus release, TraceabilityMatrix matrix, String basePath, ReleasePages pages) {
        Xhtml page = pages.open("Mise en production — " + release.name());
        page.open("nav", "class", "links").element("a", "← Toutes les mises en production", "href", basePath + "/releases")
                .close("nav");
        page.element("h1", "Mise en production").element("p", release.name(), "class", "release-name");
        page.open("table", "class", "summary");
        row(page, "Issue", release.outcome(), "outcome");
        row(page, "Version cible", release.targetVersion(), null);
        row(page, "Démarrée par", (release.release().getStartUserId() == null ? "—" : release.release().getStartUserId())
                + ", le " + pages.when(release.release().getStartTime()), null);
        row(page, "Terminée le", release.running() ? "en cours" : pages.when(release.release().getEndTime()), null);
        row(page, "Où elle en est", ReleasePages.steps(release.currentSteps()), "state");
        row(page, "Interruption de la production", pages.downtime(release), null);
        page.open("tr").element("th", "Documents").open("td");
        ReleasesPage.links(page, basePath, release.release().getId()).close("td").close("tr");
        page.close("table");

        openTasks(page, release, pages);
        matrix(page, matrix);
        page.element("p", "Dates et " + pages.zoneNote() + ".");
        return ReleasePages.close(page);
    }

    private static void openTasks(Xhtml page, ReleaseStatus release, ReleasePages pages) {
        page.element("h2", "Tâches ouvertes");
        if (release.openTasks().isEmpty()) {
            page.element("p", release.running() ? "Aucune : la mise en production est entre les mains de Release Gate "
                    + "(étapes automatiques) ou attend une échéance." : "Aucune : la mise en production est terminée.");
            return;
        }
        page.open("table").headerRow("Tâche", "Qui a la main", "Créée le", "Échéance");
        for (ReleaseStatus.OpenTask task : release.openTasks()) {
            boolean late = task.lateAt(pages.now());
            page.open("tr").td(task.name(), null).td(ReleasePages.holder(task), "by")
                    .td(pages.when(task.created()), "when")
                    .td(task.due() == null ? null : pages.when(task.due()) + (late ? " — en retard" : ""),
                            late ? "late" : "when")
                    .close("tr");
        }
        page.close("table");
    }

    private static void matrix(Xhtml page, TraceabilityMatrix matrix) {
        page.element("h2", "Matrice de traçabilité");
        if (matrix.rows().isEmpty()) {
            page.element("p", "Aucune vérification enregistrée pour l'instant.");
        } else {
            page.open("table").headerRow(TraceabilityMatrix.HEADERS.toArray(String[]::new));
            for (TraceRow row : matrix.rows()) {
                List<String> cells = matrix.cells(row);
                page.open("tr");
                for (int column = 0; column < cells.size(); column++) {
                    String cell = cells.get(column);
                    page.td(cell.isEmpty() ? null : cell, switch (column) {
                        case 0 -> "n";
                        case 4 -> "verdict-" + row.outcome().name();
                        case 7 -> "when";
                        case 9 -> "hash";
                        default -> "text";
                    });
                }
                page.close("tr");
            }
            page.close("table");
        }
        for (Workaround workaround : matrix.releaseWorkarounds()) {
            page.element("p", "Contournement de la mise en production " + TraceabilityMatrix.describe(workaround) + ".");
        }
    }

    private static void row(Xhtml page, String label, String value, String valueClass) {
        page.open("tr").element("th", label).element("td", value == null ? "—" : value, "class", valueClass).close("tr");
    }
}
