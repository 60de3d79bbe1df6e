package org.releasegate.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.data.DataStore;
import org.releasegate.data.RowDigests;
import org.releasegate.data.TestPostgres;
import org.releasegate.data.TestStores;
import org.releasegate.environment.Environments;

/**
 * Records told apart by primary key on a real PostgreSQL server: keys of several columns, keys the server's locale
 * would sort otherwise, a column type without a hash function, a table without a primary key, and files a crash
 * cut short.
 */
class RecordChangesTest {

    private static final String DATABASE = "rg_records";

    private static TestPostgres postgres;

    @TempDir
    Path work;

    private DataStore store;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void database() throws Exception {
        if (postgres.databases().contains(DATABASE)) {
            postgres.executeAsSuperuser("postgres", "DROP DATABASE " + DATABASE + " WITH (FORCE)");
        }
        postgres.createDatabase(DATABASE,
                "CREATE TABLE clients (code text PRIMARY KEY, nom text)",
                "INSERT INTO clients VALUES ('C017', 'Durand'), ('C018', 'Martin'), ('b', 'minuscule'),"
                        + " ('B', 'majuscule'), ('É1', 'accent'), (E'tab\\there', 'tabulation')",
                "CREATE TABLE lignes (commande integer, ligne integer, article text, PRIMARY KEY (commande, ligne))",
                "INSERT INTO lignes SELECT c, l, 'article ' || c || '-' || l FROM generate_series(1, 3) c,"
                        + " generate_series(1, 2) l",
                "CREATE TABLE plans (id integer PRIMARY KEY, lieu point)",
                "INSERT INTO plans VALUES (1, point(1, 2)), (2, point(3, 4))",
                "CREATE TABLE journal (message text)",
                "INSERT INTO journal VALUES ('un'), ('deux')");
        store = new TestStores().with(Environments.PRODUCTION, postgres.storeSettings(DATABASE)).build().of(Environments.PRODUCTION);
    }

    @Test
    void recordsAddedChangedAndRemovedAreNamedByTheirKey() throws Exception {
        Path then = digests("then");
        postgres.execute(DATABASE,
                "INSERT INTO clients VALUES ('C104', 'Nouveau'), ('C105', 'Nouveau'), ('C106', 'Nouveau')",
                "UPDATE clients SET nom = 'Dupont' WHERE code = 'C017'",
                "DELETE FROM clients WHERE code = 'b'",
                "UPDATE lignes SET article = 'remplacé' WHERE commande = 2 AND ligne = 1",
                "UPDATE plans SET lieu = point(9, 9) WHERE id = 2",
                "INSERT INTO journal VALUES ('trois')");
        Path now = digests("now");

        assertThat(describe(then, now, "public.clients"))
                .isEqualTo("3 ajoutés (C104, C105, C106), 1 modifié (C017), 1 supprimé (b)");
        assertThat(describe(then, now, "public.lignes")).isEqualTo("0 ajouté, 1 modifié ((2,1)), 0 supprimé");
        assertThat(describe(then, now, "public.plans")).as("a point has no hash function: its text is hashed")
                .isEqualTo("0 ajouté, 1 modifié (2), 0 supprimé");
        assertThat(describe(then, now, "public.journal")).startsWith("sans clé primaire")
                .contains("2 → 3 lignes");
    }

    @Test
    void keysWithTabsAndAccentsComeBackAsTheyAre() throws Exception {
        Path then = digests("then");
        postgres.execute(DATABASE, "UPDATE clients SET nom = 'changé' WHERE code IN (E'tab\\there', 'É1')");

        RecordChanges changes = RecordChanges.between(then, digests("now"), "public.clients").orElseThrow();

        assertThat(changes.changed().first()).containsExactly("tab\there", "É1");
        assertThat(changes.added().count() + changes.removed().count()).isZero();
    }

    @Test
    void aFileCutShortByACrashIsNotCompared() throws Exception {
        Path then = digests("then");
        Path now = digests("now");
        Path file = RowDigests.file(now, "public.clients");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(new RecordStates(java.util.Map.of(RecordStates.State.ARCHIVED, then, RecordStates.State.NOW, now))
                .between(RecordStates.State.ARCHIVED, RecordStates.State.NOW, "public.clients")).isEmpty();
        assertThat(RecordChanges.between(then, work.resolve("absent"), "public.clients")).isEmpty();
    }

    private Path digests(String name) throws Exception {
        Path folder = work.resolve(name);
        assertThat(store.writeRowDigests(table -> true, folder)).isTrue();
        assertThat(Files.list(folder)).as("nothing half-written left beside the files")
                .allMatch(file -> file.getFileName().toString().endsWith(".rows.gz"));
        return folder;
    }

    private static String describe(Path then, Path now, String table) throws Exception {
        return RecordChanges.between(then, now, table).orElseThrow().describe(RecordChanges.NAMED);
    }
}
