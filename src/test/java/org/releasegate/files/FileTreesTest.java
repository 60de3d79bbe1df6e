package org.releasegate.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void fsyncRecursivelyForcesATreeOfManyFilesOnSeveralThreadsAndLeavesItAsItWas() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tree"));
        for (int i = 0; i < 200; i++) {
            Path folder = Files.createDirectories(root.resolve("d" + i % 7).resolve("e" + i % 3));
            Files.writeString(folder.resolve("f" + i + ".txt"), "content " + i);
        }
        Files.createDirectories(root.resolve("empty"));
        var before = FolderDigest.of(root);

        FileTrees.fsyncRecursively(root);

        assertThat(FolderDigest.of(root)).isEqualTo(before).hasSize(200);
    }

    @Test
    void fsyncRecursivelyOfASingleFileOrAnEmptyFolderWorksAndOfAMissingOneFails() throws Exception {
        Path file = Files.writeString(dir.resolve("one.txt"), "one");
        FileTrees.fsyncRecursively(file);
        FileTrees.fsyncRecursively(Files.createDirectories(dir.resolve("empty")));

        assertThatThrownBy(() -> FileTrees.fsyncRecursively(dir.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aLinkInATreeIsRefusedInFrenchByItsNameWithItsServerPathInTheLogDetailOnly() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("production/data"));
        Path link = Files.createSymbolicLink(folder.resolve("clients.csv"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> FileTrees.requireDirectory(link))
                .isInstanceOfSatisfying(UnsupportedFileTypeException.class, refused -> {
                    assertThat(refused.getMessage()).startsWith("« clients.csv » est un lien symbolique")
                            .doesNotContain(dir.toString());
                    assertThat(refused.detail()).hasValueSatisfying(detail -> assertThat(detail).contains(link.toString()));
                });
    }
}
