package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.releasegate.RejectedInputException;

/** Malformed and hostile road books are refused, in every format, with the line and the reason. */
class RoadBookRejectionTest {

    private final RoadBookReader reader = new RoadBookReader(RoadBookReader.DEFAULT_MAX_SIZE);

    static Stream<Arguments> sharedRules() {
        return Stream.of(
                // duplicate change id, across versions
                refused("road-book.md", "## 1.1\n- [A] x\n## 1.2\n- [A] y\n", "line 4: change id A appears twice (first on line 2)"),
                refused("road-book.yaml", """
                        versions:
                          - version: "1.1"
                            changes:
                              - { id: A, title: x }
                          - version: "1.2"
                            changes:
                              - { id: A, title: y }
                        """, "line 7: change id A appears twice (first on line 4)"),
                refused("road-book.json", """
                        {"versions": [
                          {"version": "1.1", "changes": [{"id": "A", "title": "x"}]},
                          {"version": "1.2", "changes": [{"id": "A", "title": "y"}]}]}
                        """, "line 3: change id A appears twice (first on line 2)"),
                refused("road-book.csv", "version;id;module;title\n1.1;A;;x\n1.2;A;;y\n",
                        "line 3: change id A appears twice (first on line 2)"),
                // duplicate version (1.1.0 is 1.1)
                refused("road-book.md", "## 1.1\n- [A] x\n## Version 1.1.0\n- [B] y\n", "line 3: version 1.1.0 appears twice (first on line 1)"),
                refused("road-book.yaml", "versions:\n- {version: '1.1', changes: []}\n- {version: '1.1', changes: []}\n",
                        "line 3: version 1.1 appears twice (first on line 2)"),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\", \"changes\": []},\n{\"version\": \"1.1\", \"changes\": []}]}",
                        "line 2: version 1.1 appears twice (first on line 1)"),
                refused("road-book.csv", "version;id;module;title\n1.1;A;;x\n1.1.0;B;;y\n",
                        "line 3: version 1.1.0 is written 1.1 on line 2: write it the same way everywhere"),
                // invalid version
                refused("road-book.md", "## Version 1.1 beta\n- [A] x\n", "line 1: heading '## Version 1.1 beta' does not name a version"),
                refused("road-book.md", "## Version 1..1\n- [A] x\n", "line 1: '1..1' is not a version number (e.g. 1.1, 2.0.3, 1.2-RC1)"),
                refused("road-book.yaml", "versions:\n  - version: prochaine\n    changes: []\n", "line 2: 'prochaine' is not a version number"),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1 \\u0007\", \"changes\": []}]}",
                        "line 1: '1.1 \\u0007' is not a version number"),
                refused("road-book.csv", "version;id;module;title\n1.1;A;;x\n1/2;B;;y\n", "line 3: '1/2' is not a version number"),
                // missing id, missing title
                refused("road-book.md", "## 1.1\n- [A] x\n- sans identifiant\n", "line 3: a change must read '- [ID] (Module) description', found '- sans identifiant'"),
                refused("road-book.md", "## 1.1\n- [A] (Ventes)   \n", "line 2: missing title"),
                refused("road-book.md", "## 1.1\n- [A]\n", "line 2: missing title"),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - module: Ventes\n        title: x\n",
                        "line 4: missing id"),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - id: A\n        title: \"  \"\n",
                        "line 4: missing title"),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\", \"changes\": [\n{\"id\": \"A\", \"title\": null}]}]}",
                        "line 2: missing title"),
                refused("road-book.csv", "version;id;module;title\n1.1;;Ventes;x\n", "line 2: missing id"),
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;\n", "line 2: missing title"),
                refused("road-book.yaml", "versions:\n  - changes: []\n", "line 2: missing version"),
                // ids with spaces or control characters
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - {id: GES 1, title: x}\n",
                        "line 4: change id 'GES 1' contains spaces or control characters"),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\", \"changes\": [{\"id\": \"GES\\u00001\", \"title\": \"x\"}]}]}",
                        "line 1: change id 'GES\\u00001' contains spaces or control characters"),
                refused("road-book.csv", "version;id;module;title\n1.1;GES\u200B1;;x\n",
                        "line 2: change id 'GES\\u200B1' contains spaces or control characters"),
                refused("road-book.md", "## 1.1\n- [GES 1] x\n", "line 2: a change must read"),
                refused("road-book.md", "## 1.1\n- [GES-1] texte \u0007 sonore\n", "line 2: title contains control characters"),
                // title longer than 2000 characters
                refused("road-book.md", "## 1.1\n- [A] " + "t".repeat(2001) + "\n", "line 2: title is longer than 2000 characters (2001)"),
                refused("road-book.csv", "version,id,module,title\n1.1,A,,\"" + "t".repeat(2001) + "\"\n",
                        "line 2: title is longer than 2000 characters (2001)"),
                // nothing in it
                refused("road-book.md", "juste du texte\n", "Road book road-book.md: no version found"),
                refused("road-book.yaml", "# rien\n", "Road book road-book.yaml: the road book is empty"),
                refused("road-book.json", "", "Road book road-book.json: the road book is empty"),
                refused("road-book.csv", "\n\n", "Road book road-book.csv: the road book is empty"),
                refused("road-book.yaml", "versions: []\n", "Road book road-book.yaml: no version found"),
                refused("road-book.csv", "version;id;module;title\n", "Road book road-book.csv: no version found"));
    }

    static Stream<Arguments> structuredInput() {
        return Stream.of(
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - id: A\n        tittle: x\n",
                        "line 5: unknown field 'tittle' (expected id, module, title)"),
                refused("road-book.json", "{\"versions\": [{\"version\": \"1.1\",\n \"change\": []}]}",
                        "line 2: unknown field 'change' (expected version, changes)"),
                refused("road-book.yaml", "product: gestan\nversions: []\n", "line 1: unknown field 'product' (expected versions)"),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n", "line 2: version 1.1 has no 'changes' list"),
                refused("road-book.yaml", "versions:\n  - version: '1.1'\n    changes:\n      - {id: A, title: [x, y]}\n",
                        "line 4: 'title' must be text"),
                refused("road-book.yaml", "- version: '1.1'\n", "line 1: the road book must start with a 'versions' list"),
                refused("road-book.yaml", "versions:\n  version: '1.1'\n", "line 2: 'versions' must be a list of versions"),
                refused("road-book.yaml", "versions: []\n---\nversions: []\n", "unexpected content after the road book (one document only)"),
                refused("road-book.json", "{\"versions\": [], \"versions\": []}", "line 1: Duplicate field 'versions'"),
                refused("road-book.yaml", "versions: []\nversions: []\n", "line 2: Duplicate field 'versions'"),
                refused("road-book.json", "{\"versions\": [\n{\"version\": \"1.1\", \"changes\": [],}\n]}", "line 2: Unexpected character"),
                refused("road-book.yaml", "versions:\n  - version: '1.1\n    changes: []\n",
                        "line 2: while scanning a quoted scalar: found unexpected end of stream"),
                refused("road-book.json", "{\"versions\": []} {}", "line 1: unexpected content after the road book"),
                refused("road-book.yaml", """
                        versions:
                          - version: "1.1"
                            changes:
                              - &change { id: A, title: x }
                              - *change
                        """, "line 4: YAML anchors and aliases (&name, *name) are not allowed"),
                refused("road-book.yaml", """
                        versions:
                          - version: "1.1"
                            changes:
                              - { id: A, title: x }
                              - *change
                        """, "line 5: "));
    }

    static Stream<Arguments> csvInput() {
        return Stream.of(
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;x\n1.1;B;Ventes\n",
                        "line 3: expected 4 fields (version;id;module;title), found 3"),
                refused("road-book.csv", "version;id;title\n1.1;A;x;de trop\n", "line 2: expected 3 fields (version;id;title), found 4"),
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;\"x\n1.1;B;Ventes;y\n",
                        "line 2: a quoted field opened on this line is never closed"),
                refused("road-book.csv", "version;id;module;title\n1.1;A;Ventes;\"x\" et y\n",
                        "line 2: text after the closing quote of a field"),
                refused("road-book.csv", "version;id;modul;title\n", "line 1: unknown column 'modul' (expected version, id, module, title)"),
                refused("road-book.csv", "version;id;module\n", "line 1: missing column 'title'"),
                refused("road-book.csv", "version;id;id;title\n", "line 1: column 'id' appears twice"),
                refused("road-book.csv", "\nversion id module title\n", "line 2: the first line must be the header version;id;module;title"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource({"sharedRules", "structuredInput", "csvInput"})
    void malformedRoadBookIsRefusedWithItsLineAndReason(String fileName, String content, String expected) {
        assertThatThrownBy(() -> reader.read(fileName, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("Road book " + fileName + ": ")
                .hasMessageContaining(expected);
    }

    private static Arguments refused(String fileName, String content, String expected) {
        return Arguments.of(fileName, content, expected);
    }
}
