package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;
import org.releasegate.files.UnsupportedFileTypeException;

class FolderCopierTest {

    private static final FileTime LAST_YEAR = FileTime.from(Instant.parse("2024-03-01T10:15:30Z"));

    @TempDir
    Path dir;

    private final FolderCopier store = new FolderCopier();

    @Test
    void copyReplacesTargetWithSourceAndLeavesSourceByteIdentical() throws IOException {
        Path source = sampleData(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        write(target.resolve("stale.txt"), "left from the previous copy");
        String sourceTreeBefore = FolderDigest.treeSha256(store.digest(source));

        CopyReport report = store.copy(source, target);

        assertThat(FolderDigest.treeSha256(store.digest(source))).isEqualTo(sourceTreeBefore);
        assertThat(store.digest(target)).isEqualTo(store.digest(source));
        assertThat(target.resolve("stale.txt")).doesNotExist();
        assertThat(target.resolve("empty-folder")).isEmptyDirectory();
        assertThat(Files.getLastModifiedTime(target.resolve("tables/customers.dat"))).isEqualTo(LAST_YEAR);
        assertThat(report.fileCount()).isEqualTo(3);
        assertThat(report.totalBytes()).isEqualTo(5 + 9 + 3_000_000);
        assertThat(report.treeSha256()).isEqualTo(sourceTreeBefore);
        assertThat(report.files()).extracting(FileDigest::path)
                .containsExactly("README", "tables/customers.dat", "tables/invoices.dat");
        assertThat(siblingsOf(target)).containsExactly("data");
    }

    @Test
    void aTreeOfManyFilesIsCopiedWholeWithItsModesAndTimes() throws IOException {
        Path source = dir.resolve("production");
        for (int i = 0; i < 300; i++) {
            Path file = source.resolve("pieces/" + (2020 + i % 6) + "/" + (1 + i % 12) + "/FAC-" + i + ".csv");
            Files.createDirectories(file.getParent());
            byte[] content = new byte[(i * 7919) % 300_000];
            java.util.Arrays.fill(content, (byte) i);
            Files.write(file, content);
            Files.setLastModifiedTime(file, FileTime.fromMillis(LAST_YEAR.toMillis() + i * 1000L));
        }
        Path script = source.resolve("bin/purge.sh");
        write(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(source.resolve("pieces/2021"), LAST_YEAR);
        Path target = dir.resolve("test/data");

        CopyReport report = store.copy(source, target);

        assertThat(store.digest(target)).isEqualTo(store.digest(source));
        assertThat(report.files()).isEqualTo(store.digest(source));
        assertThat(report.fileCount()).isEqualTo(301);
        assertThat(Files.getLastModifiedTime(target.resolve("pieces/2020/1/FAC-0.csv"))).isEqualTo(LAST_YEAR);
        assertThat(Files.getLastModifiedTime(target.resolve("pieces/2025/12/FAC-299.csv")))
                .isEqualTo(Files.getLastModifiedTime(source.resolve("pieces/2025/12/FAC-299.csv")));
        assertThat(Files.getLastModifiedTime(target.resolve("pieces/2021"))).isEqualTo(LAST_YEAR);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target.resolve("bin/purge.sh")))).isEqualTo("rwxr-x---");
    }

    @Test
    void copyIntoMissingTargetCreatesItsParents() throws IOException {
        Path source = sampleData(dir.resolve("production"));
        Path target = dir.resolve("a/b/c/data");

        store.copy(source, target);

        assertThat(store.digest(target)).isEqualTo(store.digest(source));
    }

    @Test
    void copyDeletesStagingAndPreviousFoldersLeftByADeadAttempt() throws IOException {
        Path source = sampleData(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        write(target.resolve("old.txt"), "old");
        write(dir.resolve("test/.data.staging-0123456789abcdef/half.dat"), "half a copy");
        write(dir.resolve("test/.data.previous-fedcba9876543210/older.txt"), "an older copy");
        write(dir.resolve("test/.other.staging-0123456789abcdef/keep.txt"), "belongs to another target");

        store.copy(source, target);

        assertThat(siblingsOf(target)).containsExactlyInAnyOrder("data", ".other.staging-0123456789abcdef");
        assertThat(store.digest(target)).isEqualTo(store.digest(source));
    }

    @Test
    void previousFolderIsPutBackWhenADeadSwapLeftTheTargetMissing() throws IOException {
        Path source = sampleData(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        write(dir.resolve("test/.data.previous-0123456789abcdef/last-complete.txt"), "last complete copy");
        write(dir.resolve("test/.data.staging-fedcba9876543210/half.dat"), "half a copy");

        try (StagedCopy staged = store.stage(source, target)) {
            assertThat(target.resolve("last-complete.txt")).hasContent("last complete copy");
            assertThat(staged.dir()).isDirectory();
        }

        assertThat(target.resolve("last-complete.txt")).hasContent("last complete copy");
        assertThat(siblingsOf(target)).containsExactly("data");
    }

    @Test
    void stagedCopyOfATargetOntoItselfIsPublishedOnlyWhenAsked() throws IOException {
        Path data = sampleData(dir.resolve("data"));
        List<FileDigest> before = store.digest(data);

        try (StagedCopy staged = store.stage(data, data)) {
            write(staged.dir().resolve("README"), "changed");
        }
        assertThat(store.digest(data)).isEqualTo(before);

        try (StagedCopy staged = store.stage(data, data)) {
            write(staged.dir().resolve("README"), "changed");
            staged.publish();
        }
        assertThat(data.resolve("README")).hasContent("changed");
        assertThat(siblingsOf(data)).containsExactly("data");
    }

    @Test
    void symbolicLinkInSourceIsRefusedAndTargetKept() throws IOException {
        Path source = sampleData(dir.resolve("production"));
        write(dir.resolve("secret.txt"), "outside the data folder");
        Files.createSymbolicLink(source.resolve("tables/link.dat"), dir.resolve("secret.txt"));
        Path target = dir.resolve("test/data");
        write(target.resolve("old.txt"), "old");

        assertThatThrownBy(() -> store.copy(source, target))
                .isInstanceOf(UnsupportedFileTypeException.class)
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("link.dat");

        assertThat(target.resolve("old.txt")).hasContent("old");
        assertThat(siblingsOf(target)).containsExactly("data");
    }

    @Test
    void sourceNamedThroughASymbolicLinkIsCopied() throws IOException {
        Path source = sampleData(dir.resolve("disk/production"));
        Path link = Files.createSymbolicLink(dir.resolve("production"), source);

        store.copy(link, dir.resolve("test/data"));

        assertThat(store.digest(dir.resolve("test/data"))).isEqualTo(store.digest(source));
    }

    @Test
    void targetThatIsASymbolicLinkIsRefusedAndKept() throws IOException {
        Path source = sampleData(dir.resolve("production"));
        Path real = dir.resolve("disk/test-data");
        write(real.resolve("old.txt"), "old");
        Path target = Files.createSymbolicLink(dir.resolve("test-data"), real);

        assertThatThrownBy(() -> store.copy(source, target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");

        assertThat(Files.isSymbolicLink(target)).isTrue();
        assertThat(real.resolve("old.txt")).hasContent("old");
    }

    @Test
    void sourceModifiedDuringTheCopyIsDetectedAndTargetKept() throws IOException {
        Path source = sampleData(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        write(target.resolve("old.txt"), "old");
        FolderCopier racedStore = new FolderCopier(copied -> {
            if (copied.endsWith("customers.dat")) {
                Files.writeString(copied, " and more", StandardOpenOption.APPEND);
            }
        });

        assertThatThrownBy(() -> racedStore.copy(source, target))
                .isInstanceOf(DataCopyVerificationException.class)
                .hasMessage("Le fichier « tables/customers.dat » des données a changé pendant leur copie : quelque chose "
                        + "les écrit encore. Rien n'a été remplacé ; arrêtez ce qui les écrit, puis relancez l'étape.")
                .satisfies(refused -> assertThat(((DataCopyVerificationException) refused).detail())
                        .as("its place on the server, for the log only")
                        .hasValueSatisfying(detail -> assertThat(detail).contains(source.toString())));

        assertThat(target.resolve("old.txt")).hasContent("old");
        assertThat(siblingsOf(target)).containsExactly("data");
    }

    @Test
    void treeDigestIsTheSha256OfSortedPathAndHashLines() throws IOException {
        Path folder = dir.resolve("folder");
        write(folder.resolve("b.txt"), "b");
        write(folder.resolve("a/z.txt"), "z");

        List<FileDigest> digests = store.digest(folder);

        assertThat(digests).extracting(FileDigest::path).containsExactly("a/z.txt", "b.txt");
        String lines = "a/z.txt\t" + sha256("z") + "\n" + "b.txt\t" + sha256("b") + "\n";
        assertThat(FolderDigest.treeSha256(digests)).isEqualTo(sha256(lines));
        assertThat(FolderDigest.treeSha256(List.of(digests.get(1), digests.get(0))))
                .isEqualTo(FolderDigest.treeSha256(digests));
    }

    private static Path sampleData(Path folder) throws IOException {
        write(folder.resolve("README"), "hello");
        write(folder.resolve("tables/customers.dat"), "customers");
        Files.setLastModifiedTime(folder.resolve("tables/customers.dat"), LAST_YEAR);
        byte[] big = new byte[3_000_000]; // spans several copy buffers
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(folder.resolve("tables/invoices.dat"), big);
        Files.createDirectories(folder.resolve("empty-folder"));
        return folder;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> siblingsOf(Path path) throws IOException {
        try (Stream<Path> siblings = Files.list(path.getParent())) {
            return siblings.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String sha256(String text) {
        return FolderDigest.hex(FolderDigest.newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
