package org.releasegate.report;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;

/** The page that lists releases, running and past, with links to their reports. */
final class ReleaseListPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private ReleaseListPage() {
    }

    static String render(List<ReleaseReports.Listed> releases, String basePath, ZoneId zone) {
        Xhtml page = new Xhtml();
        page.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\" xml:lang=\"fr\">\n<head>\n")
                .raw("<meta charset=\"UTF-8\"/>\n").element("title", "Rapports de mise en production")
                .raw("<style>\n").raw(ReportPage.css()).raw("</style>\n</head>\n<body>\n")
                .element("h1", "Rapports de mise en production")
                .element("p", releases.isEmpty() ? "Aucune mise en production pour l'instant."
                        : releases.size() + " mise(s) en production, la plus récente en premier ; heures en " + zone.getId() + ".");
        page.open("table").headerRow("Mise en production", "Issue", "Démarrée par", "Début", "Fin", "Rapport");
        for (ReleaseReports.Listed listed : releases) {
            String id = listed.release().getId();
            String report = basePath + "/reports/" + id;
            page.open("tr").open("td")
                    .element("a", listed.release().getBusinessKey() == null ? id : listed.release().getBusinessKey(), "href", report)
                    .close("td")
                    .element("td", listed.outcome(), "class", "outcome")
                    .element("td", listed.release().getStartUserId() == null ? "—" : listed.release().getStartUserId())
                    .element("td", when(listed.release().getStartTime(), zone))
                    .element("td", when(listed.release().getEndTime(), zone))
                    .open("td").element("a", "Page", "href", report).text(" · ")
                    .element("a", "PDF", "href", report + ".pdf").text(" · ")
                    .element("a", "Télécharger", "href", report + ".html").close("td")
                    .close("tr");
        }
        page.close("table").raw("</body>\n</html>\n");
        return page.toString();
    }

    private static String when(Date date, ZoneId zone) {
        return date == null ? "—" : WHEN.format(date.toInstant().atZone(zone));
    }
}
