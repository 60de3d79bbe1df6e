package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** CSV changes told in records and columns, or in lines when records cannot be told apart. */
class TextChangesTest {

    @Test
    void recordsAreToldApartByTheirFirstColumnWhateverTheirOrder() {
        assertThat(TextChanges.changes(bytes("id;nom\n1;a\n2;b\n3;c\n"), bytes("id;nom\n3;c\n2;B\n4;d\n5;e\n")))
                .isEqualTo("2 enregistrements ajoutés (4, 5), 1 modifié (2), 1 supprimé (1)");
    }

    @Test
    void onlyTheFirstKeysAreNamed() {
        assertThat(TextChanges.changes(bytes("id;nom\n"), bytes("id;nom\nC1;a\nC2;b\nC3;c\nC4;d\nC5;e\nC6;f\n")))
                .isEqualTo("6 enregistrements ajoutés (C1, C2, C3, C4, C5…)");
    }

    @Test
    void columnsTheHeaderGainedOrLostAreNamed() {
        assertThat(TextChanges.changes(bytes("id,nom,ville\r\n1,a,Lyon\r\n"), bytes("id,nom,pays\r\n1,a,FR\r\n")))
                .isEqualTo("1 enregistrement modifié (1) ; colonne ajoutée : pays, colonne supprimée : ville");
    }

    @Test
    void withoutAUniqueFirstColumnLinesAreCounted() {
        assertThat(TextChanges.changes(bytes("date;texte\n2026;a\n2026;b\n"), bytes("date;texte\n2026;a\n2026;a\n2026;c\n")))
                .isEqualTo("2 lignes ajoutées, 1 supprimée");
        assertThat(TextChanges.size(bytes("date;texte\n2026;a\n2026;b\n"))).isEqualTo("2 lignes");
    }

    @Test
    void aFileInLatin1IsReadAsWellAndBlankLinesDoNotCount() {
        byte[] before = "id;libellé\n1;caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] after = "id;libellé;unité\n1;caf\u00e9;kg\n\n2;th\u00e9;kg\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(TextChanges.changes(before, after))
                .isEqualTo("1 enregistrement ajouté (2), 1 modifié (1) ; colonne ajoutée : unité");
        assertThat(TextChanges.size(after)).isEqualTo("2 enregistrements");
    }

    @Test
    void onlyCsvFilesApply() {
        assertThat(TextChanges.applies("exports/Clients.CSV")).isTrue();
        assertThat(TextChanges.applies("donnees.tsv")).isTrue();
        assertThat(TextChanges.applies("schema-version")).isFalse();
        assertThat(TextChanges.applies("base.db")).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
