package org.releasegate.report;

import java.util.List;

import org.releasegate.message.Messages;

/**
 * The view of every release: which one holds the environments (one release at a time), then each release, newest
 * first — where it stands, who holds its open tasks, what is late, production's downtime, its outcome — with its
 * page, report and traceability exports one click away.
 */
final class ReleasesPage {

    private ReleasesPage() {
    }

    static String render(List<ReleaseStatus> releases, String basePath, ReleasePages pages) {
        Xhtml page = pages.open(Messages.text("releases.title"));
        page.element("h1", Messages.text("releases.title"));
        queue(page, releases.stream().filter(ReleaseStatus::running).toList(), pages);
        page.element("p", releases.isEmpty() ? Messages.text("releases.none")
                : Messages.text("releases.count", releases.size(), ReleaseOverview.LISTED, pages.zoneNote()));
        page.open("table").headerRow(Messages.text("releases.column.release"), Messages.text("releases.column.version"), Messages.text("releases.column.started-by"), Messages.text("releases.column.start"),
                Messages.text("releases.column.end"), Messages.text("releases.column.where"), Messages.text("releases.column.holder"), Messages.text("releases.column.late"),
                Messages.text("releases.column.downtime"), Messages.text("releases.column.outcome"), Messages.text("releases.column.documents"));
        for (ReleaseStatus release : releases) {
            String id = release.release().getId();
            String view = basePath + "/releases/" + id;
            List<ReleaseStatus.OpenTask> late = release.lateTasks(pages.now());
            page.open("tr").open("td").element("a", release.name(), "href", view).close("td")
                    .td(release.targetVersion(), "by")
                    .td(release.release().getStartUserId(), "by")
                    .td(pages.when(release.release().getStartTime()), "when")
                    .td(pages.when(release.release().getEndTime()), "when")
                    .td(ReleasePages.steps(release.currentSteps()), "state")
                    .td(release.openTasks().isEmpty() ? null : release.openTasks().stream()
                            .map(ReleasePages::holder).distinct().reduce((a, b) -> a + "\n" + b).orElse(null), "state")
                    .td(late.isEmpty() ? null : Messages.text("releases.late-tasks", late.size(), late.stream()
                            .map(ReleaseStatus.OpenTask::name).reduce((a, b) -> a + ", " + b).orElse("")),
                            late.isEmpty() ? null : "late")
                    .td(pages.downtime(release), "when")
                    .td(release.outcome(), "outcome");
            links(page.open("td"), basePath, id).close("td").close("tr");
        }
        page.close("table");
        return ReleasePages.close(page);
    }

    /** Links to a release's page, report and exports. */
    static Xhtml links(Xhtml page, String basePath, String id) {
        String report = basePath + "/reports/" + id;
        String exports = basePath + "/releases/" + id + "/tracabilite";
        return page.element("a", Messages.text("releases.link.follow"), "href", basePath + "/releases/" + id).text(" · ")
                .element("a", Messages.text("releases.link.report"), "href", report).text(" (")
                .element("a", "PDF", "href", report + ".pdf").text(") · " + Messages.text("releases.link.traceability") + " ")
                .element("a", "CSV", "href", exports + ".csv").text(" · ")
                .element("a", "Excel", "href", exports + ".xlsx").text(" · ")
                .element("a", "JUnit", "href", exports + ".xml");
    }

    /** One release at a time: the running one holds the test server and production until it ends. */
    private static void queue(Xhtml page, List<ReleaseStatus> running, ReleasePages pages) {
        if (running.isEmpty()) {
            page.element("p", Messages.text("releases.queue.free"), "class", "queue");
            return;
        }
        ReleaseStatus holder = running.get(running.size() - 1);
        StringBuilder text = new StringBuilder(holder.release().getStartUserId() == null
                ? Messages.text("releases.queue.busy", holder.name(), pages.when(holder.release().getStartTime()))
                : Messages.text("releases.queue.busy-by", holder.name(), holder.release().getStartUserId(), pages.when(holder.release().getStartTime())));
        if (running.size() > 1) {
            text.append(Messages.text("releases.queue.several", running.size()));
        }
        page.element("p", text.toString(), "class", "queue busy");
    }
}
