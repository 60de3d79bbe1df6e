package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.e2e.ReleaseSteps.waitFor;
import static org.releasegate.process.ReleasePolicy.Vars.FAILURE_REASON;
import static org.releasegate.process.ReleasePolicy.Vars.INSTALLER_PACKAGE;
import static org.releasegate.process.ReleasePolicy.Vars.POLICY_LEVEL;
import static org.releasegate.process.ReleasePolicy.Vars.PRODUCTION_WINDOW_PLANNED;
import static org.releasegate.process.ReleasePolicy.Vars.RELEASE_KIND;
import static org.releasegate.process.ReleasePolicy.Vars.EMPTY_ROAD_BOOK_CONFIRMED;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_FILE;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_SOURCE;
import static org.releasegate.process.ReleasePolicy.Vars.ROAD_BOOK_TEXT;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;
import static org.releasegate.testsupport.ReleaseVariables.ofTask;
import static org.releasegate.testsupport.ReleaseVariables.with;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.releasegate.installation.Installer;
import org.releasegate.process.ReleaseLabel;
import org.releasegate.process.ReleasePolicy;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.testsupport.ReleaseVariables;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.beans.factory.annotation.Autowired;

/** A release started with a YAML road book in the inbox: the plan step reads it, or refuses it to the release manager. */
class RoadBookImportTest extends IntegrationTest {

    @Autowired
    Installer installer;

    private final Path inbox = HOME.resolve("demo/inbox");

    @Test
    void releaseWithAYamlRoadBookVerifiesItsChanges() throws Exception {
        Files.writeString(inbox.resolve("road-book-import.yaml"), """
                versions:
                  - version: "1.0"
                    changes:
                      - { id: YML-1001, module: Socle, title: Première version }
                  - version: "1.1"
                    changes:
                      - { id: YML-1101, module: Facturation, title: Pénalités de retard }
                      - id: YML-1102
                        module: Clients
                        title: Champ « pays »
                """);
        Optional<String> production = installer.installedVersion(HOME.resolve("demo/production/app"));
        assertThat(production).as("another test left production elsewhere").isIn(Optional.of("1.0"), Optional.of("1.1"));

        String releaseId = start("road-book-import.yaml");
        waitFor(() -> tasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS).size() == 3 ? true : null);

