package org.releasegate.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.environment.EnvironmentProperties.FilesSettings;
import org.releasegate.environment.EnvironmentProperties.PostCopyScriptSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The data store of each configured environment ({@code releasegate.environments.<name>.data}), and the one place
 * that knows how to build each type.
 */
@Component
public class DataStores {

    private static final Logger LOG = LoggerFactory.getLogger(DataStores.class);
    private static final Path DEFAULT_TOOLS = Path.of("");
    private static final Pattern LABEL = Pattern.compile("environment '([^']+)'");
    private static final Pattern PART_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final EnvironmentProperties properties;
    private final FolderCopier directoryCopier;
    private final Map<Path, PgTools> pgTools = new ConcurrentHashMap<>();

    public DataStores(EnvironmentProperties properties, FolderCopier directoryCopier) {
        this.properties = properties;
        this.directoryCopier = directoryCopier;
    }

    /**
     * The store of environment {@code name}.
     *
     * @throws DataStoreConfigurationException when the environment or its data settings are missing or wrong
     */
    public DataStore of(String environment) {
        DataStore main = mainStore(environment);
        List<FilesSettings> files = properties.environments().get(environment).files();
        if (files.isEmpty()) {
            return main;
        }
        Map<String, DataStore> parts = new LinkedHashMap<>();
        parts.put(CompositeStore.MAIN, main);
        for (int i = 0; i < files.size(); i++) {
            FilesSettings folder = files.get(i);
            String key = "releasegate.environments." + environment + ".files[" + i + "].";
            if (folder.name() == null || !PART_NAME.matcher(folder.name()).matches()
                    || CompositeStore.MAIN.equals(folder.name())) {
                throw new DataStoreConfigurationException(key + "name must be lower-case letters, digits and '-' "
                        + "(at most 40), other than '" + CompositeStore.MAIN + "'");
            }
            if (parts.containsKey(folder.name())) {
                throw new DataStoreConfigurationException(key + "name '" + folder.name() + "' is used twice");
            }
            DirectoryStore store = new DirectoryStore(required(folder.path(), key + "path"), directoryCopier);
            for (DataStore other : parts.values()) {
                if (other instanceof DirectoryStore directory && (directory.folder().startsWith(store.folder())
                        || store.folder().startsWith(directory.folder()))) {
                    throw new DataStoreConfigurationException(key + "path " + store.folder() + " overlaps "
                            + directory.folder() + ": each file belongs to one store");
                }
            }
            parts.put(folder.name(), store);
        }
        return new CompositeStore(parts);
    }

    /** The environment a store's label names (« environment 'production' (clone x) »), for people's messages. */
    static String environmentOf(String label) {
        Matcher environment = LABEL.matcher(label);
        return environment.find() ? environment.group(1) : label;
    }

    private DataStore mainStore(String environment) {
        DataStoreSettings settings = settings(environment);
        String label = "environment '" + environment + "'";
        String prefix = "releasegate.environments." + environment + ".data.";
        return switch (settings.type() == null ? "" : settings.type()) {
            case DirectoryStore.TYPE -> new DirectoryStore(required(settings.path(), prefix + "path"), directoryCopier);
            case H2Store.TYPE -> {
                try {
                    yield new H2Store(label, required(settings.path(), prefix + "path"), settings.url(),
                            settings.username(), settings.password());
                } catch (IllegalArgumentException e) {
                    throw new DataStoreConfigurationException(prefix + "path: " + e.getMessage());
                }
            }
            case PostgresStore.TYPE -> {
                String url = required(settings.url(), prefix + "url");
                PostgresLocation location;
                try {
                    location = PostgresLocation.parse(url);
                } catch (DataStoreConfigurationException e) {
                    throw new DataStoreConfigurationException(prefix + "url: " + e.getMessage());
                }
                if (location.database().length() > PostgresLocation.MAX_DATABASE_NAME) {
                    throw new DataStoreConfigurationException(prefix + "url: the database name '" + location.database()
                            + "' is longer than " + PostgresLocation.MAX_DATABASE_NAME + " characters; staging names"
                            + " add a suffix and PostgreSQL cuts names at 63");
                }
                if (settings.jobs() < 1) {
                    throw new DataStoreConfigurationException(prefix + "jobs must be 1 or more");
                }
                yield new PostgresStore(label, location, required(settings.username(), prefix + "username"),
                        settings.password(), settings.jobs(), () -> pgTools(settings.pgBin()), settings.workDir(),
                        settings.maintenanceDatabase(), blankToNull(settings.owner()));
            }
            default -> throw new DataStoreConfigurationException(prefix + "type '" + settings.type()
                    + "' is not supported; supported: directory, h2, postgresql");
        };
    }

