package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dump folders of a database: a crash's leftovers go, a dump another copy still writes stays. */
class DumpFolderTest {

    @TempDir
    Path work;

    @Test
    void aLeftoverNobodyHoldsIsDeletedAndOneInUseIsKept() throws Exception {
        Path crashed = Files.createDirectories(work.resolve(".rg-dump-erp-0123456789abcdef"));
        Files.writeString(crashed.resolve("toc.dat"), "left by a crash");
        Files.writeString(work.resolve(".rg-dump-erp-0123456789abcdef.lock"), "");
        Path otherDatabase = Files.createDirectories(work.resolve(".rg-dump-erp2-0123456789abcdef"));

        try (DumpFolder first = DumpFolder.create(work, "erp")) {
            Files.createDirectories(first.path());
            Files.writeString(first.path().resolve("toc.dat"), "being written");
            assertThat(crashed).doesNotExist();
            assertThat(otherDatabase).as("another database's").exists();

            try (DumpFolder second = DumpFolder.create(work, "erp")) {
                assertThat(first.path().resolve("toc.dat")).as("another copy of the same database still dumps there")
                        .exists();
                assertThat(second.path()).isNotEqualTo(first.path());
            }
        }
        try (var left = Files.list(work)) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .containsExactly(".rg-dump-erp2-0123456789abcdef");
        }
    }
}
