package org.releasegate.report;

import java.util.List;

import org.releasegate.message.Messages;
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
        Xhtml page = pages.open(Messages.text("releases.release.title", release.name()));
        page.open("nav", "class", "links").element("a", Messages.text("releases.release.back"), "href", basePath + "/releases")
                .close("nav");
        page.element("h1", Messages.text("releases.column.release")).element("p", release.name(), "class", "release-name");
        page.open("table", "class", "summary");
        row(page, Messages.text("releases.column.outcome"), release.outcome(), "outcome");
        row(page, Messages.text("releases.release.target-version"), release.targetVersion(), null);
        row(page, Messages.text("releases.column.started-by"), Messages.text("releases.release.started-by-when", (release.release().getStartUserId() == null ? "—" : release.release().getStartUserId()), pages.when(release.release().getStartTime())), null);
        row(page, Messages.text("releases.release.ended-at"), release.running() ? Messages.text("releases.release.running") : pages.when(release.release().getEndTime()), null);
        row(page, Messages.text("releases.column.where"), ReleasePages.steps(release.currentSteps()), "state");
        row(page, Messages.text("releases.column.downtime"), pages.downtime(release), null);
        page.open("tr").element("th", Messages.text("releases.column.documents")).open("td");
        ReleasesPage.links(page, basePath, release.release().getId()).close("td").close("tr");
        page.close("table");

        openTasks(page, release, pages);
        matrix(page, matrix);
        page.element("p", Messages.text("releases.release.dates", pages.zoneNote()));
        return ReleasePages.close(page);
    }

    private static void openTasks(Xhtml page, ReleaseStatus release, ReleasePages pages) {
        page.element("h2", Messages.text("releases.tasks"));
        if (release.openTasks().isEmpty()) {
            page.element("p", release.running() ? Messages.text("releases.tasks.none-running") : Messages.text("releases.tasks.none-ended"));
            return;
        }
        page.open("table").headerRow(Messages.text("releases.tasks.task"), Messages.text("releases.column.holder"), Messages.text("releases.tasks.created"), Messages.text("releases.tasks.due"));
        for (ReleaseStatus.OpenTask task : release.openTasks()) {
            boolean late = task.lateAt(pages.now());
            page.open("tr").td(task.name(), null).td(ReleasePages.holder(task), "by")
                    .td(pages.when(task.created()), "when")
                    .td(task.due() == null ? null : pages.when(task.due()) + (late ? Messages.text("releases.tasks.late") : ""),
                            late ? "late" : "when")
                    .close("tr");
        }
        page.close("table");
    }

    private static void matrix(Xhtml page, TraceabilityMatrix matrix) {
        page.element("h2", Messages.text("releases.matrix"));
        if (matrix.rows().isEmpty()) {
            page.element("p", Messages.text("releases.matrix.none"));
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
            page.element("p", Messages.text("releases.matrix.release-workaround", TraceabilityMatrix.describe(workaround)));
        }
    }

    private static void row(Xhtml page, String label, String value, String valueClass) {
        page.open("tr").element("th", label).element("td", value == null ? "—" : value, "class", valueClass).close("tr");
    }
}
