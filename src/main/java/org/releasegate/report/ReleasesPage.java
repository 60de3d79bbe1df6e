package org.releasegate.report;

import java.util.List;

/**
 * The view of every release: which one holds the environments (one release at a time), then each release, newest
 * first — where it stands, who holds its open tasks, what is late, production's downtime, its outcome — with its
 * page, report and traceability exports one click away.
 */
final class ReleasesPage {

    private ReleasesPage() {
    }

    static String render(List<ReleaseStatus> releases, String basePath, ReleasePages pages) {
        Xhtml page = pages.open("Mises en production");
        page.element("h1", "Mises en production");
        queue(page, releases.stream().filter(ReleaseStatus::running).toList(), pages);
        page.element("p", releases.isEmpty() ? "Aucune mise en production pour l'instant."
                : releases.size() + " mise(s) en production, la plus récente en premier (au plus " + ReleaseOverview.LISTED
                + ") ; " + pages.zoneNote() + ".");
        page.open("table").headerRow("Mise en production", "Version", "Démarrée par", "Début", "Fin",
                "Où elle en est", "Qui a la main", "En retard", "Interruption de la production", "Issue", "Documents");
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
                    .td(late.isEmpty() ? null : late.size() + " tâche(s) : " + late.stream()
                            .map(ReleaseStatus.OpenTask::name).reduce((a, b) -> a + ", " + b).orElse(""),
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
        return page.element("a", "Suivi", "href", basePath + "/releases/" + id).text(" · ")
                .element("a", "Rapport", "href", report).text(" (")
                .element("a", "PDF", "href", report + ".pdf").text(") · Traçabilité : ")
                .element("a", "CSV", "href", exports + ".csv").text(" · ")
                .element("a", "Excel", "href", exports + ".xlsx").text(" · ")
                .element("a", "JUnit", "href", exports + ".xml");
    }

    /** One release at a time: the running one holds the test server and production until it ends. */
    private static void queue(Xhtml page, List<ReleaseStatus> running, ReleasePages pages) {
        if (running.isEmpty()) {
            page.element("p", "Serveur de test et production libres : une mise en production peut démarrer.", "class",
                    "queue");
            return;
        }
        ReleaseStatus holder = running.get(running.size() - 1);
        StringBuilder text = new StringBuilder("Serveur de test et production occupés par « " + holder.name() + " »")
                .append(holder.release().getStartUserId() == null ? "" : ", lancée par " + holder.release().getStartUserId())
                .append(" le ").append(pages.when(holder.release().getStartTime()))
                .append(" : une autre mise en production est refusée au démarrage jusqu'à sa fin (une seule à la fois).");
        if (running.size() > 1) {
            text.append(" Attention : ").append(running.size()).append(" mises en production en cours (démarrées par "
                    + "un administrateur) ; elles se partagent les mêmes environnements.");
        }
        page.element("p", text.toString(), "class", "queue busy");
    }
}