        List<String> expected = production.get().equals("1.0") ? List.of("YML-1101", "YML-1102") : List.of();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> planned = (List<Map<String, Object>>) runtimeService.getVariable(releaseId,
                ReleasePolicy.Vars.ROAD_BOOK_CHANGES);
        assertThat(planned).extracting(change -> change.get("id")).containsExactlyElementsOf(expected);
        String release = runtimeService.createProcessInstanceQuery().processInstanceId(releaseId).singleResult()
                .getBusinessKey();
        assertThat(tasks(releaseId, Elements.VERIFY_CHANGE)).extracting(task -> ReleaseLabel.withoutRelease(task.getName(),
                release)).containsExactlyInAnyOrderElementsOf(
                production.get().equals("1.0")
                        ? List.of("Vérifier YML-1101 — Pénalités de retard", "Vérifier YML-1102 — Champ « pays »")
                        : List.of());
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void malformedYamlRoadBookGoesToTheReleaseManagerWithTheLineAndTheReason() throws Exception {
        Files.writeString(inbox.resolve("road-book-typo.yaml"), """
                versions:
                  - version: "1.1"
                    changes:
                      - id: YML-1101
                        tittle: Pénalités de retard
                """);

        String releaseId = start("road-book-typo.yaml");
        Task decision = waitFor(() -> {
            List<Task> decisions = tasks(releaseId, Elements.DECIDE_SETUP_FAILURE);
            return decisions.isEmpty() ? null : decisions.get(0);
        });

        assertThat(ofTask(taskService, decision.getId(), FAILURE_REASON))
                .isEqualTo("Carnet de route road-book-typo.yaml, ligne 5 : champ « tittle » inconnu (champs attendus : id, module,"
                        + " title).");
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void roadBookUploadedWithTheStartRequestIsReadInTheFormatOfItsFileName() throws Exception {
        String csv = "id,version,module,title\nUP-1101,1.1,Facturation,Pénalités de retard\nUP-1102,1.1,Clients,Champ pays\n";
        String releaseId = start(with(ROAD_BOOK_FILE, Variables.fileValue("notes-1.1.csv")
                .file(csv.getBytes(StandardCharsets.UTF_8)).mimeType("text/csv").create()));

        assertThat(plannedChangeIds(releaseId)).isEqualTo(expectedIfProductionOn10(List.of("UP-1101", "UP-1102")));
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void roadBookPastedInTheStartFormIsReadAsMarkdown() throws Exception {
        String releaseId = start(with(ROAD_BOOK_SOURCE, "text")
                .and(ROAD_BOOK, "not-read.md")
                .and(ROAD_BOOK_TEXT, "## 1.1\n- [TXT-1101] (Ventes) Export CSV\n"));

        assertThat(plannedChangeIds(releaseId)).isEqualTo(expectedIfProductionOn10(List.of("TXT-1101")));
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    @Test
    void roadBookNamedByUrlIsDownloadedAndAnHttpErrorGoesToTheReleaseManager() throws Exception {
        // on every address of the machine: the loopback one is refused by default, an intranet one is asked
        HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
        byte[] json = """
                {"versions": [{"version": "1.1", "changes": [{"id": "URL-1101", "title": "Relances"}]}]}
                """.getBytes(StandardCharsets.UTF_8);
        server.createContext("/notes/road-book-1.1.json", exchange -> {
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            // what the hand walk found: the server fetched its own address for anyone starting a release
            String own = start(with(ROAD_BOOK, "http://127.0.0.1:" + port + "/notes/road-book-1.1.json"));
            assertThat(failureReason(own)).startsWith("Le carnet de route ne peut pas être téléchargé depuis 127.0.0.1 :"
                    + " cette adresse désigne le serveur de Release Gate lui-même ou une adresse réservée");
            runtimeService.deleteProcessInstance(own, "test over");

            Optional<String> intranet = networkAddress();
            Assumptions.assumeTrue(intranet.isPresent(), "this machine has no network address but its loopback");
            String base = "http://" + intranet.get() + ":" + port;
            String found = start(with(ROAD_BOOK, base + "/notes/road-book-1.1.json"));
            assertThat(plannedChangeIds(found)).isEqualTo(expectedIfProductionOn10(List.of("URL-1101")));
            runtimeService.deleteProcessInstance(found, "test over");

            // one release at a time: the next one once the first is over
            String missing = start(with(ROAD_BOOK, base + "/notes/absent.md"));
            assertThat(failureReason(missing)).isEqualTo("Le carnet de route " + base
                    + "/notes/absent.md n'a pas été téléchargé : le serveur a répondu HTTP 404.");
            runtimeService.deleteProcessInstance(missing, "test over");
        } finally {
            server.stop(0);
        }
    }

    /** An IPv4 address of this machine that is neither loopback nor link-local (a container's eth0, say). */
    private static Optional<String> networkAddress() throws java.net.SocketException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> java.util.Collections.list(network.getInetAddresses()).stream())
                .filter(address -> address instanceof java.net.Inet4Address && !RoadBookSource.isReserved(address))
                .map(InetAddress::getHostAddress).findFirst();
    }

    @Test
    void emptyRoadBookIsRefusedUntilTheReleaseManagerConfirmsIt() throws Exception {
        Files.writeString(inbox.resolve("road-book-empty.md"), "## 1.1\n\n## 1.0\n- [E-1001] (Socle) Première version\n");
        String refused = start(with(ROAD_BOOK, "road-book-empty.md")
                .and(EMPTY_ROAD_BOOK_CONFIRMED, false));
        assertThat(failureReason(refused)).startsWith("Le carnet de route ne liste aucune évolution après la version 1.")
                .contains("jusqu'à la version 1.1 : confirmez qu'il n'y a rien à vérifier (case « Carnet de route vide »)");

        Task decision = tasks(refused, Elements.DECIDE_SETUP_FAILURE).get(0);
        taskService.complete(decision.getId(), with(ReleasePolicy.Vars.SETUP_FAILURE_DECISION, "retry")
                .and(EMPTY_ROAD_BOOK_CONFIRMED, true).and(ReleasePolicy.Vars.DECISION_COMMENT, "rien à vérifier"));

        assertThat(plannedChangeIds(refused)).isEmpty();
        assertThat(tasks(refused, Elements.VERIFY_CHANGE)).isEmpty();
        runtimeService.deleteProcessInstance(refused, "test over");
    }

    @Test
    void aReinstallOfTheVersionInProductionNeedsNoSectionForItOnceTheEmptyRoadBookIsConfirmed() throws Exception {
        Files.writeString(inbox.resolve("road-book-1.0-only.md"), "## 1.0\n- [E-1001] (Socle) Première version\n");
        String refused = start(with(ROAD_BOOK, "road-book-1.0-only.md")
                .and(EMPTY_ROAD_BOOK_CONFIRMED, false));
        assertThat(failureReason(refused)).startsWith("Le carnet de route n'a pas de section pour la version cible 1.1 (versions trouvées : 1.0)");
        runtimeService.deleteProcessInstance(refused, "test over");

        String confirmed = start(with(ROAD_BOOK, "road-book-1.0-only.md"));

        assertThat(plannedChangeIds(confirmed)).isEmpty();
        runtimeService.deleteProcessInstance(confirmed, "test over");
    }

    @Test
    void anUnknownOrEmptyRoadBookSourceIsRefusedAtTheStartBeforeProductionIsCopied() {
        long releases = runtimeService.createProcessInstanceQuery()
                .processDefinitionKey(ReleasePolicy.PROCESS_KEY).count();

        // the hand walk: « inbox » started the release, copied production, installed test, then found no road book
        Response unknown = submit(with(ROAD_BOOK_SOURCE, "inbox").and(ROAD_BOOK, "road-book.md"));
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.body()).contains("« inbox » n'est pas une valeur acceptée pour « roadBookSource »");

        Response noText = submit(with(ROAD_BOOK_SOURCE, "text"));
        assertThat(noText.status()).isEqualTo(403);
        assertThat(noText.body()).contains("Le texte du carnet de route est obligatoire");

        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(ReleasePolicy.PROCESS_KEY).count())
                .isEqualTo(releases);
    }

