package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSwapTest {

    @TempDir
    Path dir;

    @Test
    void aSwapWhoseSecondRenameFailsPutsTheTargetBackAtOnce() throws IOException {
        Path target = Files.createDirectories(dir.resolve("data"));
        Files.writeString(target.resolve("clients.csv"), "id;nom\n");
        Path vanished = FolderSwap.newStaging(target);

        assertThatThrownBy(() -> FolderSwap.swap(vanished, target)).isInstanceOf(NoSuchFileException.class);

        assertThat(target.resolve("clients.csv")).hasContent("id;nom\n");
        try (Stream<Path> children = Files.list(dir)) {
            assertThat(children.map(p -> p.getFileName().toString())).containsExactly("data");
        }
    }
}
