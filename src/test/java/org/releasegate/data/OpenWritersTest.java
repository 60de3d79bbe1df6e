package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which processes hold a folder's files open for writing, as /proc tells (where it can tell). */
class OpenWritersTest {

    @TempDir
    Path work;

    private Path folder;
    private OpenWriters writers;

    @BeforeEach
    void folderWithAFile() throws Exception {
        folder = Files.createDirectories(work.resolve("data"));
        Files.write(folder.resolve("table.dat"), new byte[8192]);
        writers = OpenWriters.of(folder).orElse(null);
        assumeTrue(writers != null, "no /proc here");
    }

    private Map<OpenWriters.FileKey, String> files() throws Exception {
        Map<String, Object> attrs = Files.readAttributes(folder.resolve("table.dat"), "unix:dev,ino");
        return Map.of(new OpenWriters.FileKey((Long) attrs.get("dev"), (Long) attrs.get("ino")), "table.dat");
    }

    @Test
    void aFileOpenForReadingOnlyIsNoWriter() throws Exception {
        try (FileChannel reader = FileChannel.open(folder.resolve("table.dat"), StandardOpenOption.READ)) {
            assertThat(writers.scan(files()).writers()).isEmpty();
        }
    }

    @Test
    void aFileOpenForWritingIsNamedWithItsProcessWhicheverPathOpenedIt() throws Exception {
        // Through a hard link outside the folder: the same inode.
        Path link = Files.createLink(work.resolve("elsewhere.dat"), folder.resolve("table.dat"));
        try (FileChannel writer = FileChannel.open(link, StandardOpenOption.WRITE)) {
            assertThat(writers.scan(files()).writers()).singleElement().asString()
                    .matches("« table\\.dat » \\(processus " + ProcessHandle.current().pid() + " .+\\)");
        }
        assertThat(writers.scan(files()).writers()).isEmpty();
    }

    @Test
    void aSharedWritableMappingIsAWriterEvenOnceItsFileIsClosed() throws Exception {
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(folder.resolve("table.dat"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, 8192);
        }
        // Only the mapping holds the file now (the path in /proc/<pid>/maps is checked, and its device and inode).
        assertThat(writers.scan(files()).writers()).singleElement().asString().startsWith("« table.dat » (processus ");
        assertThat(writers.scan(Map.of()).writers()).as("by its path alone").singleElement().asString()
                .startsWith("« table.dat »");
        mapped.put(0, (byte) 1);
    }

    @Test
    void theDeviceIsEncodedAsJavaReadsIt() {
        assertThat(OpenWriters.encode(8, 1)).isEqualTo(0x801L);
        assertThat(OpenWriters.encode(259, 3)).isEqualTo(0x10303L);
    }
}
