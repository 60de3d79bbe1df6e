package org.releasegate.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;

/**
 * A data folder streamed source → relay → staged copy: whole and identical, or refused with nothing swapped in — cut
 * at any point, a byte changed on the way, a hostile path, a file changed at the source while it was sent.
 */
class FolderStreamTest {

    private static final FileTime LAST_YEAR = FileTime.from(Instant.parse("2024-03-01T10:15:30Z"));

    @TempDir
    Path dir;

    private final FolderCopier copier = new FolderCopier();

    @Test
    void aFolderSentThroughARelayIsStagedIdenticalWithItsModesAndTimesAndSwappedInOnlyOnPublish() throws IOException {
        Path source = sample(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        write(target.resolve("stale.txt"), "copie précédente");
        String targetBefore = tree(target);

        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        Fingerprint fromSource = FolderStream.write(source, sent);
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        Fingerprint throughRelay = FolderStream.relay(new ByteArrayInputStream(sent.toByteArray()), relayed);
        try (StagedCopy staged = copier.stageStream(new ByteArrayInputStream(relayed.toByteArray()), target)) {
            assertThat(tree(target)).as("untouched until published").isEqualTo(targetBefore);
            assertThat(Fingerprint.ofFiles(staged.report().files())).isEqualTo(fromSource).isEqualTo(throughRelay);
            staged.publish();
        }

        assertThat(relayed.toByteArray()).as("the relay passes the stream as it is").isEqualTo(sent.toByteArray());
        assertThat(FolderDigest.of(target)).isEqualTo(FolderDigest.of(source));
        assertThat(fromSource.sha256()).isEqualTo(tree(source));
        assertThat(target.resolve("empty")).isEmptyDirectory();
        assertThat(Files.getLastModifiedTime(target.resolve("tables/customers.dat"))).isEqualTo(LAST_YEAR);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("bin/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(target.resolve("tables"))).isEqualTo(LAST_YEAR);
        FolderSwap.awaitDiscarded(target);
        assertThat(siblings(target)).containsExactly("data");
    }

    @Test
    void theReplacedCopyIsDeletedAfterThePublishReturnsAndWhatACrashLeftIsDeletedByTheNextCopy() throws Exception {
        Path source = sample(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        write(target.resolve("stale.txt"), "copie précédente");
        CountDownLatch held = new CountDownLatch(1);
        // The deletions' one thread kept busy: the publish cannot be waiting for the deletion of the replaced copy.
        FolderSwap.DISCARDER.execute(() -> {
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (StagedCopy staged = copier.stageStream(streamOf(source), target)) {
            staged.publish();
        }
        assertThat(FolderDigest.of(target)).as("in place once publish returns").isEqualTo(FolderDigest.of(source));
        assertThat(siblings(target)).as("the replaced copy, set aside, not yet deleted").hasSize(2)
                .anyMatch(name -> name.matches("\\.data\\.discarded-[0-9a-f]{16}"));
        held.countDown();
        FolderSwap.awaitDiscarded(target);
        assertThat(siblings(target)).as("deleted after the publish").containsExactly("data");

        // A node killed after a swap, before the deletion ended: the next copy deletes what it left.
        write(dir.resolve("test/.data.discarded-0123456789abcdef/tables/half-deleted.dat"), "reste");
        write(dir.resolve("test/.data.previous-fedcba9876543210/stale.txt"), "copie précédente");
        try (StagedCopy staged = copier.stageStream(streamOf(source), target)) {
            assertThat(siblings(target)).as("cleaned before the next copy is staged").hasSize(2)
                    .contains("data").noneMatch(name -> name.contains(".discarded-") || name.contains(".previous-"));
            staged.publish();
        }
        FolderSwap.awaitDiscarded(target);
        assertThat(siblings(target)).containsExactly("data");

        // A folder being deleted is never put back, even when the target is missing.
        FileTrees.deleteRecursively(target);
        write(dir.resolve("test/.data.discarded-00112233445566aa/README"), "à moitié supprimé");
        FolderSwap.recoverLeftovers(target);
        assertThat(siblings(target)).isEmpty();
    }

    @Test
    void theRefusalsArePlainFrenchWithoutServerPathsAndTheirDetailIsForTheLog() throws IOException {
        Path target = dir.resolve("test/data");
        byte[] whole = streamOf(sample(dir.resolve("production"))).readAllBytes();
        byte[] corrupted = whole.clone();
        corrupted[corrupted.length / 2] ^= 0x01;

        assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(corrupted), target))
                .isInstanceOfSatisfying(TransferCorruptedException.class, refused -> {
                    assertThat(refused).hasMessage(Messages.text("transfer.stream.file-altered",
                            "tables/invoices.dat"));
                    assertThat(refused.detail()).hasValueSatisfying(detail -> assertThat(detail)
                            .contains("tables/invoices.dat arrived with SHA-256"));
                });
        byte[] cut = Arrays.copyOf(whole, 300);
        assertThatThrownBy(() -> FolderStream.relay(new ByteArrayInputStream(cut), OutputStream.nullOutputStream()))
                .hasMessage(Messages.text("transfer.stream.cut"));
        assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(hostile("../evil")), target))
                .isInstanceOfSatisfying(TransferCorruptedException.class, refused -> {
                    assertThat(refused).hasMessage(Messages.text("transfer.stream.malformed"));
                    assertThat(refused.detail()).hasValue("path refused in the stream: ../evil");
                });
        byte[] wrongEnd = whole.clone();
        wrongEnd[wrongEnd.length - 32 - 16 + 7] ^= 0x01;
        assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(wrongEnd), target))
                .isInstanceOf(TransferCorruptedException.class)
                .as("announced 5 files, 4 received").hasMessage(Messages.text("transfer.stream.totals-differ", 5, 4));
        assertThat(siblings(target)).isEmpty();
    }

    @Test
    void aStreamCutAnywhereIsRefusedAndLeavesTheTargetAsItWasWithNothingStaged() throws IOException {
        Path source = sample(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        write(target.resolve("old.txt"), "copie précédente");
        String targetBefore = tree(target);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        FolderStream.write(source, sent);
        byte[] whole = sent.toByteArray();

        // Cuts in the magic, in headers, in the middle of the big file, in a digest, in the end frame, just before EOF.
        for (int cut : new int[] {5, 40, 200, whole.length / 2, whole.length - 60, whole.length - 20,
                whole.length - 1}) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(part), target))
                    .as("cut at byte %d of %d", cut, whole.length).isInstanceOf(EOFException.class);
            assertThatThrownBy(() -> FolderStream.relay(new ByteArrayInputStream(part), OutputStream
                    .nullOutputStream())).isInstanceOf(EOFException.class);
            assertThat(tree(target)).isEqualTo(targetBefore);
            assertThat(siblings(target)).as("nothing staged left after a cut at %d", cut).containsExactly("data");
        }
    }

    @Test
    void aByteChangedOnTheWayStopsTheRelayBeforeThatFilesDigestAndTheCopyIsRefused() throws IOException {
        Path source = sample(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        FolderStream.write(source, sent);
        byte[] corrupted = sent.toByteArray();
        int middle = corrupted.length / 2;
        corrupted[middle] ^= 0x01;

        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FolderStream.relay(new ByteArrayInputStream(corrupted), relayed))
                .isInstanceOf(TransferCorruptedException.class).hasMessageContaining("tables/invoices.dat");
        assertThat(relayed.size()).as("what went on stops before the bad file's digest")
                .isLessThan(corrupted.length - 32);
        assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(relayed.toByteArray()), target))
                .as("what the relay let through is refused downstream").isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(corrupted), target))
                .isInstanceOf(TransferCorruptedException.class);
        assertThat(target).doesNotExist();
        assertThat(siblings(target)).isEmpty();
    }

    @Test
    void aHostileStreamCannotWriteOutsideItsStagingFolder() throws IOException {
        Path target = dir.resolve("test/data");
        for (String path : List.of("../evil", "a/../../evil", "/etc/evil", "a\\..\\evil", "", "./x", "nofolder/x")) {
            byte[] stream = hostile(path);
            assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(stream), target)).as(path)
                    .isInstanceOf(TransferCorruptedException.class);
        }
        try (Stream<Path> everything = Files.walk(dir)) {
            assertThat(everything.filter(Files::isRegularFile)).as("nothing written anywhere").isEmpty();
        }
        assertThat(siblings(target)).isEmpty();
    }

    @Test
    void aFileChangedAtTheSourceWhileItIsSentIsRefusedAsTheLocalCopyRefusesIt() throws IOException {
        Path source = sample(dir.resolve("production"));
        Path target = dir.resolve("test/data");
        Path writtenMeanwhile = source.resolve("tables/invoices.dat");
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        OutputStream writerAtWork = new OutputStream() {
            private boolean touched;

            @Override
            public void write(int b) {
                sent.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                sent.write(bytes, offset, length);
                if (!touched && sent.size() > 1_000_000) {
                    touched = true;
                    Files.write(writtenMeanwhile, new byte[] {42}, StandardOpenOption.APPEND);
                }
            }
        };

        String reason = Messages.text("data.copy.file-changed", "tables/invoices.dat");
        assertThatThrownBy(() -> FolderStream.write(source, writerAtWork))
                .isInstanceOfSatisfying(DataCopyVerificationException.class, refused -> {
                    assertThat(refused).hasMessage(reason);
                    assertThat(refused.detail()).as("the source's log has the file's place")
                            .hasValueSatisfying(detail -> assertThat(detail).contains(writtenMeanwhile.toString()));
                });
        assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(sent.toByteArray()), target))
                .as("the receiver is told why, as a local copy says it, without the source's server path")
                .isInstanceOf(DataCopyVerificationException.class).hasMessage(reason);
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FolderStream.relay(new ByteArrayInputStream(sent.toByteArray()), relayed))
                .isInstanceOf(DataCopyVerificationException.class).hasMessage(reason);
        assertThatThrownBy(() -> copier.stageStream(new ByteArrayInputStream(relayed.toByteArray()), target))
                .as("the relay passes the source's reason on before it stops")
                .isInstanceOf(DataCopyVerificationException.class).hasMessage(reason);
        assertThat(siblings(target)).isEmpty();
    }

    private static ByteArrayInputStream streamOf(Path source) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        FolderStream.write(source, sent);
        return new ByteArrayInputStream(sent.toByteArray());
    }

    private static byte[] hostile(String path) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(FolderStream.MAGIC);
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        out.writeByte('F');
        out.writeShort(name.length);
        out.write(name);
        out.writeInt(0644);
        out.writeLong(0);
        out.writeLong(1);
        out.writeByte('x');
        out.writeByte('S');
        out.write(FolderDigest.newSha256().digest(new byte[] {'x'}));
        return bytes.toByteArray();
    }

    private static Path sample(Path root) throws IOException {
        write(root.resolve("README"), "hello");
        write(root.resolve("tables/customers.dat"), "customers");
        Files.setLastModifiedTime(root.resolve("tables/customers.dat"), LAST_YEAR);
        byte[] big = new byte[3_000_000];
        new SplittableRandom(7).nextBytes(big);
        Files.write(root.resolve("tables/invoices.dat"), big);
        write(root.resolve("bin/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(root.resolve("empty"));
        Files.setLastModifiedTime(root.resolve("tables"), LAST_YEAR);
        return root;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String tree(Path folder) throws IOException {
        return FolderDigest.treeSha256(FolderDigest.of(folder));
    }

    private static List<String> siblings(Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(target.getParent())) {
            return children.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
