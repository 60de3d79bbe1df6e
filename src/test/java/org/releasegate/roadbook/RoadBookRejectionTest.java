package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.releasegate.RejectedInputException;

/**
 * Malformed and hostile road books are refused, in every format, with the line and the reason, in French: the release
 * manager reads « Carnet de route road-book.md, ligne 4 : … », never a parser library's English.
 */
class RoadBookRejectionTest {

    private final RoadBookReader reader = new RoadBookReader(RoadBookReader.DEFAULT_MAX_SIZE);

    static Stream<Arguments> sharedRules() {
        return Stream.of(
                // duplicate change id, across versions
                refused("road-book.md", "## 1.1\n- [A] x\n## 1.2\n- [A] y\n", "ligne 4 : l'évolution A apparaît deux fois (la première ligne 2)."),
                refused("road-book.yaml", """
                        versions:
                          - version: "1.1"
                            changes:
                              - { id: A, title: x }
                          - version: "1.2"
                            changes:
                              - { id: A, title: y }
                        """, "ligne 7 : l'évolution A apparaît deux fois (la première ligne 4)."),
                refused("road-book.json", """
                        {"versions": [
                          {"version": "1.1", "changes": [{"id": "A", "title": "x"}]},
                          {"version": "1.2", "changes": [{"id": "A", "title": "y"}]}]}
                        """, "ligne 3 : l'évolution A apparaît deux fois (la première ligne 2)."),
                refused("road-book.csv", "version;id;module;title\n1.1;A;;x\n1.2;A;;y\n",
                        "ligne 3 : l'évolution A apparaît deux fois (la première ligne 2)."),
                // duplicate version (1.1.0 is 1.1)
                refused("road-book.md", "## 1.1\n- [A] x\n## Version 1.1.0\n- [B] y\n", "ligne 3 : la version 1.1.0 apparaît deux fois (la première ligne 1)."),
                refused("road-book.yaml", "versions:\n- {version: '1.1', changes: []}\n- {version: '1.1', changes: []}\n",
                        "ligne 3 : la version 1.1 apparaît deux fois (la première ligne 2)."),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\", \"changes\": []},\n{\"version\": \"1.1\", \"changes\": []}]}",
                        "ligne 2 : la version 1.1 apparaît deux fois (la première ligne 1)."),
                refused("road-book.csv", "version;id;module;title\n1.1;A;;x\n1.1.0;B;;y\n",
                        "ligne 3 : la version 1.1.0 est écrite 1.1 ligne 2 : écrivez-la partout de la même façon."),
                // invalid version
                refused("road-book.md", "## Version 1.1 beta\n- [A] x\n", "ligne 1 : le titre « ## Version 1.1 beta » ne nomme pas une version"),
                refused("road-book.md", "## Version 1..1\n- [A] x\n", "ligne 1 : « 1..1 » n'est pas un numéro de version (par exemple 1.1, 2.0.3, 1.2-RC1)."),
                refused("road-book.yaml", "versions:\n  - version: prochaine\n    changes: []\n", "ligne 2 : « prochaine » n'est pas un numéro de version"),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1 \\u0007\", \"changes\": []}]}",
                        "ligne 1 : « 1.1 \\u0007 » n'est pas un numéro de version"),
                refused("road-book.csv", "version;id;module;title\n1.1;A;;x\n1/2;B;;y\n", "ligne 3 : « 1/2 » n'est pas un numéro de version"),
                // missing id, missing title
                refused("road-book.md", "## 1.1\n- [A] x\n- sans identifiant\n", "ligne 3 : une évolution s'écrit « - [ID] (Module) description », pas « - sans identifiant »."),
                refused("road-book.md", "## 1.1\n- [A] (Ventes)   \n", "ligne 2 : le titre de l'évolution manque."),
                refused("road-book.md", "## 1.1\n- [A]\n", "ligne 2 : le titre de l'évolution manque."),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - module: Ventes\n        title: x\n",
                        "ligne 4 : l'identifiant de l'évolution manque."),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - id: A\n        title: \"  \"\n",
                        "ligne 4 : le titre de l'évolution manque."),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\", \"changes\": [\n{\"id\": \"A\", \"title\": null}]}]}",
                        "ligne 2 : le titre de l'évolution manque."),
                refused("road-book.csv", "version;id;module;title\n1.1;;Ventes;x\n", "ligne 2 : l'identifiant de l'évolution manque."),
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;\n", "ligne 2 : le titre de l'évolution manque."),
                refused("road-book.yaml", "versions:\n  - changes: []\n", "ligne 2 : la version manque."),
                // ids with spaces or control characters
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - {id: GES 1, title: x}\n",
                        "ligne 4 : l'identifiant « GES 1 » contient des espaces ou des caractères de contrôle."),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\", \"changes\": [{\"id\": \"GES\\u00001\", \"title\": \"x\"}]}]}",
                        "ligne 1 : l'identifiant « GES\\u00001 » contient des espaces ou des caractères de contrôle."),
                refused("road-book.csv", "version;id;module;title\n1.1;GES\u200B1;;x\n",
                        "ligne 2 : l'identifiant « GES\\u200B1 » contient des espaces ou des caractères de contrôle."),
                refused("road-book.md", "## 1.1\n- [GES 1] x\n", "ligne 2 : une évolution s'écrit"),
                refused("road-book.md", "## 1.1\n- [GES-1] texte \u0007 sonore\n", "ligne 2 : le titre contient des caractères de contrôle."),
                // title longer than 2000 characters
                refused("road-book.md", "## 1.1\n- [A] " + "t".repeat(2001) + "\n", "ligne 2 : le titre dépasse 2000 caractères (2001)."),
                refused("road-book.csv", "version,id,module,title\n1.1,A,,\"" + "t".repeat(2001) + "\"\n",
                        "ligne 2 : le titre dépasse 2000 caractères (2001)."),
                // nothing in it
                refused("road-book.md", "juste du texte\n", "Carnet de route road-book.md : aucune version trouvée."),
                refused("road-book.yaml", "# rien\n", "Carnet de route road-book.yaml : le fichier est vide."),
                refused("road-book.json", "", "Carnet de route road-book.json : le fichier est vide."),
                refused("road-book.csv", "\n\n", "Carnet de route road-book.csv : le fichier est vide (en-tête attendu : version;id;module;title)."),
                refused("road-book.yaml", "versions: []\n", "Carnet de route road-book.yaml : aucune version trouvée."),
                refused("road-book.csv", "version;id;module;title\n", "Carnet de route road-book.csv : aucune version trouvée."));
    }

    static Stream<Arguments> structuredInput() {
        return Stream.of(
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - id: A\n        tittle: x\n",
                        "ligne 5 : champ « tittle » inconnu (champs attendus : id, module, title)."),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\",\n \"change\": []}]}",
                        "ligne 2 : champ « change » inconnu (champs attendus : version, changes)."),
                refused("road-book.yaml", "product: gestan\nversions: []\n", "ligne 1 : champ « product » inconnu (champs attendus : versions)."),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n", "ligne 2 : la version 1.1 n'a pas de liste « changes »"),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - {id: A, title: [x, y]}\n",
                        "ligne 4 : « title » doit être un texte."),
                refused("road-book.yaml", "- version: '1.1'\n", "ligne 1 : le carnet de route doit commencer par la liste « versions »."),
                refused("road-book.yaml", "versions:\n  version: '1.1'\n", "ligne 2 : « versions » doit être une liste de versions."),
                refused("road-book.yaml", "versions: []\n---\nversions: []\n", "du contenu suit le carnet de route (un seul document par fichier)."),
                refused("road-book.json", "{\"versions\": [], \"versions\": []}", "ligne 1 : un champ est écrit deux fois au même niveau (JSON)."),
                refused("road-book.yaml", "versions: []\nversions: []\n", "ligne 2 : un champ est écrit deux fois au même niveau (YAML)."),
                refused("road-book.json", "{\"versions\": [\n{\"version\": \"1.1\", \"changes\": [],}\n]}", "ligne 2 : JSON mal formé à cet endroit"),
                refused("road-book.yaml", "versions:\n  - version: '1.1\n    changes: []\n",
                        "ligne 2 : YAML mal formé à cet endroit"),
                refused("road-book.json", "{\"versions\": []} {}", "ligne 1 : du contenu suit le carnet de route"),
                refused("road-book.yaml", """
                        versions:
                          - version: "1.1"
                            changes:
                              - &change { id: A, title: x }
                              - *change
                        """, "ligne 4 : ancres et alias YAML (&nom, *nom) interdits."),
                refused("road-book.yaml", """
                        versions:
                          - version: "1.1"
                            changes:
                              - { id: A, title: x }
                              - *change
                        """, "ligne 5 : ancres et alias YAML (&nom, *nom) interdits."));
    }

    static Stream<Arguments> csvInput() {
        return Stream.of(
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;x\n1.1;B;Ventes\n",
                        "ligne 3 : 4 champs attendus (version;id;module;title), 3 trouvés."),
                refused("road-book.csv", "version;id;title\n1.1;A;x;de trop\n", "ligne 2 : 3 champs attendus (version;id;title), 4 trouvés."),
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;\"x\n1.1;B;Ventes;y\n",
                        "ligne 2 : un champ entre guillemets ouvert sur cette ligne n'est jamais fermé."),
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;\"x\" et y\n",
                        "ligne 2 : du texte suit le guillemet fermant d'un champ"),
                refused("road-book.csv", "version;id;modul;title\n", "ligne 1 : colonne « modul » inconnue (colonnes attendues : version, id, module, title)."),
                refused("road-book.csv", "version;id;module\n", "ligne 1 : la colonne « title » manque"),
                refused("road-book.csv", "version;id;id;title\n", "ligne 1 : la colonne « id » apparaît deux fois."),
                refused("road-book.csv", "\nversion id module title\n", "ligne 2 : la première ligne doit être l'en-tête version;id;module;title"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource({"sharedRules", "structuredInput", "csvInput"})
    void malformedRoadBookIsRefusedWithItsLineAndReason(String fileName, String content, String expected) {
        assertThatThrownBy(() -> reader.read(fileName, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("Carnet de route " + fileName)
                .hasMessageContaining(expected)
                .satisfies(refusal -> assertThat(refusal.getMessage()).as("English of the parser libraries")
                        .doesNotContainIgnoringCase("unexpected").doesNotContainIgnoringCase("duplicate")
                        .doesNotContainIgnoringCase("scanning").doesNotContainIgnoringCase("line "));
    }

    private static Arguments refused(String fileName, String content, String expected) {
        return Arguments.of(fileName, content, expected);
    }
}
