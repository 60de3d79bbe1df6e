package org.releasegate.data;

import static org.releasegate.data.TestStores.command;
import static org.releasegate.data.TestStores.directory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.command.ChildChecks;

/** What a post-copy command sees of this JVM's environment: where the staged copy is, and no secret. */
class PostCopyCommandEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void postCopyCommandSeesTheStagedFolderAndNoSecretOfTheApplication() throws Exception {
        Path production = Files.createDirectories(dir.resolve("production/data"));
        Files.writeString(production.resolve("clients.csv"), "id;nom\n1;Dupont\n");
        Path seen = dir.resolve("post-copy-environment.txt");
        DataStores stores = new TestStores().with("production", directory(production, List.of()))
                .with("test", directory(dir.resolve("test/data"), List.of(command("sh", "-c", "env > '" + seen + "'"))))
                .build();

        stores.copy("production", "test");

        ChildChecks.assertSawOnly(Files.readString(seen), Set.of("RELEASEGATE_DATA_TYPE", "RELEASEGATE_DATA_DIR"));
    }
}