    /**
     * How long environment {@code name}'s stopped folders must be seen unwritten ({@code data.settle}, default 2 s):
     * before the stop is proved ({@link DataStore#quiesce}) or before an archive of them is published
     * ({@link WriteWatch#requireQuietFor}).
     */
    public Duration settle(String environment) {
        return settings(environment).settle();
    }

    /** The scripts run on a staged copy before it replaces environment {@code name}'s data. */
    public List<PostCopyScript> postCopyScripts(String environment) {
        List<PostCopyScript> scripts = new ArrayList<>();
        List<PostCopyScriptSettings> configured = settings(environment).postCopy();
        for (int i = 0; configured != null && i < configured.size(); i++) {
            PostCopyScriptSettings script = configured.get(i);
            String key = "releasegate.environments." + environment + ".data.post-copy[" + i + "]";
            boolean hasCommand = script.command() != null && !script.command().isEmpty();
            if ((script.sql() == null) == !hasCommand) {
                throw new DataStoreConfigurationException(key + ": give either sql (a file) or command");
            }
            if (script.timeout() == null || script.timeout().isNegative() || script.timeout().isZero()) {
                throw new DataStoreConfigurationException(key + ".timeout must be positive");
            }
            String name = script.name() != null ? script.name()
                    : script.sql() != null ? script.sql().getFileName().toString() : String.join(" ", script.command());
            scripts.add(new PostCopyScript(name, script.sql(), script.command(), script.timeout()));
        }
        return scripts;
    }

    /**
     * Replaces environment {@code to}'s data with a verified copy of {@code from}'s (only read), after running
     * {@code to}'s post-copy scripts on the staged copy. On any failure {@code to} keeps its data.
     *
     * @return what was copied (the source's content)
     */
    public Fingerprint copy(String from, String to) throws IOException {
        DataStore source = of(from);
        DataStore target = of(to);
        if (!source.type().equals(target.type())) {
            throw new DataStoreConfigurationException("cannot copy the " + source.type() + " store of environment '"
                    + from + "' into the " + target.type() + " store of environment '" + to + "'");
        }
        return target.replaceWithCopyOf(source, postCopyScripts(to));
    }

    /**
     * Sends environment {@code name}'s data (only read) as a {@link FolderStream}, for a copy on another machine.
     *
     * @return what was sent
     * @throws DataStoreConfigurationException when the store is not a single folder (not streamed yet)
     */
    public Fingerprint send(String environment, OutputStream out) throws IOException {
        return directory(environment).send(out);
    }

    /**
     * Replaces environment {@code to}'s data with a copy arriving from another machine as a {@link FolderStream},
     * staged and checked as it arrives, then {@code to}'s post-copy scripts run on it, then swapped in. On any failure,
     * a stream cut or corrupted included, {@code to} keeps its data.
     *
     * @return what was copied (the source's content, before the scripts changed the copy)
     */
    public Fingerprint replaceWithStream(String to, InputStream stream) throws IOException {
        DirectoryStore target = directory(to);
        try (StagedData staged = target.stageStream(stream)) {
            PostCopyScript.runAll(postCopyScripts(to), staged);
            staged.publish();
            return staged.fingerprint();
        }
    }

    private DirectoryStore directory(String environment) {
        DataStore store = of(environment);
        if (store instanceof DirectoryStore directory) {
            return directory;
        }
        throw new DataStoreConfigurationException("the " + store.type() + " store of environment '" + environment
                + "' (" + store.location() + ") cannot be copied between machines yet: only a single directory store "
                + "can (docs/agents.md, \"Copies between machines\"); let one node run both environments' steps");
    }

