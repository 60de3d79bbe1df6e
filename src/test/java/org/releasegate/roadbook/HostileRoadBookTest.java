package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.releasegate.RejectedInputException;

/**
 * Road books built to exhaust the reader (alias bombs, deep nesting, too many changes) are refused at once, with the
 * line and the reason; legitimate large road books still pass.
 */
class HostileRoadBookTest {

    private final RoadBookReader reader = new RoadBookReader(RoadBookReader.DEFAULT_MAX_SIZE);

    @Test
    void billionLaughsYamlIsRefusedAtItsFirstAnchor() {
        StringBuilder bomb = new StringBuilder("lol0: &lol0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level < 10; level++) {
            String previous = "*lol" + (level - 1);
            bomb.append("lol").append(level).append(": &lol").append(level).append(" [")
                    .append(String.join(",", Collections.nCopies(9, previous))).append("]\n");
        }
        bomb.append("versions: *lol9\n");

        assertThatThrownBy(() -> read("road-book.yaml", bomb.toString())).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.yaml, ligne 1 : ancres et alias YAML (&nom, *nom) interdits.");
    }

    @Test
    void aliasHiddenInsideAChangeIsRefused() {
        String bomb = """
                versions:
                  - version: "1.1"
                    changes:
                      - id: A
                        title: &a "lol lol lol lol lol lol lol lol lol"
                      - id: B
                        title: *a
                """;

        assertThatThrownBy(() -> read("road-book.yml", bomb)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.yml, ligne 7 : ancres et alias YAML (&nom, *nom) interdits.");
    }

    @Test
    void jsonNestedTenThousandLevelsDeepIsRefused() {
        String nested = "[".repeat(10_000) + "]".repeat(10_000);

        assertThatThrownBy(() -> read("road-book.json", "{\"versions\": " + nested + "}"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.json, ligne 1 : chaque version doit avoir les champs « version » et « changes ».");
        assertThatThrownBy(() -> read("road-book.json", nested)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.json, ligne 1 : le carnet de route doit commencer par la liste « versions ».");
        String inATitle = "{\"versions\": [{\"version\": \"1.1\", \"changes\": [{\"id\": \"A\",\n \"title\": " + nested + "}]}]}";
        assertThatThrownBy(() -> read("road-book.json", inATitle)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.json, ligne 2 : « title » doit être un texte.");
    }

    @Test
    void yamlNestedTenThousandLevelsDeepIsRefused() {
        String nested = "versions: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        assertThatThrownBy(() -> read("road-book.yaml", nested)).isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("Carnet de route road-book.yaml, ligne 1 : ");
    }

    @Test
    void csvWithMoreThanTenThousandChangesIsRefusedAtTheFirstOneTooMany() {
        String csv = "version;id;module;title\n" + IntStream.rangeClosed(1, 10_001)
                .mapToObj(i -> (i <= 5_000 ? "1.1" : "1.2") + ";GES-" + i + ";Ventes;Évolution " + i)
                .collect(Collectors.joining("\n"));

        assertThatThrownBy(() -> read("road-book.csv", csv)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.csv, ligne 10002 : plus de 10000 évolutions.");
    }

    @Test
    void yamlWithMoreThanTenThousandChangesIsRefusedAtTheFirstOneTooMany() {
        String yaml = "versions:\n  - version: '1.1'\n    changes:\n" + IntStream.rangeClosed(1, 10_001)
                .mapToObj(i -> "      - {id: GES-" + i + ", title: Évolution " + i + "}")
                .collect(Collectors.joining("\n"));

        assertThatThrownBy(() -> read("road-book.yaml", yaml)).isInstanceOf(RejectedInputException.class)
                .hasMessage("Carnet de route road-book.yaml, ligne 10004 : plus de 10000 évolutions.");
    }

    @Test
    void tenThousandChangesAreAccepted() throws IOException {
        String markdown = "## 1.1\n" + IntStream.rangeClosed(1, 10_000)
                .mapToObj(i -> "- [GES-" + i + "] (Ventes) Évolution " + i).collect(Collectors.joining("\n"));

        assertThat(read("road-book.md", markdown).changeCount()).isEqualTo(10_000);
    }

    @Test
    void yamlRoadBookLargerThanSnakeYamlsDefaultLimitIsAcceptedUnderOurs() throws IOException {
        String title = "t".repeat(1_900);
        String yaml = "versions:\n  - version: '1.1'\n    changes:\n" + IntStream.rangeClosed(1, 2_000)
                .mapToObj(i -> "      - {id: GES-" + i + ", title: " + title + "}").collect(Collectors.joining("\n"));

        assertThat(yaml.length()).as("over SnakeYAML's 3 MB default").isGreaterThan(3 * 1024 * 1024);
        assertThat(read("road-book.yaml", yaml).changeCount()).isEqualTo(2_000);
    }

    @Test
    void unquotedYamlVersionKeepsItsDigits() throws IOException {
        String yaml = "versions:\n  - {version: 1.10, changes: [{id: A, title: x}]}\n  - {version: 1.9, changes: []}\n";

        assertThat(read("road-book.yaml", yaml).versions()).extracting(RoadBook.Version::number).containsExactly("1.10", "1.9");
    }

    private RoadBook read(String fileName, String content) throws IOException {
        return reader.read(fileName, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
}
