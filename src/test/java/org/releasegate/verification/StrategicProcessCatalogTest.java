package org.releasegate.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

/** The catalogue file as people edit it by hand, and as the REST API rewrites it. */
class StrategicProcessCatalogTest {

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("config/strategic-processes.yaml");
    }

    private StrategicProcessCatalog catalog() {
        return new StrategicProcessCatalog(file(), new MockEnvironment());
    }

    private void write(String text) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), text);
    }

    @Test
    void demoCatalogueIsValid() throws IOException {
        try (InputStream demo = getClass().getResourceAsStream("/demo/strategic-processes.yaml")) {
            Files.createDirectories(file().getParent());
            Files.write(file(), demo.readAllBytes());
        }
        assertThat(catalog().strategicProcesses()).extracting(StrategicProcess::id)
                .containsExactly("facturation", "commande-livraison-facture", "paie");
        assertThat(catalog().find("paie")).get().extracting(StrategicProcess::steps)
                .isEqualTo(List.of("Calculer la paie d'un salarié", "Éditer le bulletin de paie"));
    }

    @Test
    void editsApplyAtTheNextReadWithoutRestart() throws IOException {
        StrategicProcessCatalog catalog = catalog();
        write("processes:\n  - { id: a, name: A, steps: [un] }\n");
        assertThat(catalog.strategicProcesses()).extracting(StrategicProcess::id).containsExactly("a");
        write("processes:\n  - { id: a, name: A, steps: [un] }\n  - { id: b, name: B, steps: [deux] }\n");
        assertThat(catalog.strategicProcesses()).extracting(StrategicProcess::id).containsExactly("a", "b");
    }

    @Test
    void emptyCatalogueMustBeWrittenExplicitly() throws IOException {
        write("processes: []\n");
        assertThat(catalog().strategicProcesses()).isEmpty();
        write("# rien\n");
        assertThatThrownBy(() -> catalog().strategicProcesses()).isInstanceOf(CatalogRejectedException.class)
                .hasMessageContaining("le fichier est vide (écrivez « processes: [] »");
    }

    @Test
    void missingFileIsNamedWithWhatToDo() {
        assertThatThrownBy(() -> catalog().strategicProcesses()).isInstanceOf(CatalogRejectedException.class)
                .hasMessageContaining("« processes: »").hasMessageContaining(file().getFileName() + " introuvable")
                .as("the file by its name, never its place on the server").hasMessageNotContaining(file().toString())
                .hasMessageContaining("PUT /api/strategic-processes/<id>");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            processes:\\n  - id: a\\n    name: A\\n    stesp: [x]\\n                        | 4 | champ inconnu « stesp » (attendus : id, name, steps)
            processes:\\n  - {id: a, name: A, steps: [x]}\\n  - {id: A, name: B, steps: [y]}\\n | 3 | identifiant « A » en double (déjà utilisé ligne 2)
            processes:\\n  - {id: a, name: '  ', steps: [x]}\\n                            | 2 | processus « a » : « name » manquant ou vide
            processes:\\n  - {id: a, name: A}\\n                                           | 2 | « steps » doit lister au moins une étape
            processes:\\n  - {id: a, name: A, steps: x}\\n                                 | 2 | « steps » doit être une liste d'étapes
            processes:\\n  - {id: a, name: A, steps: [x, '']}\\n                           | 2 | étape vide
            processes:\\n  - {id: 'a b', name: A, steps: [x]}\\n                           | 2 | identifiant « a b » invalide
            processes:\\n  - {name: A, steps: [x]}\\n                                      | 2 | « id » manquant
            processes:\\n  - {id: a, id: b, name: A, steps: [x]}\\n                        | 2 | champ « id » en double
            processes:\\n  - {id: a, name: [A], steps: [x]}\\n                             | 2 | « name » doit être un texte
            processus:\\n  - {id: a, name: A, steps: [x]}\\n                               | 1 | champ inconnu « processus »
            processes: facturation\\n                                                        | 1 | « processes » doit être une liste
            - facturation\\n                                                                 | 1 | le catalogue doit commencer par la liste « processes »
            processes:\\n  - {id: a, name: A, steps: &s [x]}\\n  - {id: b, name: B, steps: *s}\\n | 2 | ancres et alias YAML
            processes:\\n  - {id: a, name: A, steps: [x]\\n  - {id: b}\\n                   | 3 | YAML mal formé à cet endroit (vérifiez l'indentation
            processes:\\n\\t- {id: a}\\n                                                     | 2 | une tabulation ne peut pas indenter le YAML : utilisez des espaces
            processes: []\\n---\\nprocesses: []\\n                                           | 2 | du contenu suit le catalogue (un seul document par fichier)
            """)
    void malformedCatalogueIsRefusedWithTheLineAndTheReason(String text, int line, String reason) throws IOException {
        write(text.replace("\\n", "\n").replace("\\t", "\t"));
        assertThatThrownBy(() -> catalog().strategicProcesses()).isInstanceOf(CatalogRejectedException.class)
                .hasMessageStartingWith("Catalogue des processus stratégiques " + file().getFileName() + " : ")
                .hasMessageNotContaining(file().getParent().toString())
                .hasMessageContaining("ligne " + line + " : ")
                .hasMessageContaining(reason);
    }

    @Test
    void latinOneIsRefusedWithTheLine() throws IOException {
        Files.createDirectories(file().getParent());
        Files.write(file(), "processes:\n  - id: paie\n    name: Paie\n    steps: [Éditer le bulletin]\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> catalog().strategicProcesses()).isInstanceOf(CatalogRejectedException.class)
                .hasMessageContaining("ligne 4 : le fichier doit être en UTF-8");
    }

    @Test
    void byteOrderMarkIsAccepted() throws IOException {
        Files.createDirectories(file().getParent());
        Files.write(file(), ("\uFEFFprocesses:\n  - {id: a, name: A, steps: [x]}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(catalog().strategicProcesses()).hasSize(1);
    }

    @Test
    void hugeFileIsRefusedWithoutReadingItAll() throws IOException {
        write("processes:\n# " + "x".repeat(StrategicProcessCatalog.MAX_BYTES) + "\n");
        assertThatThrownBy(() -> catalog().strategicProcesses()).isInstanceOf(CatalogRejectedException.class)
                .hasMessageContaining("plus de 1024 Kio");
    }

    @Test
    void putCreatesTheFileThenReplacesInPlaceAndDeleteRemoves() throws IOException {
        StrategicProcessCatalog catalog = catalog();
        assertThat(catalog.put(new StrategicProcess("facturation", "Facturation", List.of("Créer: une facture")))).isTrue();
        assertThat(catalog.put(new StrategicProcess("paie", "Paie", List.of("Calculer")))).isTrue();
        assertThat(catalog.put(new StrategicProcess("facturation", "Facturation client", List.of("1. Créer", "# pas un commentaire"))))
                .isFalse();

        assertThat(catalog.strategicProcesses()).containsExactly(
                new StrategicProcess("facturation", "Facturation client", List.of("1. Créer", "# pas un commentaire")),
                new StrategicProcess("paie", "Paie", List.of("Calculer")));
        assertThat(Files.readString(file())).startsWith("# Catalogue des processus stratégiques").contains("processes:");
        assertThat(catalog.delete("facturation")).isTrue();
        assertThat(catalog.delete("facturation")).isFalse();
        assertThat(catalog.strategicProcesses()).extracting(StrategicProcess::id).containsExactly("paie");
        try (Stream<Path> files = Files.list(file().getParent())) {
            // and the lock that keeps two engine nodes' changes apart (files/SiblingLock), which stays
            assertThat(files).as("no temporary file left").containsExactlyInAnyOrder(file(),
                    file().resolveSibling("." + file().getFileName() + ".lock"));
        }
    }

    @Test
    void putRefusesAnIdDifferingOnlyByCaseAndBreakingTheRules() {
        StrategicProcessCatalog catalog = catalog();
        catalog.put(new StrategicProcess("paie", "Paie", List.of("Calculer")));
        assertThatThrownBy(() -> catalog.put(new StrategicProcess("Paie", "Paie", List.of("x"))))
                .hasMessageContaining("trop proche de « paie »");
        assertThatThrownBy(() -> catalog.put(new StrategicProcess("stocks", "Stocks", List.of())))
                .hasMessageContaining("au moins une étape");
        assertThatThrownBy(() -> catalog.put(new StrategicProcess("../etc", "X", List.of("x"))))
                .hasMessageContaining("invalide");
        assertThat(catalog.strategicProcesses()).extracting(StrategicProcess::id).containsExactly("paie");
    }

    @Test
    void malformedFileIsNeverOverwritten() throws IOException {
        String broken = "processes:\n  - {id: a, name: A, steps: [x]\n";
        write(broken);
        assertThatThrownBy(() -> catalog().put(new StrategicProcess("b", "B", List.of("y"))))
                .isInstanceOf(CatalogRejectedException.class).hasMessageContaining("ligne");
        assertThatThrownBy(() -> catalog().delete("a")).isInstanceOf(CatalogRejectedException.class);
        assertThat(Files.readString(file())).isEqualTo(broken);
    }

    @Test
    void theOldInlineListIsRefusedAtStartup() {
        MockEnvironment environment = new MockEnvironment().withProperty("releasegate.strategic-processes[0].id", "paie");
        assertThatThrownBy(() -> new StrategicProcessCatalog(file(), environment))
                .hasMessageContaining("releasegate.strategic-processes-file");
    }
}
