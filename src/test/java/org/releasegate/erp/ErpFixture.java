package org.releasegate.erp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.releasegate.files.FileTrees;
import org.releasegate.data.TestPostgres;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.environment.EnvironmentProperties.FilesSettings;

/**
 * "Gestan", an ERP as Release Gate meets them, for the tests and the benchmarks: a PostgreSQL database owned by the
 * ERP's own role ({@value #OWNER}, not Release Gate's), in three schemas ({@code vente}, {@code compta},
 * {@code stock}) plus {@code public}, with a few hand-written business tables and enough generated ones to reach
 * {@link Size#tables()} (foreign keys, indexes, a wide table every {@value #WIDE_EVERY}), two trusted extensions
 * ({@code citext} for e-mail addresses, {@code pg_trgm} for an article search index), document-number sequences
 * (quotes from 1001, invoices from 2026001), invoice PDFs kept as large objects (an {@code oid} column), grants to a
 * reporting role and default privileges; and beside the database an attachments folder ({@value #ATTACHMENTS}) whose
 * files the table {@code vente.pieces_jointes} lists. Its vendor installer is {@code gestan-setup.sh} (a test
 * resource), which migrates schema 1.0 to 1.1 as the owner role.
 * <p>
 * Everything is generated deterministically, so that two fixtures of one {@link Size} hold the same content.
 */
public final class ErpFixture {

    /** The role that owns the ERP's database and every object in it; Release Gate's role is a member of it. */
    public static final String OWNER = "erp_owner";
    public static final String OWNER_PASSWORD = "erp-owner-secret";
    /** A reporting role the ERP grants reading to: grants a copy must keep. */
    public static final String READER = "erp_lecture";
    public static final List<String> SCHEMAS = List.of("vente", "compta", "stock");
    public static final List<String> EXTENSIONS = List.of("citext", "pg_trgm");
    /** The name of the attachments folder in the environment's {@code files}. */
    public static final String ATTACHMENTS = "pieces-jointes";
    /** First numbers of the document sequences. */
    public static final long FIRST_QUOTE = 1001;
    public static final long FIRST_INVOICE = 2026001;
    /** What a loss report lists first, and last: the environment's {@code business} and {@code metadata} globs. */
    public static final List<String> BUSINESS = List.of("clients", "devis", "factures", "lignes_facture",
            "pieces_jointes", "devis_numero_seq", "facture_numero_seq", "pg_largeobject", "devis-*.pdf",
            "facture-*.pdf");
    public static final List<String> METADATA = List.of("parametres");

    /** One generated table in this many is wide. */
    static final int WIDE_EVERY = 50;
    private static final int WIDE_COLUMNS = 60;
    /** The hand-written tables; generated ones complete the count. */
    private static final int CORE_TABLES = 9;
    private static final List<String> WORDS = List.of("tarifs", "remises", "historique", "journal", "modeles",
            "taxes", "lots", "emplacements", "relances_modele", "conditions", "contacts", "adresses", "unites",
            "familles", "budgets", "commissions", "inventaires", "transporteurs");

    /**
     * How much data.
     *
     * @param tables          tables in all, the hand-written ones included (at least {@value #CORE_TABLES})
     * @param rowsPerTable    rows of each generated table
     * @param customers       rows of {@code vente.clients}
     * @param invoices        invoices, each with 3 lines and a PDF as a large object
     * @param documentBytes   size of each invoice PDF
     * @param ledgerRows      accounting entries ({@code compta.ecritures}), the bulk of a real ERP's data
     * @param stockMoves      stock movements ({@code stock.mouvements})
     * @param attachments     files in the attachments folder, one per quote from the first
     * @param attachmentBytes size of each
     */
    public record Size(int tables, int rowsPerTable, int customers, int invoices, int documentBytes, long ledgerRows,
                       long stockMoves, int attachments, int attachmentBytes) {

        public Size {
            if (tables < CORE_TABLES) {
                throw new IllegalArgumentException("at least " + CORE_TABLES + " tables");
            }
        }

        /** For the regular tests: 250 tables of a few rows, 40 invoices with their PDFs, 12 attachments. */
        public static Size tests() {
            return new Size(250, 3, 20, 40, 2_048, 200, 100, 12, 3_000);
        }

        /**
         * For the benchmark: 220 tables, about 400 MB (pg_database_size) — 1.5 million accounting entries, 800,000
         * stock movements, 2,000 rows in each generated table, 20,000 invoices with a 2 KB PDF each.
         */
        public static Size benchmark() {
            return new Size(220, 2_000, 5_000, 20_000, 2_048, 1_500_000, 800_000, 100, 3_000);
        }
    }

