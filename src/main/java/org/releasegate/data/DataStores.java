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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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

    private static final RemoteData NO_REMOTE_DATA = environment -> {
        throw new IOException("no other node's data is reached from here");
    };

    private final EnvironmentProperties properties;
    private final FolderCopier directoryCopier;
    private final RemoteData remote;
    private final Map<Path, PgTools> pgTools = new ConcurrentHashMap<>();

    /** Stores this node reaches itself only: no environment's data through an agent. */
    public DataStores(EnvironmentProperties properties, FolderCopier directoryCopier) {
        this(properties, directoryCopier, NO_REMOTE_DATA);
    }

    public DataStores(EnvironmentProperties properties, FolderCopier directoryCopier, RemoteData remote) {
        this.properties = properties;
        this.directoryCopier = directoryCopier;
        this.remote = remote;
    }

    /** @param remote the other nodes' data, where the application has them (not in a slice of it) */
    @Autowired
    DataStores(EnvironmentProperties properties, FolderCopier directoryCopier, ObjectProvider<RemoteData> remote) {
        this(properties, directoryCopier, remote.getIfAvailable(() -> NO_REMOTE_DATA));
    }

    /**
     * The store of environment {@code name}: on the engine node, for an environment an agent is declared for and
     * whose data its own settings do not declare ({@code data} absent, or {@code type: agent}), the store reached
     * through that agent; else the store the settings describe, reached directly.
     *
     * @throws DataStoreConfigurationException when the environment or its data settings are missing or wrong
     */
    public DataStore of(String environment) {
        Optional<String> agent = throughAgent(environment);
        if (agent.isPresent()) {
            EnvironmentProperties.Environment configured = properties.environments().get(environment);
            return new AgentStore(environment, agent.get(), remote, directoryCopier,
                    configured == null ? null : configured.data());
        }
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

    /**
     * Whether environment {@code name}'s data is cloned by its server in the production window rather than archived
     * there: a store that has server clones, unless the engine node, which takes the clone, reaches it through this
     * agent (it then archives the snapshot the agent streams).
     */
    public boolean clonedInServer(String environment) throws IOException {
        return of(environment).serverClones().isPresent() && !remote.reachedThroughThisNode(environment);
    }

    /**
     * The agent through which this node reaches {@code environment}'s data: one is declared for it, and this node's
     * settings do not declare the data (or declare it {@code type: agent}); empty when this node reaches it itself.
     *
     * @throws DataStoreConfigurationException for {@code type: agent} without an agent declared for the environment
     */
    public Optional<String> throughAgent(String environment) {
        EnvironmentProperties.Environment configured = properties.environments().get(environment);
        boolean declared = configured != null && configured.data() != null
                && !AgentStore.TYPE.equals(configured.data().type());
        if (declared) {
            return Optional.empty();
        }
        Optional<String> agent = remote.agentOf(environment);
        if (agent.isEmpty() && configured != null && configured.data() != null) {
            throw new DataStoreConfigurationException("releasegate.environments." + environment + ".data.type is '"
                    + AgentStore.TYPE + "', but no agent is declared for " + environment + " on this node"
                    + " (releasegate.agents)");
        }
        return agent;
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
        EnvironmentProperties.Environment configured = properties.environments().get(environment);
        return configured != null && configured.data() == null && remote.agentOf(environment).isPresent()
                ? DataStoreSettings.DEFAULT_SETTLE : settings(environment).settle();
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
     * Sends environment {@code name}'s data (only read) as a {@link FolderStream}, for a copy on another machine: a
     * single folder as it is, any other store as the snapshot it exports ({@link StreamedSnapshot}).
     *
     * @return what was sent
     */
    public Fingerprint send(String environment, OutputStream out) throws IOException {
        DataStore store = of(environment);
        return store instanceof DirectoryStore directory ? directory.send(out)
                : StreamedSnapshot.send(store, out);
    }

    /**
     * On an agent: answers the engine node's {@code operation} on environment {@code name}'s store (only read), in the
     * form the engine node's {@link AgentStore} reads.
     *
     * @return what was sent, for the log
     */
    public String answer(String environment, RemoteData.Operation operation, String argument, OutputStream out)
            throws IOException {
        if (operation == RemoteData.Operation.DATA) {
            return send(environment, out).summary();
        }
        return AgentStore.answer(environment, of(environment), operation, argument, out);
    }

    /**
     * Replaces environment {@code to}'s data with a copy arriving from another machine as a {@link FolderStream},
     * staged and checked as it arrives, then {@code to}'s post-copy scripts run on it, then swapped in. On any failure,
     * a stream cut or corrupted included, {@code to} keeps its data.
     *
     * @return what was copied (the source's content, before the scripts changed the copy)
     */
    public Fingerprint replaceWithStream(String to, InputStream stream) throws IOException {
        DataStore target = of(to);
        if (target instanceof DirectoryStore directory) {
            try (StagedData staged = directory.stageStream(stream)) {
                PostCopyScript.runAll(postCopyScripts(to), staged);
                staged.publish();
                return staged.fingerprint();
            }
        }
        return StreamedSnapshot.replace(target, stream, postCopyScripts(to), besideOf(target));
    }

    /**
     * Where what arrives for {@code environment}'s store from another node is received (a snapshot, the archives of a
     * restore): beside it, on its file system, or in its work folder for a database.
     */
    public Path besideOf(String environment) {
        return besideOf(of(environment));
    }

    /**
     * Where a snapshot arriving for {@code store} is received, or one it exports is written: beside it, or in its work
     * folder for a database.
     */
    static Path besideOf(DataStore store) {
        DataStore main = store instanceof CompositeStore set ? set.main() : store;
        if (main instanceof DirectoryStore directory) {
            return directory.folder().getParent();
        }
        if (main instanceof H2Store h2) {
            return h2.file().getParent();
        }
        if (main instanceof PostgresStore postgres && postgres.workDir() != null) {
            return postgres.workDir();
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
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
            if (settings.data() == null || AgentStore.TYPE.equals(settings.data().type())) {
                try {
                    throughAgent(environment);
                } catch (DataStoreConfigurationException e) {
                    problems.add(e.getMessage());
                }
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
