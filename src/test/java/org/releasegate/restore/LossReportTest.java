package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.Fingerprint.Part;
import org.releasegate.data.Fingerprint.Sequence;

/** The text the release manager reads before deciding on a rollback, from fingerprints made up for each case. */
class LossReportTest {

    private static final String HEADER = "Archive production-data-2.0-t1 prise le 04/12/2026 21:05, juste avant"
            + " l'installation, il y a 2 h 10 min.";
    private static final DataCategories ODOO = new DataCategories(List.of("sale*", "account_move*", "clients.csv",
            "factures.csv"), List.of("ir_*", "res_lang"));

    @Test
    void businessChangesComeFirstAndAreAllListedWhileThirtyMetadataTablesAreShortened() {
        List<Part> before = new ArrayList<>();
        List<Part> after = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Alphabetically before every business table: the order that hid people's sales last time.
            before.add(table("ir_meta_" + (char) ('a' + i / 26) + (char) ('a' + i % 26), 100, "v1"));
            after.add(table("ir_meta_" + (char) ('a' + i / 26) + (char) ('a' + i % 26), 100 + i, "v2"));
        }
        for (int i = 0; i < 22; i++) {
            before.add(table("sale_order_" + i, 245, "v1"));
            after.add(table("sale_order_" + i, 257, "v2"));
        }

        String report = report(ODOO, rows(before), Optional.empty(), rows(after));