    @Test
    void noRoadBookAtAllIsRefusedWithWhatToGive() throws Exception {
        // a REST start that names no source and gives nothing: the policy may not verify the road book, so only the
        // planning knows
        String releaseId = start(with(EMPTY_ROAD_BOOK_CONFIRMED, false));

        assertThat(failureReason(releaseId)).isEqualTo("Aucun carnet de route n'est indiqué : nommez un fichier du"
                + " dossier de dépôt ou une adresse web, collez son texte, ou joignez le fichier à la demande de"
                + " démarrage.");
        runtimeService.deleteProcessInstance(releaseId, "test over");
    }

    private String start(String roadBook) {
        return start(with(ROAD_BOOK, roadBook));
    }

    /** Starts a 1.1 release through REST, the road book given by {@code roadBookVariables}. */
    private String start(ReleaseVariables roadBookVariables) {
        Response started = submit(roadBookVariables);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return (String) started.json(Map.class).get("id");
    }

    /** Sends the start form of a 1.1 release through REST, the road book given by {@code roadBookVariables}. */
    private Response submit(ReleaseVariables roadBookVariables) {
        // Unless a test says otherwise: an earlier test may have left production on 1.1, where nothing is to verify.
        ReleaseVariables variables = with(EMPTY_ROAD_BOOK_CONFIRMED, true);
        variables.putAll(roadBookVariables);
        variables.and(ReleasePolicy.Vars.SAME_VERSION_CONFIRMED, true).and(TARGET_VERSION, "1.1")
                .and(INSTALLER_PACKAGE, "gestan-1.1.zip").and(RELEASE_KIND, "minor").and(POLICY_LEVEL, "strict")
                .and(PRODUCTION_WINDOW_PLANNED, false);
        return client.as("marie").post("/engine-rest/process-definition/key/" + ReleasePolicy.PROCESS_KEY
                + "/submit-form", variables.form());
    }

    /** The changes planned once the strategic-process tasks exist (they are created with the change tasks). */
    @SuppressWarnings("unchecked")
    private List<Object> plannedChangeIds(String releaseId) throws InterruptedException {
        waitFor(() -> tasks(releaseId, Elements.VERIFY_STRATEGIC_PROCESS).size() == 3 ? true : null);
        List<Map<String, Object>> planned = (List<Map<String, Object>>) runtimeService.getVariable(releaseId,
                ReleasePolicy.Vars.ROAD_BOOK_CHANGES);
        return planned.stream().map(change -> change.get("id")).toList();
    }

    private String failureReason(String releaseId) throws InterruptedException {
        Task decision = waitFor(() -> {
            List<Task> decisions = tasks(releaseId, Elements.DECIDE_SETUP_FAILURE);
            return decisions.isEmpty() ? null : decisions.get(0);
        });
        return ofTask(taskService, decision.getId(), FAILURE_REASON);
    }

    private List<Object> expectedIfProductionOn10(List<Object> ids) {
        try {
            return installer.installedVersion(HOME.resolve("demo/production/app")).equals(Optional.of("1.0")) ? ids : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Task> tasks(String releaseId, String taskKey) {
        return taskService.createTaskQuery().processInstanceId(releaseId).taskDefinitionKey(taskKey).list();
    }
}
