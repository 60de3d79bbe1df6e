package org.releasegate.roadbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same road book written in each format reads to the same versions and changes. */
class RoadBookFormatsTest {

    static final String MARKDOWN = """
            # Road book Gestan

            ## Version 1.0
            - [GES-1001] (Socle) Première version
            ## Version 1.1 — mars 2025
            - [GES-1101] (Facturation) Pénalités de retard; en pied de facture
            - [GES-1102] (Clients) Champ « pays », renseigné à "FR"
            ## Version 1.2
            - [GES-1201] Correction sans module
            ## Version 1.3
            - [GES-1301] (Paie) Nouveau bulletin
            """;

    static final String YAML = """
            # Road book Gestan
            versions:
              - version: "1.0"
                changes:
                  - { id: GES-1001, module: Socle, title: Première version }
              - version: 1.1
                changes:
                  - id: GES-1101
                    module: Facturation
                    title: "Pénalités de retard; en pied de facture"
                  - id: GES-1102
                    module: Clients
                    title: Champ « pays », renseigné à "FR"
              - changes:
                  - id: GES-1201
                    title: Correction sans module
                version: '1.2'
              - version: 1.3
                changes:
                  - { id: GES-1301, module: Paie, title: Nouveau bulletin }
            """;

    static final String JSON = """
            {"versions": [
              {"version": "1.0", "changes": [{"id": "GES-1001", "module": "Socle", "title": "Première version"}]},
              {"version": "1.1", "changes": [
                {"id": "GES-1101", "module": "Facturation", "title": "Pénalités de retard; en pied de facture"},
                {"id": "GES-1102", "module": "Clients", "title": "Champ « pays », renseigné à \\"FR\\""}]},
              {"version": "1.2", "changes": [{"id": "GES-1201", "module": null, "title": "Correction sans module"}]},
              {"version": "1.3", "changes": [{"id": "GES-1301", "module": "Paie", "title": "Nouveau bulletin"}]}
            ]}
            """;

    static final String CSV_SEMICOLON = """
            version;id;module;title
            1.0;GES-1001;Socle;Première version
            1.1;GES-1101;Facturation;"Pénalités de retard; en pied de facture"
            1.1;GES-1102;Clients;"Champ « pays », renseigné à ""FR\"\"\"
            1.2;GES-1201;;Correction sans module
            1.3;GES-1301;Paie;Nouveau bulletin
            """;

    static final String CSV_COMMA = "\r\n"
            + "Version,ID,Module,Title\r\n"
            + "1.0,GES-1001,Socle,Première version\r\n"
            + "1.1,GES-1101,Facturation,Pénalités de retard; en pied de facture\r\n"
            + " 1.1 , GES-1102 , Clients , \"Champ « pays », renseigné à \"\"FR\"\"\" \r\n"
            + ",,,\r\n"
            + "1.2,GES-1201,,Correction sans module\r\n"
            + "1.3,GES-1301,Paie,Nouveau bulletin";

    static final RoadBook EXPECTED = new RoadBook(List.of(
            new RoadBook.Version("1.0", List.of(new RoadBook.Change("GES-1001", "1.0", "Socle", "Première version"))),
            new RoadBook.Version("1.1", List.of(
                    new RoadBook.Change("GES-1101", "1.1", "Facturation", "Pénalités de retard; en pied de facture"),
                    new RoadBook.Change("GES-1102", "1.1", "Clients", "Champ « pays », renseigné à \"FR\""))),
            new RoadBook.Version("1.2", List.of(new RoadBook.Change("GES-1201", "1.2", "", "Correction sans module"))),
            new RoadBook.Version("1.3", List.of(new RoadBook.Change("GES-1301", "1.3", "Paie", "Nouveau bulletin")))));

    private final RoadBookReader reader = new RoadBookReader(RoadBookReader.DEFAULT_MAX_SIZE);

    static Stream<Arguments> sameRoadBookInEachFormat() {
        return Stream.of(
                Arguments.of("road-book.md", MARKDOWN),
                Arguments.of("road-book.markdown", MARKDOWN),
                Arguments.of("road-book.yaml", YAML),
                Arguments.of("ROAD-BOOK.YML", YAML),
                Arguments.of("road-book.json", JSON),
                Arguments.of("road-book.csv", CSV_SEMICOLON),
                Arguments.of("road-book.csv", CSV_COMMA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameRoadBookInEachFormat")
    void eachFormatReadsToTheSameRoadBook(String fileName, String content) throws IOException {
        assertThat(read(fileName, content)).isEqualTo(EXPECTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameRoadBookInEachFormat")
    void skippingVersionsVerifiesEveryChangeOfTheSkippedVersions(String fileName, String content) throws IOException {
        RoadBook roadBook = read(fileName, content);

        assertThat(roadBook.changesToVerify(Optional.of("1.0"), "1.3")).extracting(RoadBook.Change::id)
                .containsExactly("GES-1101", "GES-1102", "GES-1201", "GES-1301");
        assertThat(roadBook.changesToVerify(Optional.of("1.1"), "1.2")).extracting(RoadBook.Change::id)
                .containsExactly("GES-1201");
        assertThat(roadBook.changesToVerify(Optional.of("1.3"), "1.3")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameRoadBookInEachFormat")
    void byteOrderMarkIsAccepted(String fileName, String content) throws IOException {
        byte[] text = content.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        assertThat(reader.read(fileName, new ByteArrayInputStream(withBom))).isEqualTo(EXPECTED);
    }

    private RoadBook read(String fileName, String content) throws IOException {
        return reader.read(fileName, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
}