        assertThat(report).contains("Données métier (22) :").contains("Métadonnées de l'ERP (30) :")
                .contains("• … et 25 autres.");
        for (int i = 0; i < 22; i++) {
            assertThat(report).contains("• sale_order_" + i + " : 245 → 257 lignes, contenu modifié");
        }
        assertThat(report.indexOf("• sale_order_")).isLessThan(report.indexOf("• ir_meta_"));
        assertThat(report.lines().filter(line -> line.startsWith("• ir_meta_"))).hasSize(LossReport.METADATA_LISTED)
                .as("the largest metadata changes first").contains("• ir_meta_bd : 100 → 129 lignes, contenu modifié");
        assertThat(report.lines().filter(line -> line.startsWith("• … et"))).containsExactly("• … et 25 autres.");
    }

    @Test
    void seventyBusinessTablesAreAllNamedWithinTheEnginesFourThousandCharacters() {
        List<Part> before = new ArrayList<>();
        List<Part> after = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            before.add(table(String.format("sale_order_line_%03d", i), 245, "v1"));
            after.add(table(String.format("sale_order_line_%03d", i), 257, "v2"));
        }
        for (int i = 0; i < 30; i++) {
            before.add(table(String.format("ir_model_%03d", i), 100, "v1"));
            after.add(table(String.format("ir_model_%03d", i), 101, "v2"));
        }

        String report = report(ODOO, rows(before), Optional.empty(), rows(after));

        assertThat(report.length()).isLessThanOrEqualTo(LossReport.MAX_LENGTH);
        for (int i = 0; i < 70; i++) {
            assertThat(report).contains(String.format("• sale_order_line_%03d : 245 → 257 lignes\n", i));
        }
        assertThat(report).contains("Métadonnées de l'ERP (30) :\n• non détaillées ici, faute de place.")
                .doesNotContain("ir_model_0");
    }

    @Test
    void aReportThatCannotFitIsCutAtALineAndSaysSo() {
        List<Part> before = new ArrayList<>();
        List<Part> after = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            before.add(table(String.format("sale_order_line_%03d", i), 245, "v1"));
            after.add(table(String.format("sale_order_line_%03d", i), 257, "v2"));
        }

        String report = report(ODOO, rows(before), Optional.empty(), rows(after));

        assertThat(report.length()).isLessThanOrEqualTo(LossReport.MAX_LENGTH);
        assertThat(report).startsWith(HEADER).contains("• sale_order_line_000 : 245 → 257 lignes\n")
                .endsWith("\n… rapport coupé à 4000 caractères : le journal de Release Gate le garde en entier.");
    }

    @Test
    void whatTheMigrationChangedIsShownApartFromWhatPeopleEnteredSince() {
        Fingerprint archived = rows(List.of(table("sale_order", 245, "v1"), table("account_move", 1000, "v1"),
                table("ir_model_fields", 9000, "v1"), table("res_partner", 80, "v1")));
        // The migration rewrote the ERP's model and recomputed every sale order (a new column): no row added.
        Fingerprint afterInstall = rows(List.of(table("sale_order", 245, "v2"), table("account_move", 1000, "v1"),
                table("ir_model_fields", 9450, "v2"), table("res_partner", 80, "v1")));
        // Then people took 12 orders and posted 15 invoices, and one partner was added.
        Fingerprint now = rows(List.of(table("sale_order", 257, "v3"), table("account_move", 1015, "v2"),
                table("ir_model_fields", 9450, "v2"), table("res_partner", 81, "v2")));

        String report = report(ODOO, archived, Optional.of(afterInstall), now);

        assertThat(report).isEqualTo(HEADER + "\n" + """

                Saisi depuis la mise en production, par les utilisateurs ou l'ERP (3 tables) — une restauration le perdrait :
                Données métier (2) :
                • account_move : 1000 → 1015 lignes, contenu modifié
                • sale_order : 245 → 257 lignes, contenu modifié
                Autres données (1) :
                • res_partner : 80 → 81 lignes, contenu modifié

                Changé par la migration (2 tables) — ce qu'une restauration doit annuler :
                Données métier (1) :
                • sale_order : 245 lignes, contenu modifié
                Métadonnées de l'ERP (1) :
                • ir_model_fields : 9000 → 9450 lignes, contenu modifié

                Pour une table, seuls le nombre de lignes et une somme de contrôle sont relevés : « 245 → 257 lignes » \
                est un solde, des lignes ont aussi pu être modifiées ou supprimées.
                L'état actuel est archivé avant toute restauration : il reste récupérable.""");
    }

    @Test
    void withoutAFingerprintAfterTheInstallItSaysSoAndStillListsBusinessFirst() {
        Fingerprint archived = rows(List.of(table("ir_ui_view", 500, "v1"), table("sale_order_line", 1002, "v1")));
        Fingerprint now = rows(List.of(table("ir_ui_view", 530, "v2"), table("sale_order_line", 1040, "v2"),
                table("stock_quant", 12, "v1")));

        String report = report(ODOO, archived, Optional.empty(), now);

        assertThat(report).contains("Aucune empreinte des données n'a été relevée juste après l'installation")
                .contains("ne peuvent pas être distingués")
                .contains("Changé depuis l'archive (3 tables) — une restauration le perdrait :\n"
                        + "Données métier (1) :\n"
                        + "• sale_order_line : 1002 → 1040 lignes, contenu modifié\n"
                        + "Autres données (1) :\n"
                        + "• stock_quant : table créée (12 lignes)\n"
                        + "Métadonnées de l'ERP (1) :\n"
                        + "• ir_ui_view : 500 → 530 lignes, contenu modifié")
                .doesNotContain("Changé par la migration");
    }

    @Test
    void sequencesThatGaveOutNumbersSinceTheArchiveAreNamedWithTheNumbersARestoreWouldGiveAgain() {
        Fingerprint archived = rows(List.of(table("account_move", 1000, "v1")), List.of(
                new Sequence("public.account_move_seq", 1042, true, 1),
                new Sequence("public.sale_quote_seq", 1, false, 1),
                new Sequence("public.ir_cron_id_seq", 7, true, 1),
                new Sequence("public.stock_move_id_seq", 90, true, 1)));
        Fingerprint now = rows(List.of(table("account_move", 1015, "v2")), List.of(
                new Sequence("public.account_move_seq", 1057, true, 1),
                new Sequence("public.sale_quote_seq", 1, true, 1),
                new Sequence("public.ir_cron_id_seq", 9, true, 1),
                new Sequence("public.stock_move_id_seq", 90, true, 1),
                new Sequence("public.new_since_seq", 5, true, 1)));

        String report = report(ODOO, archived, Optional.empty(), now);

        assertThat(report).contains("Numéros déjà attribués qu'une restauration ferait attribuer une seconde fois"
                        + " (3 séquences) :\n"
                        + "• account_move_seq : les numéros 1043 à 1057 seraient attribués une seconde fois\n"
                        + "• sale_quote_seq : le numéro 1 serait attribué une seconde fois\n"
                        + "• ir_cron_id_seq : les numéros 8 à 9 seraient attribués une seconde fois\n")
                .contains("remettez ces séquences à leur valeur actuelle (setval) avant de rouvrir")
                .doesNotContain("stock_move_id_seq").doesNotContain("new_since_seq");
    }

    @Test
    void numbersTheMigrationMovedPastAreNotCountedAsGivenOutOnlyThoseGivenSinceTheInstall() {
        // The migration starts quotes at 5001 and takes two invoice numbers for rows of its own; people then issue
        // invoices 2026043 to 2026045 and quote 5001.
        Fingerprint archived = rows(List.of(table("account_move", 42, "v1")), List.of(
                new Sequence("public.account_move_seq", 2026040, true, 1),
                new Sequence("public.sale_quote_seq", 1040, true, 1)));
        Fingerprint installed = rows(List.of(table("account_move", 44, "v2")), List.of(
                new Sequence("public.account_move_seq", 2026042, true, 1),
                new Sequence("public.sale_quote_seq", 5001, false, 1)));
        Fingerprint now = rows(List.of(table("account_move", 47, "v3")), List.of(
                new Sequence("public.account_move_seq", 2026045, true, 1),
                new Sequence("public.sale_quote_seq", 5001, true, 1)));

        String report = report(ODOO, archived, Optional.of(installed), now);

        assertThat(report).contains("(2 séquences) :\n"
                        + "• account_move_seq : les numéros 2026043 à 2026045 seraient attribués une seconde fois\n"
                        + "• sale_quote_seq : le numéro 5001 serait attribué une seconde fois\n")
                .contains("Séquences déplacées par la migration (une restauration les remet où elles étaient) :\n"
                        + "• account_move_seq : prochain numéro 2026041 → 2026043\n"
                        + "• sale_quote_seq : prochain numéro 1041 → 5001")
                .doesNotContain("2026041 à").doesNotContain("1041 à");
    }

    @Test
    void largeObjectsAreToldAsObjectsNotRows() {
        Part documents = new Part(Fingerprint.LARGE_OBJECTS, 40, "v1");
        Part documentsNow = new Part(Fingerprint.LARGE_OBJECTS, 43, "v2");
        DataCategories categories = new DataCategories(List.of("pg_largeobject"), List.of());

        assertThat(report(categories, rows(List.of(documents)), Optional.empty(), rows(List.of(documentsNow))))
                .contains("Données métier (1) :\n• objets larges (pg_largeobject) : 40 → 43 objets, contenu modifié");
        assertThat(report(categories, rows(List.of()), Optional.empty(), rows(List.of(documentsNow))))
                .contains("• objets larges (pg_largeobject) : apparus (43 objets)");
    }

    @Test
    void anArchiveTakenBeforeSequencesWereRecordedSaysTheyWouldBeSetBackUnseen() {
        Fingerprint archived = rows(List.of(table("account_move", 1000, "v1")), List.of());
        Fingerprint now = rows(List.of(table("account_move", 1015, "v2")),
                List.of(new Sequence("public.account_move_seq", 1057, true, 1)));

        assertThat(report(ODOO, archived, Optional.empty(), now))
                .contains("Les séquences (numéros de devis, de factures…) ne figurent pas dans l'archive")
                .contains("les numéros attribués depuis le seraient une seconde fois");
    }

    @Test
    void csvFilesAreToldInRecordsAndColumnsAndOtherFilesInBytes() {
        Map<String, byte[]> contents = new HashMap<>();
        Part clientsThen = file(contents, "clients.csv", "id;nom;ville\nC001;Martin;Lyon\nC002;Alpes;Grenoble\n");
        Part clientsNow = file(contents, "clients.csv",
                "id;nom;ville;pays\nC001;Martin;Lyon;FR\nC002;Alpes;Grenoble;FR\nC003;Port;Marseille;FR\n");
        Part facturesThen = file(contents, "factures.csv", "id;montant\nF1;10\nF2;20\nF3;30\n");
        Part facturesNow = file(contents, "factures.csv", "id;montant\nF1;10\nF2;25\nF4;40\nF5;50\n");
        Part journal = file(contents, "journal.csv", "date;texte\n2026;a\n2026;a\n");
        Part journalNow = file(contents, "journal.csv", "date;texte\n2026;a\n2026;a\n2026;b\n");
        Part commandes = file(contents, "commandes-du-jour.csv", "id;client\n1;Dupont\n");
        Part version = new Part("schema-version", 4, "old");
        Part versionNow = new Part("schema-version", 4, "new");
        FileVersions files = (path, sha) -> Optional.ofNullable(contents.get(path + sha));

        String report = new LossReport(ODOO, files).write(HEADER,
                new Fingerprint(Fingerprint.BYTES, List.of(clientsThen, facturesThen, journal, version)), Optional.empty(),
                new Fingerprint(Fingerprint.BYTES, List.of(clientsNow, facturesNow, journalNow, commandes, versionNow)));

        assertThat(report).contains("Changé depuis l'archive (5 fichiers) — une restauration le perdrait :\n"
                + "Données métier (2) :\n"
                + "• clients.csv : 1 enregistrement ajouté (C003), 2 modifiés (C001, C002) ; colonne ajoutée : pays\n"
                + "• factures.csv : 2 enregistrements ajoutés (F4, F5), 1 modifié (F2), 1 supprimé (F3)\n"
                + "Autres données (3) :\n"
                + "• commandes-du-jour.csv : fichier créé : 1 enregistrement\n"
                + "• journal.csv : 1 ligne ajoutée\n"
                + "• schema-version : modifié (4 → 4 octets)\n")
                .doesNotContain("Pour une table").doesNotContain("Dupont");
    }

    @Test
    void withNothingDeclaredEverythingIsListedLargestFirstUpToTwenty() {
        List<Part> before = new ArrayList<>();
        List<Part> after = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            before.add(table(String.format("t%02d", i), 10, "v1"));
            after.add(table(String.format("t%02d", i), 10 + i, "v2"));
        }

        String report = report(DataCategories.none(), rows(before), Optional.empty(), rows(after));

        assertThat(report).doesNotContain("Données métier").contains("• t24 : 10 → 34 lignes, contenu modifié\n"
                + "• t23 : 10 → 33 lignes").contains("• … et 5 autres.").doesNotContain("• t00 :");
    }

    @Test
    void nothingChangedMeansNothingLost() {
        Fingerprint same = rows(List.of(table("sale_order", 3, "v1")),
                List.of(new Sequence("public.sale_order_id_seq", 3, true, 1)));

        assertThat(report(ODOO, same, Optional.of(same), same)).isEqualTo(HEADER
                + "\nAucune donnée de production n'a changé depuis : la restauration ne perdrait rien.");
    }

    private static String report(DataCategories categories, Fingerprint archived, Optional<Fingerprint> afterInstall,
                                 Fingerprint now) {
        return new LossReport(categories, FileVersions.none()).write(HEADER, archived, afterInstall, now);
    }

    private static Fingerprint rows(List<Part> parts) {
        return rows(parts, List.of());
    }

    private static Fingerprint rows(List<Part> parts, List<Sequence> sequences) {
        return new Fingerprint(Fingerprint.ROWS, parts, "pg-record-hash", sequences);
    }

    private static Part table(String name, long rows, String version) {
        return new Part("public." + name, rows, name + "-" + rows + "-" + version);
    }

    private static Part file(Map<String, byte[]> contents, String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha = Integer.toHexString(content.hashCode());
        contents.put(path + sha, bytes);
        return new Part(path, bytes.length, sha);
    }
}
