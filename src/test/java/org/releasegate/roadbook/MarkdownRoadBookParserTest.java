package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.releasegate.RejectedInputException;

class MarkdownRoadBookParserTest {

    private static final String ROAD_BOOK = """
            # Road book Gestan

            Prose is ignored.

            ## Version 1.3
            - [GES-1301] (Paie) Nouveau bulletin
            ## Version 1.2
            * [GES-1201] Correction sans module
            ## 1.10
            - [GES-11001] (Ventes) Version à deux chiffres
            ## Version 1.1
            - [GES-1101] (Facturation) Pénalités de retard
            - [GES-1102] (Clients) Champ pays
            """;

    private final MarkdownRoadBookParser parser = new MarkdownRoadBookParser();

    @Test
    void readsVersionsChangesModulesAndTitles() {
        RoadBook roadBook = parser.parse(ROAD_BOOK);

        assertThat(roadBook.versions()).extracting(RoadBook.Version::number).containsExactly("1.3", "1.2", "1.10", "1.1");
        assertThat(roadBook.versions().get(3).changes()).containsExactly(
                new RoadBook.Change("GES-1101", "1.1", "Facturation", "Pénalités de retard"),
                new RoadBook.Change("GES-1102", "1.1", "Clients", "Champ pays"));
        assertThat(roadBook.versions().get(1).changes().get(0).module()).isEmpty();
    }

    @Test
    void skippedVersionsAreAllVerifiedInVersionOrder() {
        RoadBook roadBook = parser.parse(ROAD_BOOK);

        assertThat(roadBook.changesToVerify(Optional.of("1.1"), "1.3")).extracting(RoadBook.Change::id)
                .containsExactly("GES-1201", "GES-1301");
        assertThat(roadBook.changesToVerify(Optional.of("1.2"), "1.10")).extracting(RoadBook.Change::id)
                .as("1.10 comes after 1.3").containsExactly("GES-1301", "GES-11001");
        assertThat(roadBook.changesToVerify(Optional.empty(), "1.2")).extracting(RoadBook.Change::id)
                .containsExactly("GES-1101", "GES-1102", "GES-1201");
    }

    @Test
    void targetVersionMissingFromTheRoadBookIsRefused() {
        assertThatThrownBy(() -> parser.parse(ROAD_BOOK).changesToVerify(Optional.of("1.1"), "2.0"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("2.0");
    }

    @Test
    void malformedChangeIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parser.parse("## Version 1.1\n- [GES-1] ok\n- sans identifiant\n"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("ligne 3");
    }

    @Test
    void duplicateIdsAndVersionsAreRefused() {
        assertThatThrownBy(() -> parser.parse("## 1.1\n- [A] x\n## 1.2\n- [A] y\n"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("ligne 4").hasMessageContaining("A");
        assertThatThrownBy(() -> parser.parse("## 1.1\n- [A] x\n## 1.1\n- [B] y\n"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("ligne 3");
    }

    @Test
    void changeBeforeAnyVersionAndRoadBookWithoutVersionsAreRefused() {
        assertThatThrownBy(() -> parser.parse("- [A] x\n## 1.1\n"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("ligne 1");
        assertThatThrownBy(() -> parser.parse("juste du texte\n"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("aucune version");
    }
}
