package org.releasegate.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.releasegate.environment.EnvironmentProperties;
import org.releasegate.environment.EnvironmentProperties.DataStoreSettings;
import org.releasegate.environment.EnvironmentProperties.PostCopyScriptSettings;

/**
 * Builds {@link DataStores} from settings as {@code releasegate.environments.<name>.data} binds them; public for the
 * benchmarks.
 */
public final class TestStores {

    private final Map<String, EnvironmentProperties.Environment> environments = new LinkedHashMap<>();

    public TestStores with(String environment, DataStoreSettings data) {
        environments.put(environment, new EnvironmentProperties.Environment(null, data, null));
        return this;
    }

    /** An environment whose data store has folders beside it ({@code files}). */
    public TestStores with(String environment, DataStoreSettings data, EnvironmentProperties.FilesSettings... files) {
        environments.put(environment, new EnvironmentProperties.Environment(null, data, null, List.of(files)));
        return this;
    }

    /** An environment whose data this node's settings do not declare (reached through its agent, if one is). */
    public TestStores withoutData(String environment) {
        environments.put(environment, new EnvironmentProperties.Environment(null, null, null));
        return this;
    }

    public DataStores build() {
        return new DataStores(new EnvironmentProperties(environments), new FolderCopier());
    }

    /** As on the engine node: environments with an agent and no data settings reached through {@code remote}. */
    public DataStores build(RemoteData remote) {
        return new DataStores(new EnvironmentProperties(environments), new FolderCopier(), remote);
    }

    /** {@code data.type: agent}: reached through the environment's agent, with this node's data categories. */
    public static DataStoreSettings throughAgent() {
        return throughAgent(null, null);
    }

    /** {@code data.type: agent} with the user of production's database, for a scratch H2 file on this node. */
    public static DataStoreSettings throughAgent(String username, String password) {
        return new DataStoreSettings("agent", null, null, username, password, 2, null, null, "postgres", null,
                List.of(), List.of(), List.of());
    }

    public static DataStoreSettings postgres(String url, String username, String password,
                                      List<PostCopyScriptSettings> postCopy) {
        return new DataStoreSettings("postgresql", null, url, username, password, 2, null, null, "postgres", null, postCopy,
                List.of(), List.of());
    }

    public static DataStoreSettings h2(Path file, String username, String password, List<PostCopyScriptSettings> postCopy) {
        return new DataStoreSettings("h2", file, null, username, password, 2, null, null, "postgres", null, postCopy,
                List.of(), List.of());
    }

    public static DataStoreSettings directory(Path folder, List<PostCopyScriptSettings> postCopy) {
        return new DataStoreSettings("directory", folder, null, null, null, 2, null, null, "postgres", null, postCopy,
                List.of(), List.of());
    }

    /** A folder watched {@code settle} for writes once stopped. */
    public static DataStoreSettings directory(Path folder, Duration settle) {
        return new DataStoreSettings("directory", folder, null, null, null, 2, null, null, "postgres", null, List.of(),
                List.of(), List.of(), settle);
    }

    static PostCopyScriptSettings sql(Path file) {
        return new PostCopyScriptSettings(null, file, null, Duration.ofSeconds(30));
    }

    static PostCopyScriptSettings command(String... command) {
        return new PostCopyScriptSettings(null, null, List.of(command), Duration.ofSeconds(30));
    }
}
