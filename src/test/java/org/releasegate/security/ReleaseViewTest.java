package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The view of every release on a running one, as a release manager opens it from Cockpit: where it stands, who
 * holds its tasks, what is late, that it holds the environments — tasks of groups she does not belong to included.
 */
class ReleaseViewTest extends IntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;

    private TestReleases releases;

    @AfterEach
    void deleteReleases() {
        releases.deleteAll();
    }

    @Test
    void aRunningReleaseShowsItsStepWhoHoldsItsTasksAndWhatIsLate() {
        releases = new TestReleases(engine);
        Task verification = releases.taskOf(Elements.VERIFY_CHANGE, "paul");
        String releaseId = verification.getProcessInstanceId();
        Task late = taskService.createTaskQuery().taskId(verification.getId()).singleResult();
        late.setDueDate(Date.from(Instant.now().minus(2, ChronoUnit.DAYS)));
        taskService.saveTask(late);
        String stepName = engine.getRepositoryService().getBpmnModelInstance(verification.getProcessDefinitionId())
                .getModelElementById(Elements.VERIFY_CHANGE).getAttributeValue("name");
        ApplicationClient marie = ApplicationClient.webapp(port, "marie", "demo", "cockpit");

        String view = marie.get("/releases").body();
        assertThat(view).contains("Serveur de test et production occupés par « " + TestReleases.BUSINESS_KEY + " »")
                .contains("<a href=\"/releases/" + releaseId + "\">" + TestReleases.BUSINESS_KEY + "</a>")
                .contains("<td class=\"state\">" + stepName.replace("'", "&#39;") + "</td>")
                .contains("à prendre : Testeurs")
                .contains("<td class=\"late\">1 tâche(s) : " + verification.getName())
                .contains("<td class=\"outcome\">en cours</td>");

        String page = marie.get("/releases/" + releaseId).body();
        assertThat(page).contains("<h2>Tâches ouvertes</h2>")
                .contains("<td>" + verification.getName() + "</td>\n<td class=\"by\">à prendre : Testeurs</td>")
                .contains("— en retard</td>")
                .contains("Aucune vérification enregistrée pour l&#39;instant.");
    }
}
