package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRetentionTest {

    private static final ArchivesInUse NOTHING_IN_USE = new ArchivesInUse(Set.of(), Set.of(), Set.of());

    @TempDir
    Path root;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2025-06-01T08:00:00Z"));
    private ArchiveStore store;

    @BeforeEach
    void createStore() {
        store = new ArchiveStore(root, clock, new ObjectMapper());
    }

    @Test
    void keepsTheNewestOfEachKindAndDeletesTheRest() throws Exception {
        create("data-1", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("installer-1.0", ArchiveKind.INSTALLER, "1.0");
        create("data-2", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("installer-1.1", ArchiveKind.INSTALLER, "1.1");
        create("data-3", ArchiveKind.PRODUCTION_DATA, "1.1");
        create("installer-1.2", ArchiveKind.INSTALLER, "1.2");

        assertThat(new ArchiveRetention(store, 2, () -> NOTHING_IN_USE).apply())
                .extracting(Archive::id).containsExactly("data-1", "installer-1.0");

        assertThat(store.list()).extracting(Archive::id)
                .containsExactly("data-2", "installer-1.1", "data-3", "installer-1.2");
        assertThat(ArchiveStoreTest.children(root)).as("deleted for good, no leftover")
                .containsExactlyInAnyOrder("data-2", "installer-1.1", "data-3", "installer-1.2");
    }

    @Test
    void neverDeletesAnArchiveInUse() throws Exception {
        create("data-named-by-a-release", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("production-data-1.0-task-7", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("data-unused", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("installer-0.9-a", ArchiveKind.INSTALLER, "0.9");
        create("installer-0.9-b", ArchiveKind.INSTALLER, "0.9");
        create("installer-1.0", ArchiveKind.INSTALLER, "1.0");
        create("installer-1.1", ArchiveKind.INSTALLER, "1.1");
        create("data-latest", ArchiveKind.PRODUCTION_DATA, "1.1");
        ArchivesInUse inUse = new ArchivesInUse(Set.of("data-named-by-a-release"), Set.of("task-7"), Set.of("0.9"));

        assertThat(new ArchiveRetention(store, 1, () -> inUse).apply())
                .extracting(Archive::id).containsExactly("data-unused", "installer-0.9-a", "installer-1.0");

        assertThat(store.list()).extracting(Archive::id).containsExactly("data-named-by-a-release",
                "production-data-1.0-task-7", "installer-0.9-b", "installer-1.1", "data-latest");
    }

    @Test
    void theLatestDataArchiveIsKeptWhateverTheCount() throws Exception {
        create("data-1", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("installer-1", ArchiveKind.INSTALLER, "1.0");
        create("installer-2", ArchiveKind.INSTALLER, "1.0");

        new ArchiveRetention(store, 1, () -> NOTHING_IN_USE).apply();

        assertThat(store.list()).extracting(Archive::id).containsExactly("data-1", "installer-2");
    }

    @Test
    void keepLastZeroKeepsEverythingAndANegativeCountIsRefused() throws Exception {
        create("data-1", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("data-2", ArchiveKind.PRODUCTION_DATA, "1.0");

        ArchiveRetention off = new ArchiveRetention(store, 0, () -> {
            throw new AssertionError("not even asked");
        });
        assertThat(off.enabled()).isFalse();
        assertThat(off.apply()).isEmpty();
        assertThat(store.list()).hasSize(2);
        assertThatThrownBy(() -> new ArchiveRetention(store, -1, () -> NOTHING_IN_USE))
                .hasMessageContaining("keep-last");
    }

    @Test
    void whenWhatIsInUseCannotBeReadNothingIsDeleted() throws Exception {
        create("data-1", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("data-2", ArchiveKind.PRODUCTION_DATA, "1.0");
        ArchiveRetention retention = new ArchiveRetention(store, 1, () -> {
            throw new IllegalStateException("engine unreachable");
        });

        assertThatThrownBy(retention::apply).hasMessage("engine unreachable");
        retention.applyAfterArchiving();

        assertThat(store.list()).hasSize(2);
    }

    @Test
    void unreadableArchivesAreNeverDeletedAndInterruptedDeletionsAreFinished() throws Exception {
        Archive unreadable = create("data-1", ArchiveKind.PRODUCTION_DATA, "1.0");
        Files.writeString(unreadable.folder().resolve("manifest.json"), "{ damaged");
        create("data-2", ArchiveKind.PRODUCTION_DATA, "1.0");
        create("data-3", ArchiveKind.PRODUCTION_DATA, "1.0");
        Files.createDirectories(root.resolve(".del-data-0-0123456789abcdef/half"));

        assertThat(new ArchiveRetention(store, 1, () -> NOTHING_IN_USE).apply())
                .extracting(Archive::id).containsExactly("data-2");

        assertThat(ArchiveStoreTest.children(root)).containsExactlyInAnyOrder("data-1", "data-3");
    }

    @Test
    void workFoldersOfStepsNoLongerRunningAreDeletedAndTheOthersKept() throws Exception {
        create("data-1", ArchiveKind.PRODUCTION_DATA, "1.0");
        Instant twoHoursAgo = clock.instant().minus(Duration.ofHours(2));
        workFolder(".tmp-production-data-1.0-task-dead-0123456789abcdef", twoHoursAgo);
        workFolder(".scratch-task-dead", twoHoursAgo);
        workFolder(".tmp-production-data-1.0-task-9-0123456789abcdef", twoHoursAgo);
        workFolder(".scratch-task-9", twoHoursAgo);
        workFolder(".tmp-installer-1.0-demo-0123456789abcdef", clock.instant().minusSeconds(60));
        ArchivesInUse inUse = new ArchivesInUse(Set.of(), Set.of("task-9"), Set.of());

        new ArchiveRetention(store, 5, () -> inUse).apply();

        assertThat(ArchiveStoreTest.children(root)).containsExactlyInAnyOrder("data-1",
                ".tmp-production-data-1.0-task-9-0123456789abcdef", ".scratch-task-9",
                ".tmp-installer-1.0-demo-0123456789abcdef");
    }

    private void workFolder(String name, Instant modified) throws IOException {
        Path folder = Files.createDirectories(root.resolve(name));
        Files.writeString(folder.resolve("half"), "half");
        Files.setLastModifiedTime(folder, java.nio.file.attribute.FileTime.from(modified));
    }

    private Archive create(String id, ArchiveKind kind, String version) throws IOException {
        clock.step(Duration.ofMinutes(1));
        return store.create(id, kind, version, "test", files -> Files.writeString(files.resolve("f"), id));
    }
}
