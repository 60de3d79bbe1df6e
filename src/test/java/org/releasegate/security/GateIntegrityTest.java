package org.releasegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.testsupport.ReleaseVariables.entry;

import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.files.FolderDigest;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.e2e.ReleaseSteps;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ApplicationClient;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The attacks on the gate, made as its users would: with the demo users' own passwords, through the REST API that
 * Tasklist opens (and the webapps' API). Each is refused, and each test checks that nothing changed: production's
 * bytes, the release's variables, its history, the verdicts.
 */
class GateIntegrityTest extends IntegrationTest {

    private static final String START = "/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/start";
    private static final String ADMINS_ONLY = "est réservé aux administrateurs (camunda-admin)";
    private static final String VARIABLES_BY_FORMS_ONLY = "Les variables d'une mise en production ne s'écrivent "
            + "qu'en terminant une tâche avec son formulaire : écrire une variable directement est réservé aux "
            + "administrateurs (camunda-admin).";

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;

    private TestReleases releases;
    private String productionBefore;

    @BeforeEach
    void recordProduction() throws Exception {
        releases = new TestReleases(engine);
        productionBefore = production();
    }

    @AfterEach
    void productionIsUntouched() throws Exception {
        releases.deleteAll();
        assertThat(production()).as("production's files").isEqualTo(productionBefore);
    }

    // ---------------------------------------------------------------- the path

    @Test
    void aReleaseManagerCannotStartAReleaseAtTheProductionInstallNorAtTheRestore() {
        long releasesBefore = releaseCount();
        ApplicationClient marie = ApplicationClient.basic(port, "marie", "demo");

        assertRefused(marie.postJson(START, startBefore(Elements.INSTALL_IN_PRODUCTION, "")), 403, ADMINS_ONLY);
        assertRefused(marie.postJson(START, startBefore(Elements.RESTORE_ARCHIVE,
                ", \"variables\": {\"dataArchiveId\": {\"value\": \"x\"}}")), 403, ADMINS_ONLY);
        // the same through the webapps' API that Tasklist uses
        assertRefused(ApplicationClient.webapp(port, "marie", "demo", "tasklist").postJson(
                "/camunda/api/engine/engine/default/process-definition/key/" + ReleasePolicy.PROCESS_KEY + "/start",
                startBefore(Elements.INSTALL_IN_PRODUCTION, "")), 403, ADMINS_ONLY);

        assertThat(releaseCount()).isEqualTo(releasesBefore);
    }

    @Test
    void operationsCannotMoveAReleaseNorWriteItsVariablesNorRunItsSteps() {
        String releaseId = releases.releaseAt(Elements.CONFIRM_PRODUCTION, "paul");
        ApplicationClient olivia = ApplicationClient.basic(port, "olivia", "demo");

        assertRefused(olivia.postJson("/engine-rest/process-instance/" + releaseId + "/modification", """
                {"instructions": [{"type": "cancel", "activityId": "Task_ConfirmProduction"},
                                  {"type": "startBeforeActivity", "activityId": "Task_RestoreArchive"}]}"""), 403,
                ADMINS_ONLY);
        assertRefused(olivia.putJson("/engine-rest/process-instance/" + releaseId + "/variables/rollbackDecision",
                "{\"value\": \"restore\"}"), 403, "écrire une variable directement");
        assertRefused(olivia.postJson("/engine-rest/process-instance/" + releaseId + "/variables",
                "{\"modifications\": {\"targetVersion\": {\"value\": \"6.6\"}}}"), 403, "écrire une variable directement");
        assertRefused(olivia.postJson("/engine-rest/message", """
                {"messageName": "any", "processInstanceId": "%s"}""".formatted(releaseId)), 403, ADMINS_ONLY);
        assertRefused(olivia.putJson("/engine-rest/process-instance/suspended",
                "{\"processInstanceIds\": [\"" + releaseId + "\"], \"suspended\": true}"), 403, ADMINS_ONLY);
        // a release's jobs (its production window's timer, its continuations) suspended: the release waits silently
        assertRefused(olivia.putJson("/engine-rest/job/suspended",
                "{\"processInstanceId\": \"" + releaseId + "\", \"suspended\": true}"), 403, ADMINS_ONLY);
        assertRefused(olivia.putJson("/engine-rest/job/suspended",
                "{\"processDefinitionKey\": \"release-policy\", \"suspended\": true}"), 403, ADMINS_ONLY);
        assertRefused(olivia.putJson("/engine-rest/job-definition/suspended",
                "{\"processDefinitionKey\": \"release-policy\", \"suspended\": true, \"includeJobs\": true}"), 403,
                ADMINS_ONLY);
        olivia.postJson("/engine-rest/external-task/any-step/unlock", "{}").assertEngineError(403,
                "AuthorizationException", "Les étapes automatiques d'une mise en production sont exécutées par Release"
                        + " Gate seul : olivia ne peut ni les prendre ni les terminer.");
        olivia.postJson("/engine-rest/external-task/fetchAndLock", """
                {"workerId": "olivia", "maxTasks": 5, "topics": [{"topicName": "install-version", "lockDuration": 60000}]}""")
                .assertEngineError(403, "AuthorizationException", "Les étapes automatiques d'une mise en production "
                        + "sont exécutées par Release Gate seul : olivia ne peut ni les prendre ni les terminer.");

        assertThat(taskService.createTaskQuery().processInstanceId(releaseId).singleResult().getTaskDefinitionKey())
                .isEqualTo(Elements.CONFIRM_PRODUCTION);
        assertThat(runtimeService.getVariables(releaseId)).doesNotContainKey("rollbackDecision")
                .contains(entry(ReleasePolicy.Vars.TARGET_VERSION, "9.9"));
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(releaseId)
                .activityId(Elements.RESTORE_ARCHIVE).count()).isZero();
        assertThat(engine.getManagementService().createJobQuery().suspended().count()).isZero();
    }

    @Test
    void releaseManagersAndOperationsSeeEveryTaskInCockpitButCannotWorkOnAnotherGroupsTask() {
        Task verification = releases.taskOf(Elements.VERIFY_CHANGE, "paul");
        String tasks = "/camunda/api/engine/engine/default/task";
        for (String user : new String[] {"marie", "olivia"}) {
            ApplicationClient cockpit = ApplicationClient.webapp(port, user, "demo", "cockpit");
            // what Cockpit's « Tâches utilisateur » tab asks for a release
            Response listed = cockpit.get(tasks + "?processInstanceId=" + verification.getProcessInstanceId());
            assertThat(listed.status()).as(user).isEqualTo(200);
            assertThat(listed.body()).as(user).contains(verification.getId());
            assertThat(cockpit.get(tasks + "/" + verification.getId() + "/identity-links").status()).as(user).isEqualTo(200);

            // The engine's own refusals, in French and naming what was refused; the gate's, alone.
            cockpit.postJson(tasks + "/" + verification.getId() + "/complete",
                    "{\"variables\": {\"verdict\": {\"value\": \"OK\"}}}").assertEngineError(403,
                    "AuthorizationException", "Vous n'avez pas le droit de terminer cette tâche.");
            cockpit.postJson(tasks + "/" + verification.getId() + "/claim",
                    "{\"userId\": \"" + user + "\"}").assertEngineError(403,
                    "AuthorizationException", "Vous n'avez pas le droit de prendre en charge cette tâche.");
            cockpit.postJson(tasks + "/" + verification.getId() + "/assignee",
                    "{\"userId\": \"" + user + "\"}").assertEngineError(403,
                    "AuthorizationException", "Vous n'avez pas le droit d'attribuer cette tâche.");
            cockpit.putJson(tasks + "/" + verification.getId() + "/variables/verdict",
                    "{\"value\": \"OK\"}").assertEngineError(403, "AuthorizationException", VARIABLES_BY_FORMS_ONLY);
            cockpit.postJson(tasks + "/" + verification.getId() + "/localVariables",
                    "{\"modifications\": {\"verdict\": {\"value\": \"OK\"}}}").assertEngineError(403,
                    "AuthorizationException", VARIABLES_BY_FORMS_ONLY);
        }
        Task after = taskService.createTaskQuery().taskId(verification.getId()).singleResult();
        assertThat(after).as("still open").isNotNull();
        assertThat(after.getAssignee()).isNull();
        assertThat(taskService.getVariables(verification.getId())).doesNotContainEntry("verdict", "OK");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rg_verdict WHERE task_id = ?", Integer.class,
                verification.getId())).isZero();
    }

    @Test
    void operationsCannotFireTheProductionWindowEarly() {
        String window = "2030-01-01T22:00:00Z";
        String releaseId = engine.getRuntimeService().createProcessInstanceByKey(ReleasePolicy.PROCESS_KEY)
                .setVariable(ReleasePolicy.Vars.PRODUCTION_WINDOW_START.name(),
                        java.util.Date.from(java.time.Instant.parse(window)))
                .startBeforeActivity(Elements.PRODUCTION_WINDOW_REACHED).execute().getId();
        releases.created(releaseId);
        String timer = engine.getManagementService().createJobQuery().processInstanceId(releaseId).singleResult().getId();
        ApplicationClient olivia = ApplicationClient.basic(port, "olivia", "demo");

        assertRefused(olivia.putJson("/engine-rest/job/" + timer + "/duedate", "{\"duedate\": \"2020-01-01T00:00:00.000+0000\"}"),
                403, ADMINS_ONLY);
        assertRefused(olivia.postJson("/engine-rest/job/" + timer + "/execute", ""), 403, ADMINS_ONLY);

        assertThat(engine.getManagementService().createJobQuery().jobId(timer).singleResult().getDuedate().toInstant())
                .isEqualTo(java.time.Instant.parse(window));
        assertThat(runtimeService.getActivityInstance(releaseId).getActivityInstances(Elements.PRODUCTION_WINDOW_REACHED))
                .hasSize(1);
    }

    @Test
    void theStarterCannotBeChangedNorTheReleaseStartedWithFactsOnlyStepsWrite() {
        long releasesBefore = releaseCount();
        ApplicationClient marie = ApplicationClient.basic(port, "marie", "demo");

        assertRefused(marie.postJson(START, startVariables("\"installerSha256\": {\"value\": \"" + "0".repeat(64) + "\"}")),
                403, "n'accepte pas la variable « installerSha256 »");
        assertRefused(marie.postJson(START, startVariables("\"releaseInitiator\": {\"value\": \"paul\"}")),
                403, "n'accepte pas la variable « releaseInitiator »");
        assertRefused(marie.postJson(START, """
                {"variables": {"targetVersion": {"value": "1.1 --target /"}, "installerPackage": {"value": "gestan-1.1.zip"}}}"""),
                403, "n'est pas une valeur acceptée pour « targetVersion »");
        // a tester may not start a release at all, even with a well-formed start
        assertRefused(ApplicationClient.basic(port, "theo", "demo").postJson(START, startVariables("")), 403, "");

        assertThat(releaseCount()).isEqualTo(releasesBefore);
    }

    @Test
    void commentsOutsideTheFormsAreNotPartOfTheRecordSoNobodyButAnAdministratorWritesThem() {
        Task verification = releases.taskOf(Elements.VERIFY_CHANGE, "paul");
        String releaseId = verification.getProcessInstanceId();
        String byTheApplication = taskService.createComment(verification.getId(), releaseId, "noté par l'application")
                .getId();
        String refusal = "Les commentaires d'une mise en production se saisissent dans le formulaire de la tâche";

        assertRefused(ApplicationClient.basic(port, "marie", "demo").postJson("/engine-rest/task/" + verification.getId()
                + "/comment/create", "{\"message\": \"vu\"}"), 400, refusal); // Camunda's REST answers 400 there
        ApplicationClient olivia = ApplicationClient.basic(port, "olivia", "demo");
        assertRefused(olivia.putJson("/engine-rest/process-instance/" + releaseId + "/comment",
                "{\"id\": \"" + byTheApplication + "\", \"message\": \"réécrit\"}"), 403, refusal);
        assertRefused(olivia.send("DELETE", "/engine-rest/process-instance/" + releaseId + "/comment/"
                + byTheApplication, null), 403, refusal);
        assertRefused(olivia.send("DELETE", "/engine-rest/process-instance/" + releaseId + "/comment", null), 403,
                refusal);

        assertThat(taskService.getProcessInstanceComments(releaseId)).singleElement()
                .satisfies(comment -> assertThat(comment.getFullMessage()).isEqualTo("noté par l'application"));
    }

    // ---------------------------------------------------------------- task completions

    @Test
    void aTesterCompletesVerificationsWithTheirFormsVariablesOnly() {
        Task verification = releases.taskOf(Elements.VERIFY_CHANGE, "paul");
        String releaseId = verification.getProcessInstanceId();
        ApplicationClient theo = ApplicationClient.basic(port, "theo", "demo");
        String complete = "/engine-rest/task/" + verification.getId() + "/complete";

        assertRefused(theo.postJson(complete, """
                {"variables": {"verdict": {"value": "OK"}, "installerPackage": {"value": "autre-programme.zip"}}}"""),
                403, "n'accepte pas la variable « installerPackage » (variables acceptées : comment, evidence1, "
                        + "evidence2, evidence3, verdict)");
        assertRefused(theo.postJson(complete, """
                {"variables": {"verdict": {"value": "OK"}, "verificationRound": {"value": 7}}}"""),
                403, "n'accepte pas la variable « verificationRound »");
        assertRefused(theo.postJson("/engine-rest/task/" + verification.getId() + "/submit-form", """
                {"variables": {"verdict": {"value": "OK"}, "workaroundId": {"value": "1"}}}"""),
                403, "n'accepte pas la variable « workaroundId »");
        assertRefused(theo.postJson(complete, """
                {"variables": {"verdict": {"value": "OK"}, "changeId": {"value": "GES-0000"}}}"""),
                403, "affiche « changeId » sans permettre de le modifier");
        assertRefused(theo.postJson(complete, """
                {"variables": {"verdict": {"value": true, "type": "Boolean"}}}"""), 403, "doit être du texte");
        assertRefused(theo.putJson("/engine-rest/task/" + verification.getId() + "/variables/verdict",
                "{\"value\": \"OK\"}"), 403, "écrire une variable directement");
        assertRefused(theo.postJson("/engine-rest/task/" + verification.getId() + "/bpmnError",
                "{\"errorCode\": \"DRILL_REJECTED\"}"), 403, ADMINS_ONLY);

        assertThat(taskService.createTaskQuery().taskId(verification.getId()).count()).as("task still open").isOne();
        assertThat(runtimeService.getVariables(releaseId)).doesNotContainKeys("installerPackage", "verificationRound",
                "workaroundId", "verdict");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rg_verdict WHERE process_instance_id = ?", Integer.class,
                releaseId)).as("verdicts recorded").isZero();

        // the form's own variables are accepted, unchanged shown values too
        Object changeId = taskService.getVariable(verification.getId(), "changeId");
        Response completed = theo.postJson(complete, """
                {"variables": {"verdict": {"value": "OK"}, "comment": {"value": null}, "changeId": {"value": "%s"}}}"""
                .formatted(changeId));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(204);
    }

    @Test
    void anObjectVariableFromATesterIsRefusedBeforeItCanBeConstructed(@org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        Path victim = Files.writeString(folder.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Task verification = releases.taskOf(Elements.VERIFY_CHANGE, "paul");
        ApplicationClient theo = ApplicationClient.basic(port, "theo", "demo");

        assertRefused(theo.postJson("/engine-rest/task/" + verification.getId() + "/submit-form", """
                {"variables": {"verdict": {"value": "OK"}, "comment": {"type": "Object", "value": "\\"%s\\"",
                  "valueInfo": {"objectTypeName": "java.io.FileOutputStream",
                                "serializationDataFormat": "application/json"}}}}""".formatted(victim)),
                403, "doit être du texte, pas un objet");

        assertThat(Files.readString(victim)).isEqualTo("id;nom\n1;Dupont\n");
        assertThat(taskService.createTaskQuery().taskId(verification.getId()).count()).isOne();
        assertThat(runtimeService.getVariable(verification.getProcessInstanceId(), "comment")).isNull();
    }

    @Test
    void operationsCannotChangeWhatTheProductionConfirmationShows() {
        Task confirmation = releases.taskOf(Elements.CONFIRM_PRODUCTION, "paul");
        ApplicationClient olivia = ApplicationClient.basic(port, "olivia", "demo");

        assertRefused(olivia.postJson("/engine-rest/task/" + confirmation.getId() + "/complete", """
                {"variables": {"productionVerdict": {"value": "ok"}, "targetVersion": {"value": "6.6"}}}"""),
                403, "affiche « targetVersion » sans permettre de le modifier");
        assertThat(runtimeService.getVariable(confirmation.getProcessInstanceId(), "targetVersion")).isEqualTo("9.9");
        assertThat(taskService.createTaskQuery().taskId(confirmation.getId()).count()).isOne();
    }

    // ---------------------------------------------------------------- the engine's own checks

    @Test
    void evenAnAdministratorCannotInstallInProductionWithoutAnAcceptanceAndArchives() {
        ApplicationClient admin = ApplicationClient.basic(port, "admin", "demo");
        Response started = admin.postJson(START, startBefore(Elements.INSTALL_IN_PRODUCTION,
                ", \"variables\": {\"targetVersion\": {\"value\": \"1.1\"}, "
                        + "\"installerPackage\": {\"value\": \"gestan-1.1.zip\"}}"));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String releaseId = started.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        releases.created(releaseId);

        Incident incident = ReleaseSteps.waitFor(() -> runtimeService.createIncidentQuery().processInstanceId(releaseId)
                .singleResult());
        assertThat(incident.getIncidentMessage()).contains("Installer la version en production")
                .contains("aucune recette définitive n'a été prononcée").contains("La production n'a pas été touchée");
        assertThat(engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(releaseId).count())
                .as("no step handed to a worker").isZero();
    }

    @Test
    void evenAnAdministratorCannotRestoreProductionWithoutADecision() {
        ApplicationClient admin = ApplicationClient.basic(port, "admin", "demo");
        Response started = admin.postJson(START, startBefore(Elements.RESTORE_ARCHIVE,
                ", \"variables\": {\"rollbackDecision\": {\"value\": \"restore\"}}"));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String releaseId = started.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        releases.created(releaseId);

        Incident incident = ReleaseSteps.waitFor(() -> runtimeService.createIncidentQuery().processInstanceId(releaseId)
                .singleResult());
        assertThat(incident.getIncidentMessage()).contains("aucune décision de remise en fonction n'a été prise");
        assertThat(engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(releaseId).count()).isZero();

        // what the administrator did is in the release report, for whoever reads it
        assertThat(admin.putJson("/engine-rest/process-instance/" + releaseId + "/variables/rollbackComment",
                "{\"value\": \"décidé hors formulaire\"}").status()).isEqualTo(204);
        Response report = ApplicationClient.basic(port, "marie", "demo").get("/reports/" + releaseId);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("Interventions d&#39;administrateurs", "démarrage ailleurs qu&#39;au début de la politique",
                "écriture de variables");
    }

    // ----------------------------------------------------------------

    private long releaseCount() {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).count();
    }

    private static String startBefore(String activityId, String more) {
        return "{\"startInstructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"" + activityId + "\"}]"
                + more + "}";
    }

    private static String startVariables(String extra) {
        return """
                {"variables": {"targetVersion": {"value": "1.1"}, "installerPackage": {"value": "gestan-1.1.zip"},
                 "roadBookSource": {"value": "reference"}, "roadBook": {"value": "road-book.md"},
                 "releaseKind": {"value": "minor"}, "policyLevel": {"value": "strict"},
                 "productionWindowPlanned": {"value": false}%s}}""".formatted(extra.isEmpty() ? "" : ", " + extra);
    }

    /** Production's data, installed versions and which one is current. */
    private static String production() throws Exception {
        Path production = HOME.resolve("demo/production");
        Path current = production.resolve("app/current");
        return FolderDigest.treeSha256(FolderDigest.of(production.resolve("data"))) + " "
                + FolderDigest.treeSha256(FolderDigest.of(production.resolve("app/versions"))) + " "
                + (Files.isSymbolicLink(current) ? Files.readSymbolicLink(current) : "no current version");
    }

    private static void assertRefused(Response response, int status, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.body()).as(response.toString()).contains(message);
    }
}