    /**
     * Every configuration problem of the configured data stores, to refuse start-up with all of them at once: unknown
     * types, missing settings, SQL post-copy scripts on a folder, missing script files, and for PostgreSQL missing
     * tools, a pg_dump older than the server, or a role that may not create databases, replace the environment's
     * database or act as its data.owner (when the server answers; when it does not, a warning, and the checks are
     * made again before every copy or restore).
     */
    List<String> configurationProblems() {
        List<String> problems = new ArrayList<>();
        properties.environments().forEach((environment, settings) -> {
            if (settings.data() == null) {
                return;
            }
            if (settings.data().settle().isNegative()) {
                problems.add("releasegate.environments." + environment + ".data.settle must not be negative");
            }
            try {
                DataStore store = of(environment);
                for (PostCopyScript script : postCopyScripts(environment)) {
                    if (script.sql() != null && (store instanceof CompositeStore set ? set.main() : store)
                            instanceof DirectoryStore) {
                        problems.add("releasegate.environments." + environment + ".data.post-copy: " + script.name()
                                + " is SQL, but a directory store is no database; use a command");
                    }
                    if (script.sql() != null && !Files.isReadable(script.sql())) {
                        problems.add("releasegate.environments." + environment + ".data.post-copy: SQL file "
                                + script.sql().toAbsolutePath() + " does not exist or cannot be read");
                    }
                }
                if (store instanceof PostgresStore postgres) {
                    problems.addAll(checkServer(environment, postgres, settings.data()));
                }
            } catch (DataStoreConfigurationException e) {
                problems.add(e.getMessage());
            }
        });
        return problems;
    }

    private List<String> checkServer(String environment, PostgresStore store, DataStoreSettings settings) {
        String prefix = "releasegate.environments." + environment + ".data: ";
        PgTools tools;
        try {
            tools = pgTools(settings.pgBin());
        } catch (DataStoreConfigurationException e) {
            return List.of(prefix + e.getMessage());
        }
        LOG.info("Environment '{}': PostgreSQL tools {} ({}, {})", environment, tools.bin(), tools.dumpVersion(),
                tools.restoreVersion());
        List<String> problems = new ArrayList<>();
        try (Connection connection = store.connectMaintenance()) {
            Optional.ofNullable(tools.incompatibilityWith(PostgresStore.serverMajor(connection)))
                    .ifPresent(problem -> problems.add(prefix + problem));
            PostgresPreflight preflight = new PostgresPreflight(connection);
            preflight.serverProblems(store.database(), blankToNull(settings.owner()))
                    .forEach(problem -> problems.add(prefix + problem));
            if (!preflight.canEndOthersSessions()) {
                // Needed only if other roles (the ERP's) are connected when the database is closed or replaced:
                // checked then, before anything is touched.
                LOG.warn("Environment '{}': role '{}' may end only its own sessions; sessions of other roles on {}"
                        + " will stop a copy, restore or stop (GRANT pg_signal_backend TO {})", environment,
                        settings.username(), store.database(), settings.username());
            }
        } catch (PermanentStoreFailureException e) {
            problems.add(prefix + e.getMessage());
        } catch (IOException | SQLException e) {
            LOG.warn("Environment '{}': the PostgreSQL server could not be reached to check pg_dump's version and the"
                    + " role's privileges (checked again before every copy): {}", environment, e.getMessage());
        }
        return problems;
    }

    private PgTools pgTools(Path bin) {
        return pgTools.computeIfAbsent(bin == null ? DEFAULT_TOOLS : bin,
                key -> PgTools.locate(key == DEFAULT_TOOLS ? null : key));
    }

    private DataStoreSettings settings(String environment) {
        EnvironmentProperties.Environment configured = properties.environments().get(environment);
        if (configured == null) {
            throw new DataStoreConfigurationException("Environment '" + environment + "' is not configured: set"
                    + " releasegate.environments." + environment + " (install-root, data, health)");
        }
        if (configured.data() == null) {
            throw new DataStoreConfigurationException("releasegate.environments." + environment + ".data is not set");
        }
        return configured.data();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static <T> T required(T value, String key) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new DataStoreConfigurationException(key + " is not set");
        }
        return value;
    }
}