    /** Template databases by server port and size. */
    private static final Map<String, String> TEMPLATES = new HashMap<>();

    private final TestPostgres postgres;
    private final String database;
    private final Path attachments;
    private final Size size;

    private ErpFixture(TestPostgres postgres, String database, Path attachments, Size size) {
        this.postgres = postgres;
        this.database = database;
        this.attachments = attachments;
        this.size = size;
    }

    /**
     * Creates the ERP's roles when the server has none yet, then its database {@code database} (dropped first if it
     * exists), filled as the owner role, and its attachments in {@code attachments} (emptied first).
     */
    public static ErpFixture create(TestPostgres postgres, String database, Path attachments, Size size)
            throws SQLException, IOException {
        createRoles(postgres);
        String template = template(postgres, size);
        postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)",
                "CREATE DATABASE \"" + database + "\" OWNER " + OWNER + " TEMPLATE \"" + template + "\"");
        ErpFixture erp = new ErpFixture(postgres, database, attachments, size);
        erp.writeAttachments();
        return erp;
    }

    /**
     * A database generated once per server and size, which each fixture's database is a file copy of (CREATE
     * DATABASE … TEMPLATE): half a second instead of several for 250 tables. Large objects keep their OIDs.
     */
    private static synchronized String template(TestPostgres postgres, Size size) throws SQLException {
        String key = postgres.port() + " " + size;
        String template = TEMPLATES.get(key);
        if (template == null) {
            template = "gestan_modele_" + Integer.toHexString(key.hashCode());
            postgres.executeAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + template + " WITH (FORCE)",
                    "CREATE DATABASE " + template + " OWNER " + OWNER + " TEMPLATE template0 ENCODING 'UTF8'");
            ErpFixture generator = new ErpFixture(postgres, template, null, size);
            try (Connection connection = generator.connectAsOwner(); Statement statement = connection.createStatement()) {
                for (String sql : generator.schema()) {
                    statement.execute(sql);
                }
            }
            TEMPLATES.put(key, template);
        }
        return template;
    }

    /** {@value #OWNER} (who may log in: the ERP and its installer connect as it) and {@value #READER}. */
    public static void createRoles(TestPostgres postgres) throws SQLException {
        postgres.createRolesIfMissing(OWNER, READER);
        postgres.executeAsSuperuser("postgres",
                "ALTER ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "'",
                // As a DBA lets Release Gate copy the ERP keeping its owners (docs/data-stores.md, PostgreSQL owners).
                "GRANT " + OWNER + " TO " + TestPostgres.ROLE);
    }

    public String database() {
        return database;
    }

    public Path attachments() {
        return attachments;
    }

    public Size size() {
        return size;
    }

    /** {@code releasegate.environments.<env>.data} for this database, as Release Gate's role, with its categories. */
    public DataStoreSettings settings() {
        return settings(postgres, database);
    }

    /** The same for another database of the ERP on that server (test's copy). */
    public static DataStoreSettings settings(TestPostgres postgres, String database) {
        return new DataStoreSettings("postgresql", null, postgres.url(database), TestPostgres.ROLE,
                TestPostgres.PASSWORD, 2, null, null, "postgres", null, List.of(), BUSINESS, METADATA);
    }

    /** {@code releasegate.environments.<env>.files[0]}: the attachments folder. */
    public FilesSettings files() {
        return new FilesSettings(ATTACHMENTS, attachments);
    }

    public Connection connectAsOwner() throws SQLException {
        return DriverManager.getConnection(postgres.url(database), OWNER, OWNER_PASSWORD);
    }

    // --- what the ERP's users do ----------------------------------------------------------------------------------

    /**
     * Invoices entered as the ERP's users enter them: numbered by {@code compta.facture_numero_seq}, each with its PDF
     * as a large object, a copy in the attachments folder ({@code 2026/facture-<numéro>.pdf}) and its row in
     * {@code vente.pieces_jointes}.
     *
     * @return their numbers, in order
     */
    public List<Long> enterInvoices(int count) throws SQLException, IOException {
        List<Long> numbers = new ArrayList<>();
        try (Connection connection = connectAsOwner()) {
            for (int i = 0; i < count; i++) {
                long number;
                try (PreparedStatement invoice = connection.prepareStatement("INSERT INTO compta.factures"
                        + " (client_id, montant, emise_le, pdf) VALUES (?, ?, current_date, lo_from_bytea(0,"
                        + " convert_to('%PDF-1.4 facture saisie ' || ?, 'UTF8'))) RETURNING numero")) {
                    invoice.setInt(1, 1 + i % size.customers());
                    invoice.setBigDecimal(2, new java.math.BigDecimal("149.90"));
                    invoice.setInt(3, i);
                    try (ResultSet row = invoice.executeQuery()) {
                        row.next();
                        number = row.getLong(1);
                    }
                }
                String path = "2026/facture-" + number + ".pdf";
                byte[] pdf = document("facture " + number, size.attachmentBytes());
                Path file = attachments.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, pdf);
                try (PreparedStatement attachment = connection.prepareStatement("INSERT INTO vente.pieces_jointes"
                        + " (facture_id, chemin, taille) SELECT id, ?, ? FROM compta.factures WHERE numero = ?")) {
                    attachment.setString(1, path);
                    attachment.setInt(2, pdf.length);
                    attachment.setLong(3, number);
                    attachment.executeUpdate();
                }
                numbers.add(number);
            }
        }
        return numbers;
    }

    // --- what tests compare ---------------------------------------------------------------------------------------

    /** {@code oid:md5} of every large object of {@code database}, by oid. */
    public static List<String> largeObjects(TestPostgres postgres, String database) throws SQLException {
        return postgres.query(database, "SELECT m.oid || ':' || md5(lo_get(m.oid)) FROM pg_largeobject_metadata m"
                + " ORDER BY m.oid");
    }

    /** {@code schema.table owner} of every table of the ERP's schemas in {@code database}. */
    public static List<String> tableOwners(TestPostgres postgres, String database) throws SQLException {
        return postgres.query(database, "SELECT schemaname || '.' || tablename || ' ' || tableowner FROM pg_tables"
                + " WHERE schemaname IN ('public', 'vente', 'compta', 'stock') ORDER BY 1");
    }

    // --- its installation -----------------------------------------------------------------------------------------

    /** The vendor's installer, {@code gestan-setup.sh}, copied into {@code folder} and made executable. */
    public static Path installer(Path folder) throws IOException {
        Path script = Files.createDirectories(folder).resolve("gestan-setup.sh");
        try (InputStream in = ErpFixture.class.getResourceAsStream("gestan-setup.sh")) {
            if (in == null) {
                throw new IllegalStateException("test resource org/releasegate/erp/gestan-setup.sh is missing");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        return script;
    }

    /** The file a release names as its installer package: the vendor's installer reads the version in it. */
    public static Path installerPackage(Path inbox, String version) throws IOException {
        return Files.writeString(Files.createDirectories(inbox).resolve("gestan-" + version + ".pkg"),
                "product=gestan\nversion=" + version + "\n");
    }

    /**
     * {@code releasegate.environments.<environment>.installer} in command mode, running {@code installer} silently
     * on the install root with the release's package; the installed version is read from {@code app/VERSION}.
     */
    public static Map<String, String> installerSettings(String environment, Path installer) {
        String prefix = "releasegate.environments." + environment + ".installer.";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "mode", "command");
        List<String> command = List.of(installer.toString(), "--silent", "--target", "${installRoot}", "--package",
                "${package}");
        for (int i = 0; i < command.size(); i++) {
            settings.put(prefix + "command[" + i + "]", command.get(i));
        }
        settings.put(prefix + "version-file", "app/VERSION");
        settings.put(prefix + "timeout", "2m");
        return settings;
    }

    /**
     * Deploys the ERP's configuration under {@code installRoot}: {@code conf/gestan.conf} (readable by its owner
     * only), naming the database and the owner role it connects as, and the psql its installer runs.
     */
    public void configure(Path installRoot) throws IOException {
        Path conf = Files.createDirectories(installRoot.resolve("conf")).resolve("gestan.conf");
        Files.writeString(conf, "db.host=localhost\ndb.port=" + postgres.port() + "\ndb.name=" + database
                + "\ndb.user=" + OWNER + "\ndb.password=" + OWNER_PASSWORD + "\npsql="
                + TestPostgres.clientBin().resolve("psql") + "\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
    }

    // --- generation -----------------------------------------------------------------------------------------------

    private List<String> schema() {
        List<String> sql = new ArrayList<>();
        EXTENSIONS.forEach(extension -> sql.add("CREATE EXTENSION " + extension));
        for (String schema : SCHEMAS) {
            sql.add("CREATE SCHEMA " + schema);
            sql.add("GRANT USAGE ON SCHEMA " + schema + " TO " + READER);
            sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + READER);
        }
        int customers = size.customers();
        int articles = Math.max(10, size.customers());
        int invoices = size.invoices();
        int quotes = Math.max(size.attachments(), invoices * 3 / 4);
        sql.addAll(List.of(
                "CREATE TABLE public.parametres (cle text PRIMARY KEY, valeur text NOT NULL)",
                "INSERT INTO public.parametres VALUES ('version_schema', '1.0'), ('societe', 'Gestan Démo SA'),"
                        + " ('devise', 'EUR'), ('smtp.host', 'smtp.gestan.example')",
                "CREATE TABLE vente.clients (id integer PRIMARY KEY, nom text NOT NULL, email citext NOT NULL UNIQUE,"
                        + " pays text NOT NULL, cree_le timestamptz NOT NULL)",
                "INSERT INTO vente.clients SELECT i, 'Client ' || i, 'Client' || i || '@Exemple.fr',"
                        + " (ARRAY['fr', 'be', 'ch', 'lu'])[1 + i % 4],"
                        + " timestamptz '2024-01-01 09:00:00+01' + i * interval '7 hours'"
                        + " FROM generate_series(1, " + customers + ") i",
                "CREATE TABLE stock.articles (id integer PRIMARY KEY, reference text NOT NULL UNIQUE,"
                        + " libelle text NOT NULL, prix numeric(12,2) NOT NULL)",
                "INSERT INTO stock.articles SELECT i, 'ART-' || lpad(i::text, 6, '0'),"
                        + " (ARRAY['Vis', 'Écrou', 'Rondelle', 'Cheville', 'Boulon'])[1 + i % 5] || ' inox ' || i"
                        + " || ' mm', round((1 + i % 97) * 1.15, 2) FROM generate_series(1, " + articles + ") i",
                "CREATE INDEX articles_libelle_trgm ON stock.articles USING gin (libelle gin_trgm_ops)",
                "CREATE SEQUENCE vente.devis_numero_seq START " + FIRST_QUOTE,
                "CREATE TABLE vente.devis (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " numero bigint NOT NULL UNIQUE DEFAULT nextval('vente.devis_numero_seq'),"
                        + " client_id integer NOT NULL REFERENCES vente.clients, montant numeric(12,2) NOT NULL,"
                        + " cree_le date NOT NULL)",
                "ALTER SEQUENCE vente.devis_numero_seq OWNED BY vente.devis.numero",
                "INSERT INTO vente.devis (client_id, montant, cree_le) SELECT 1 + i % " + customers
                        + ", round(i * 12.5, 2), date '2026-01-05' + i % 300 FROM generate_series(1, " + quotes + ") i",
                "CREATE SEQUENCE compta.facture_numero_seq START " + FIRST_INVOICE,
                "CREATE TABLE compta.factures (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " numero bigint NOT NULL UNIQUE DEFAULT nextval('compta.facture_numero_seq'),"
                        + " client_id integer NOT NULL REFERENCES vente.clients, devis_id integer REFERENCES vente.devis,"
                        + " montant numeric(12,2) NOT NULL, emise_le date NOT NULL, pdf oid)",
                "ALTER SEQUENCE compta.facture_numero_seq OWNED BY compta.factures.numero",
                "INSERT INTO compta.factures (client_id, devis_id, montant, emise_le) SELECT 1 + i % " + customers
                        + ", CASE WHEN i <= " + quotes + " THEN i END, round(i * 12.5, 2), date '2026-01-10' + i % 300"
                        + " FROM generate_series(1, " + invoices + ") i",
                // The PDFs: a header, then bytes that differ from one invoice to the next.
                "UPDATE compta.factures SET pdf = lo_from_bytea(0, convert_to('%PDF-1.4 facture ' || numero || E'\\n',"
                        + " 'UTF8') || substr(decode(repeat(md5(numero::text), " + (size.documentBytes() / 16 + 1)
                        + "), 'hex'), 1, " + size.documentBytes() + "))",
                "CREATE TABLE compta.lignes_facture (facture_id integer NOT NULL REFERENCES compta.factures,"
                        + " ligne integer NOT NULL, article_id integer NOT NULL REFERENCES stock.articles,"
                        + " quantite integer NOT NULL, prix numeric(12,2) NOT NULL, PRIMARY KEY (facture_id, ligne))",
                "INSERT INTO compta.lignes_facture SELECT f.id, l, 1 + (f.id * 7 + l) % " + articles + ", l,"
                        + " round(f.montant / 6, 2) FROM compta.factures f, generate_series(1, 3) l",
                "CREATE TABLE vente.pieces_jointes (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " devis_id integer REFERENCES vente.devis, facture_id integer REFERENCES compta.factures,"
                        + " chemin text NOT NULL UNIQUE, taille integer NOT NULL)",
                // The attachments folder holds these (writeAttachments, quoteAttachment).
                "INSERT INTO vente.pieces_jointes (devis_id, chemin, taille) SELECT id, '2026/devis-' || numero"
                        + " || '.pdf', " + size.attachmentBytes() + " FROM vente.devis WHERE numero < "
                        + (FIRST_QUOTE + size.attachments()) + " ORDER BY numero",
                "CREATE TABLE compta.ecritures (id bigint PRIMARY KEY, facture_id integer NOT NULL"
                        + " REFERENCES compta.factures, compte text NOT NULL, libelle text NOT NULL,"
                        + " debit numeric(14,2) NOT NULL, credit numeric(14,2) NOT NULL, passee_le timestamptz NOT NULL)",
                "INSERT INTO compta.ecritures SELECT i, 1 + i % " + invoices + ","
                        + " (ARRAY['411000', '445710', '706000', '512000'])[1 + i % 4],"
                        + " 'Écriture ' || i || ' de la facture ' || (1 + i % " + invoices + "),"
                        + " CASE WHEN i % 2 = 0 THEN round((i % 100000) * 0.37, 2) ELSE 0 END,"
                        + " CASE WHEN i % 2 = 1 THEN round((i % 100000) * 0.37, 2) ELSE 0 END,"
                        + " timestamptz '2026-01-01 00:00:00+01' + i * interval '13 seconds'"
                        + " FROM generate_series(1, " + size.ledgerRows() + ") i",
                "CREATE INDEX ecritures_facture ON compta.ecritures (facture_id)",
                "CREATE TABLE stock.mouvements (id bigint PRIMARY KEY, article_id integer NOT NULL"
                        + " REFERENCES stock.articles, quantite integer NOT NULL, motif text NOT NULL,"
                        + " le timestamptz NOT NULL)",
                "INSERT INTO stock.mouvements SELECT i, 1 + i % " + articles + ", (i % 41) - 20,"
                        + " (ARRAY['réception', 'expédition', 'inventaire', 'retour'])[1 + i % 4],"
                        + " timestamptz '2026-01-01 00:00:00+01' + i * interval '29 seconds'"
                        + " FROM generate_series(1, " + size.stockMoves() + ") i",
                "CREATE INDEX mouvements_article ON stock.mouvements (article_id)"));
        for (int k = 1; k <= size.tables() - CORE_TABLES; k++) {
            sql.addAll(generatedTable(k));
        }
        return sql;
    }

    /**
     * Generated table {@code k}: in schema {@code k % 3}, a foreign key to the customers and to the table generated
     * before it in the same schema, an index on each; a wide one every {@value #WIDE_EVERY}.
     */
    private List<String> generatedTable(int k) {
        String schema = SCHEMAS.get(k % SCHEMAS.size());
        String name = schema + "." + tableName(k);
        String parent = k > SCHEMAS.size() ? schema + "." + tableName(k - SCHEMAS.size()) : null;
        boolean wide = k % WIDE_EVERY == 0;
        StringBuilder create = new StringBuilder("CREATE TABLE " + name + " (id integer PRIMARY KEY,"
                + " client_id integer NOT NULL REFERENCES vente.clients, parent_id integer"
                + (parent == null ? "" : " REFERENCES " + parent) + ", code text NOT NULL, libelle text,"
                + " montant numeric(12,2), actif boolean NOT NULL DEFAULT true, modifie_le timestamptz NOT NULL");
        StringBuilder columns = new StringBuilder("id, client_id, parent_id, code, libelle, montant, modifie_le");
        StringBuilder values = new StringBuilder("i, 1 + (i + " + k + ") % " + size.customers() + ", "
                + (parent == null ? "NULL" : "1 + i % " + size.rowsPerTable()) + ", 'C" + k + "-' || i,"
                + " 'Libellé ' || i || ' de " + tableName(k) + "', round(i * 1.5 + " + k + ", 2),"
                + " timestamptz '2026-01-01 00:00:00+01' + (i + " + k + ") * interval '1 minute'");
        if (wide) {
            for (int c = 1; c <= WIDE_COLUMNS; c++) {
                String column = String.format("%s%02d", "tnidb".charAt(c % 5), c);
                create.append(", ").append(column).append(switch (c % 5) {
                    case 0 -> " text";
                    case 1 -> " numeric(12,2)";
                    case 2 -> " integer";
                    case 3 -> " date";
                    default -> " boolean";
                });
                columns.append(", ").append(column);
                values.append(", ").append(switch (c % 5) {
                    case 0 -> "'valeur " + c + " ' || i";
                    case 1 -> "round(i * " + c + " / 7.0, 2)";
                    case 2 -> "i * " + c;
                    case 3 -> "date '2026-01-01' + (i + " + c + ") % 365";
                    default -> "(i + " + c + ") % 3 = 0";
                });
            }
        }
        create.append(")");
        List<String> sql = new ArrayList<>(List.of(create.toString(),
                "CREATE INDEX ON " + name + " (client_id)",
                "INSERT INTO " + name + " (" + columns + ") SELECT " + values + " FROM generate_series(1, "
                        + size.rowsPerTable() + ") i"));
        if (parent != null) {
            sql.add("CREATE INDEX ON " + name + " (parent_id)");
        }
        return sql;
    }

    private static String tableName(int k) {
        return WORDS.get(k % WORDS.size()) + String.format("_%03d", k);
    }

    /** One file per quote from the first, as {@code vente.pieces_jointes} lists them. */
    private void writeAttachments() throws IOException {
        if (Files.exists(attachments)) {
            FileTrees.deleteRecursively(attachments);
        }
        Files.createDirectories(attachments.resolve("2026"));
        for (int i = 0; i < size.attachments(); i++) {
            long quote = FIRST_QUOTE + i;
            Files.write(attachments.resolve(quoteAttachment(quote)), document("devis " + quote, size.attachmentBytes()));
        }
    }

    private static String quoteAttachment(long quote) {
        return "2026/devis-" + quote + ".pdf";
    }

    /** A PDF-looking document of {@code bytes} bytes, the same for the same title. */
    private static byte[] document(String title, int bytes) {
        byte[] content = new byte[bytes];
        byte[] header = ("%PDF-1.4 " + title + "\n").getBytes(StandardCharsets.UTF_8);
        long state = title.hashCode();
        for (int i = 0; i < bytes; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            content[i] = i < header.length ? header[i] : (byte) (state >>> 56);
        }
        return content;
    }
}
